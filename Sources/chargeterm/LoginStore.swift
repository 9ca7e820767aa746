import ChargeCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The opt-in saved sign-in of `chargeterm login`: the refresh token per endpoint, in
/// `$XDG_STATE_HOME/chargeterm/login.json`, mode 0600, written atomically.
///
/// The token rotates on every use (the server revokes the old one, and ends the whole
/// sign-in when an old one comes back), so each command saves the new one at once, under
/// a lock (`login.lock`) that keeps two commands from using the same token.
struct LoginStore {
    let directory: URL
    var file: URL { directory.appendingPathComponent("login.json") }
    private var lockFile: URL { directory.appendingPathComponent("login.lock") }

    /// The key of an endpoint: its URL, or one name for the embedded sandbox (whose port changes).
    static func key(endpoint: URL?) -> String { endpoint?.absoluteString ?? "embedded-sandbox" }

    struct Entry: Codable {
        var username: String?
        var refreshToken: String
        var savedAt: String
        enum CodingKeys: String, CodingKey {
            case username
            case refreshToken = "refresh_token"
            case savedAt = "saved_at"
        }
    }

    private struct Contents: Codable {
        var version = 1
        var logins: [String: Entry] = [:]
    }

    private func readAll() throws -> Contents {
        guard FileManager.default.fileExists(atPath: file.path) else { return Contents() }
        let read = try ProtectedFile.read(file.path, what: "the saved login", holdsSecrets: true)
        if let w = read.warning { FileHandle.standardError.write(Data("chargeterm: \(w)\n".utf8)) }
        guard let contents = try? JSONDecoder().decode(Contents.self, from: Data(read.text.utf8)) else {
            throw CLIFailure(.signIn, "The saved login \(file.path) is damaged; run `chargeterm logout` and `chargeterm login` again.")
        }
        return contents
    }

    func entry(for key: String) throws -> Entry? { try readAll().logins[key] }

    /// Saves (or with nil removes) the entry of `key`; the file is replaced atomically and
    /// is created owner-only.
    func set(_ entry: Entry?, for key: String) throws {
        var contents = try readAll()
        contents.logins[key] = entry
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(contents)
        let temp = directory.appendingPathComponent(".login.json.\(getpid())")
        unlink(temp.path)
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CLIFailure(.failed, "Cannot write \(temp.path) (\(String(cString: strerror(errno)))).") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        guard rename(temp.path, file.path) == 0 else {
            unlink(temp.path)
            throw CLIFailure(.failed, "Cannot save the login in \(file.path) (\(String(cString: strerror(errno)))).")
        }
    }

    /// Runs `body` holding the lock (other chargeterm commands wait for it).
    func locked<T>(_ body: () async throws -> T) async throws -> T {
        let fd = open(lockFile.path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CLIFailure(.failed, "Cannot open \(lockFile.path) (\(String(cString: strerror(errno)))).") }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        return try await body()
    }

    static func now() -> String {
        ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withInternetDateTime])
    }
}
