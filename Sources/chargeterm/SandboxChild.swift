import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The embedded sandbox as a child process: `chargeterm-sandbox`, installed beside
/// `chargeterm`, started when no endpoint is given.
///
/// Why a process of its own: the client's address space no longer holds the server
/// (Hummingbird, GraphQL, GRDB/SQLite), which a kiosk talking to a real tenant never runs,
/// and the client's binary and memory shrink by it (PERFORMANCE.md, P5).
///
/// Its life is bound to the app's on every exit path: the app holds the write end of a
/// pipe on the child's standard input, so the child sees end-of-file and stops when the app
/// quits, is killed (even by SIGKILL) or crashes; on a normal exit the app also sends
/// SIGTERM and reaps it (`stop`). The child runs in its own process group, so a Ctrl-C or
/// hang-up meant for the app reaches the app, which then stops the child in order.
final class SandboxChild: @unchecked Sendable {
    /// What the child announces on its standard output (`AppAnnouncement` in
    /// Sources/chargeterm-sandbox/AppLink.swift).
    struct Announcement: Decodable, Sendable {
        var graphQLURL: String
        var baseURL: String
        var psk: String
        var auth0ClientId: String
    }

    struct LaunchError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The executable's name, looked for in the directory of the running `chargeterm`.
    static let executableName = "chargeterm-sandbox"
    static let announcementPrefix = "chargeterm-sandbox-for-app "

    let pid: pid_t
    private let lock = NSLock()
    private var stdinWrite: Int32
    private var stdoutRead: Int32
    private var reaped = false

    private init(pid: pid_t, stdinWrite: Int32, stdoutRead: Int32) {
        self.pid = pid
        self.stdinWrite = stdinWrite
        self.stdoutRead = stdoutRead
    }

    /// `chargeterm-sandbox` beside this executable (symbolic links resolved).
    static func executablePath() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent(executableName).path
    }

    /// Starts the child with `arguments` (after `serve --for-app --port 0`), its standard
    /// error appended to `logPath` (or discarded), hands it to `started` at once (so an app
    /// quitting meanwhile can stop it), and waits up to `timeout` seconds for it to
    /// announce where it listens.
    static func launch(
        arguments: [String],
        logPath: String?,
        timeout: Double = 120,
        started: @Sendable (SandboxChild) async -> Void
    ) async throws -> (SandboxChild, Announcement) {
        let path = executablePath()
        guard access(path, X_OK) == 0 else {
            throw LaunchError(
                message: "\(executableName) was not found beside chargeterm (\(path)). Install both files together, or give --endpoint."
            )
        }
        let child = try spawn(path: path, arguments: ["serve", "--for-app", "--port", "0"] + arguments, logPath: logPath)
        await started(child)
        do {
            let announcement = try await child.readAnnouncement(timeout: timeout, logPath: logPath)
            return (child, announcement)
        } catch {
            await child.stop()
            throw error
        }
    }

    private static func spawn(path: String, arguments: [String], logPath: String?) throws -> SandboxChild {
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        guard pipe(&input) == 0 else {
            throw LaunchError(message: "Cannot start \(executableName): pipe: \(String(cString: strerror(errno)))")
        }
        guard pipe(&output) == 0 else {
            close(input[0])
            close(input[1])
            throw LaunchError(message: "Cannot start \(executableName): pipe: \(String(cString: strerror(errno)))")
        }
        // Not inherited by anything else the app may start (the child gets them as 0 and 1).
        for fd in input + output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, logPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (terminal signals are the app's to handle), no signal
        // blocked, and the signals the app ignores or handles back at their defaults.
        var none = sigset_t()
        var defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for sig in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGUSR1, SIGUSR2, SIGALRM, SIGWINCH, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU] {
            sigaddset(&defaults, sig)
        }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executableName] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        close(input[0])
        close(output[1])
        guard rc == 0 else {
            close(input[1])
            close(output[0])
            throw LaunchError(message: "Cannot start \(path): \(String(cString: strerror(rc)))")
        }
        return SandboxChild(pid: pid, stdinWrite: input[1], stdoutRead: output[0])
    }

    /// Reads the child's standard output until its announcement line, on a thread of its
    /// own (a blocking read must not hold one of the few cooperative threads).
    private func readAnnouncement(timeout: Double, logPath: String?) async throws -> Announcement {
        let fd = lock.withLock { stdoutRead }
        let pid = self.pid
        let where_ = logPath.map { "; see \($0)" } ?? ""
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Announcement, any Error>) in
            Thread {
                let deadline = Date().addingTimeInterval(timeout)
                var pending = Data()
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let left = deadline.timeIntervalSinceNow
                    guard left > 0 else {
                        continuation.resume(
                            throwing: LaunchError(
                                message: "\(Self.executableName) did not say it was ready within \(Int(timeout)) s\(where_)."
                            )
                        )
                        return
                    }
                    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    let ready = poll(&p, 1, Int32(min(left, 1) * 1000))
                    if ready < 0 && errno == EINTR { continue }
                    if ready == 0 { continue }
                    let n = read(fd, &buffer, buffer.count)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 {
                        var status: Int32 = 0
                        let ended = waitpid(pid, &status, WNOHANG) == pid
                        let how =
                            ended
                            ? (status & 0x7f == 0 ? "with status \((status >> 8) & 0xff)" : "by signal \(status & 0x7f)") : "its output"
                        continuation.resume(
                            throwing: LaunchError(message: "\(Self.executableName) ended (\(how)) before it was ready\(where_).")
                        )
                        return
                    }
                    pending.append(contentsOf: buffer[0..<n])
                    while let newline = pending.firstIndex(of: 0x0A) {
                        let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                        pending.removeSubrange(pending.startIndex...newline)
                        guard line.hasPrefix(Self.announcementPrefix) else { continue }
                        do {
                            let a = try JSONDecoder().decode(
                                Announcement.self,
                                from: Data(line.dropFirst(Self.announcementPrefix.count).utf8)
                            )
                            continuation.resume(returning: a)
                        } catch {
                            continuation.resume(
                                throwing: LaunchError(
                                    message:
                                        "\(Self.executableName) announced itself in a form this chargeterm does not read (\(error)); install matching versions."
                                )
                            )
                        }
                        return
                    }
                }
            }.start()
        }
    }

    /// Stops the child: closes its standard input, sends SIGTERM, waits up to `grace`
    /// seconds, then SIGKILL; always reaps it. Safe to call more than once.
    func stop(grace: Double = 2) async {
        let (input, output, done) = lock.withLock { () -> (Int32, Int32, Bool) in
            defer {
                stdinWrite = -1
                stdoutRead = -1
            }
            return (stdinWrite, stdoutRead, reaped)
        }
        if input >= 0 { close(input) }
        guard !done else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        if output >= 0 { close(output) }
        lock.withLock { reaped = true }
    }
}

/// `chargeterm sandbox …` runs `chargeterm-sandbox …` (same arguments), so scripts and
/// habits that used the subcommand keep working now that the server is its own executable.
struct SandboxForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve the local stand-in of the API (runs chargeterm-sandbox; see chargeterm-sandbox --help)."
    )

    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    func run() throws { try Self.exec(arguments) }

    /// Replaces this process with `chargeterm-sandbox ARGUMENTS`; returns only by throwing.
    static func exec(_ arguments: [String]) throws {
        let path = SandboxChild.executablePath()
        let argv = ([SandboxChild.executableName] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        throw ValidationError("Cannot run \(path): \(String(cString: strerror(errno))). Install chargeterm-sandbox beside chargeterm.")
    }

    /// Called before argument parsing, so `chargeterm sandbox --help` is the server's help.
    static func forwardIfAsked(_ argv: [String]) {
        guard argv.count >= 2, argv[1] == "sandbox" else { return }
        do { try exec(Array(argv.dropFirst(2))) } catch {
            FileHandle.standardError.write(Data("chargeterm: \(error)\n".utf8))
            Glibc.exit(2)
        }
    }
}
