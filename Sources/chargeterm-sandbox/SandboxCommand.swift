import ArgumentParser
import ChargeSandbox
import Foundation
import Logging

/// `chargeterm-sandbox` (also reached as `chargeterm sandbox`): serves the local stand-in of
/// the API until SIGINT/SIGTERM, or until the app that started it goes (`--for-app`).
@main
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chargeterm-sandbox",
        abstract: "Serve the local stand-in of the be.ENERGISED API (GraphQL over HTTP).",
        subcommands: [Serve.self, Approve.self],
        defaultSubcommand: Serve.self
    )

    /// Serve the sandbox.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the sandbox (the default).")

        @Option(help: "Address to listen on (loopback by default; anything else needs --allow-non-loopback).") var host = "127.0.0.1"
        @Flag(help: "Allow --host to be reachable from other machines (the sandbox's key and demo passwords are public).")
        var allowNonLoopback = false
        @Option(help: "Port (0 picks a free one).") var port = 4000
        @Option(help: ArgumentHelp("SQLite file, or :memory:.", valueName: "file")) var db = ":memory:"
        @Option(
            help: ArgumentHelp(
                "Keep the database in this directory, in a file named after the data set (instead of --db).",
                valueName: "dir"
            )
        )
        var cacheDir: String?
        @Flag(
            help: ArgumentHelp(
                "Started by chargeterm: announce the endpoint as one JSON line and stop when standard input closes.",
                visibility: .hidden
            )
        )
        var forApp = false
        @Option(help: "Number of stations to seed (new databases only).") var stations = 3000
        @Option(help: "Seed of the generated data set.") var seed: UInt64 = 1
        @Flag(
            help:
                "Test data: the six stations nearest Salzburg's centre get names with control, bidi, zero-width, CJK and emoji characters."
        )
        var hostileNames = false
        @Option(help: "Speed factor of the charging simulation.") var speed: Double = 1
        @Option(
            help: ArgumentHelp(
                "Serve this SDL file instead of the reference schema: a tenant whose schema differs (for `chargeterm doctor`).",
                valueName: "file"
            )
        )
        var schema: String?
        @Option(
            help: ArgumentHelp(
                "File whose first line is the pre-shared key to accept (or set CHARGETERM_SANDBOX_PSK; default sandbox-psk-0000).",
                valueName: "path"
            )
        )
        var pskFile: String?
        @Flag(help: "Read the pre-shared key from the first line of standard input.") var pskStdin = false
        @Option(help: "Session token lifetime in seconds.") var sessionTtl: Double = 3600
        @Option(help: "Auth0 access token lifetime in seconds.") var accessTokenTtl: Double = 3600
        @Option(help: ArgumentHelp("Added latency per request, seconds, as MIN-MAX (e.g. 0-5).", valueName: "range")) var faultLatency:
            String?
        @Option(help: "Share of requests answered 500/502/503 (0-1).") var faultServerErrors: Double = 0
        @Option(help: "Share of connections dropped without an answer (0-1).") var faultDrops: Double = 0
        @Option(help: "Share of malformed answers (0-1).") var faultMalformed: Double = 0
        @Option(help: "Share of 429 answers (0-1).") var faultRateLimited: Double = 0
        @Option(help: "Retry-After seconds for 429 answers.") var faultRetryAfter: Double = 1
        @Option(
            help: ArgumentHelp("Seed of the fault sequence (which request gets which fault and delay; default: --seed).", valueName: "n")
        )
        var faultSeed: UInt64?
        @Option(
            help: ArgumentHelp("Requests with the header X-Fault-Exempt: TOKEN skip the faults (a soak's observer).", valueName: "token")
        )
        var faultExemptToken: String?

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535.") }
            guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".:-".contains($0) }) else {
                throw ValidationError("--host must be a host name or IP address, e.g. 127.0.0.1.")
            }
            var probe = SandboxConfiguration()
            probe.host = host
            guard probe.hostIsLoopback || allowNonLoopback else {
                throw ValidationError(
                    "--host \(host) is reachable from other machines, and the sandbox's key and demo passwords are public. Add --allow-non-loopback if you mean it."
                )
            }
            guard (1...2_000_000).contains(stations) else { throw ValidationError("--stations must be 1…2000000.") }
            guard speed.isFinite, speed > 0, speed <= 10_000 else { throw ValidationError("--speed must be > 0 and ≤ 10000.") }
            guard sessionTtl > 0, accessTokenTtl > 0 else { throw ValidationError("TTLs must be positive.") }
            for (name, v) in [
                ("--fault-server-errors", faultServerErrors), ("--fault-drops", faultDrops), ("--fault-malformed", faultMalformed),
                ("--fault-rate-limited", faultRateLimited),
            ] {
                guard (0...1).contains(v) else { throw ValidationError("\(name) must be a share between 0 and 1.") }
            }
            if let faultLatency, Self.parseRange(faultLatency) == nil {
                throw ValidationError("--fault-latency must look like 0-5 (seconds).")
            }
        }

        static func parseRange(_ s: String) -> ClosedRange<Double>? {
            let parts = s.split(separator: "-").compactMap { Double($0) }
            if parts.count == 1, parts[0] >= 0 { return parts[0]...parts[0] }
            guard parts.count == 2, parts[0] >= 0, parts[0] <= parts[1] else { return nil }
            return parts[0]...parts[1]
        }

        func run() async throws {
            // Stop with the app however it ends (its end of standard input closes even on
            // SIGKILL), also while the database is still being opened or seeded.
            let signals = TerminationSignals()
            if forApp { ParentWatch.stopWhenStandardInputCloses() }
            var config = SandboxConfiguration()
            config.host = host
            config.port = port
            config.databasePath = db == ":memory:" ? nil : db
            if let cacheDir {
                config.databasePath =
                    URL(fileURLWithPath: cacheDir)
                    .appendingPathComponent(Sandbox.cacheFileName(seed: seed, stationCount: stations, hostileNames: hostileNames)).path
            }
            config.stationCount = stations
            config.seed = seed
            config.hostileNames = hostileNames
            config.speed = speed
            if let schema {
                guard let sdl = try? String(contentsOfFile: (schema as NSString).expandingTildeInPath, encoding: .utf8) else {
                    throw ValidationError("Cannot read the schema file \(schema).")
                }
                config.schemaSDL = sdl
            }
            // A million stations take half a minute: a live line on a terminal, else a line every 5 s.
            config.seedingProgress = SeedingProgress.standardError().callback
            let givenPSK = try SecretSource.read(
                file: pskFile,
                stdin: pskStdin,
                environment: "CHARGETERM_SANDBOX_PSK",
                what: "pre-shared key"
            )
            if let givenPSK { config.psks = [givenPSK] }
            // A key of one's own is not printed; the default one is public anyway.
            let shownPSK = givenPSK == nil ? config.psks.first ?? "" : "(the one given)"
            config.allowNonLoopback = allowNonLoopback
            if !config.hostIsLoopback {
                FileHandle.standardError.write(
                    Data(
                        """
                        WARNING: listening on \(host), reachable from other machines. The sandbox's key and demo passwords are public, \
                        and its traffic is plain http. Use it only on a network you trust.

                        """.utf8
                    )
                )
            }
            config.sessionTTL = sessionTtl
            config.accessTokenTTL = accessTokenTtl
            config.faults = SandboxFaults(
                latency: faultLatency.flatMap(Self.parseRange),
                serverErrorRate: faultServerErrors,
                dropRate: faultDrops,
                malformedRate: faultMalformed,
                rateLimitRate: faultRateLimited,
                retryAfter: faultRetryAfter
            )
            config.faultSeed = faultSeed
            config.faultExemptToken = faultExemptToken
            var logger = Logger(label: "chargeterm.sandbox")
            logger.logLevel = .warning
            let started = Date()
            let sandbox: Sandbox
            do {
                sandbox = try await Sandbox(configuration: config, logger: logger)
                try await sandbox.start()
            } catch {
                FileHandle.standardError.write(Data("chargeterm: the sandbox did not start: \(error)\n".utf8))
                throw ExitCode(schema != nil ? 64 : 5)  // chargeterm's ExitStatus: usage, unavailable (README)
            }
            signals.serve()
            FileHandle.standardOutput.write(
                Data(
                    """
                    chargeterm sandbox listening on \(sandbox.baseURL.absoluteString) (ready in \(Int(Date().timeIntervalSince(started) * 1000)) ms)
                      GraphQL:   \(sandbox.graphQLURL.absoluteString)
                      PSK:       \(shownPSK)
                      Auth0:     domain \(sandbox.baseURL.absoluteString), client id \(sandbox.auth0ClientId); approve codes at \(sandbox.baseURL.absoluteString)/activate
                      Sign in:   \(Sandbox.demoUser) / \(Sandbox.demoPassword)   (no contract: \(Sandbox.noContractUser) / \(Sandbox.noContractPassword))
                      Try:       chargeterm --endpoint \(sandbox.graphQLURL.absoluteString) (with CHARGETERM_PSK=\(shownPSK))
                    Stop with Ctrl-C.

                    """.utf8
                )
            )
            if forApp {
                // What the app needs, in one line it can parse.
                FileHandle.standardOutput.write(try AppAnnouncement(sandbox).line())
            }
            await signals.wait()
            await sandbox.stop()
            print("chargeterm sandbox stopped.")
        }
    }

    /// Approve (or deny) a device-code sign-in on a running sandbox.
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Approve a device-code sign-in on a running sandbox."
        )

        @Argument(help: "The code the app shows, e.g. BCDF-GHJK.") var code: String
        @Option(help: "Base URL of the running sandbox.") var url = "http://127.0.0.1:4000"
        @Option(help: "Approve as this user.") var username = "demo-user"
        @Option(
            help: ArgumentHelp(
                "File whose first line is that user's password (or set CHARGETERM_SANDBOX_PASSWORD; the demo user's is the default).",
                valueName: "path"
            )
        )
        var passwordFile: String?
        @Flag(help: "Read that user's password from the first line of standard input.") var passwordStdin = false
        @Flag(help: "Deny instead of approving.") var deny = false

        func run() async throws {
            guard let endpoint = URL(string: url)?.appendingPathComponent("activate") else { throw ValidationError("--url must be a URL.") }
            func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
            let given = try SecretSource.read(
                file: passwordFile,
                stdin: passwordStdin,
                environment: "CHARGETERM_SANDBOX_PASSWORD",
                what: "password"
            )
            guard let password = given ?? (username == Sandbox.demoUser ? Sandbox.demoPassword : nil) else {
                throw ValidationError(
                    "Give \(username)'s password with --password-file, --password-stdin or CHARGETERM_SANDBOX_PASSWORD (never on the command line, where ps shows it)."
                )
            }
            let form = "user_code=\(enc(code))&username=\(enc(username))&password=\(enc(password))&decision=\(deny ? "deny" : "approve")"
            let body = try await HTTPPost.send(url: endpoint, form: form)
            if body.contains("Approved") || body.contains("Denied") {
                print(deny ? "Denied \(code)." : "Approved \(code) as \(username).")
            } else if body.contains("Too many failed") {
                throw ValidationError("Too many failed attempts for \(username) at \(url); wait a minute and try again.")
            } else {
                throw ValidationError(
                    "Not approved: the code \(code) is unknown or expired at \(url), or the password for \(username) is wrong."
                )
            }
        }
    }
}

/// Where a subcommand takes a secret from: a file, standard input or an environment
/// variable, never an argument (arguments show in `ps` to every user of the machine).
enum SecretSource {
    /// The first line of the chosen source, or nil when none was given.
    static func read(file: String?, stdin: Bool, environment name: String, what: String) throws -> String? {
        let text: String?
        if let file {
            let path = (file as NSString).expandingTildeInPath
            guard let t = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("Cannot read the \(what) file \(file).")
            }
            text = t
        } else if stdin {
            text = readLine(strippingNewline: true)
        } else {
            text = ProcessInfo.processInfo.environment[name]
        }
        guard let text else { return nil }
        let line = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !line.isEmpty else { throw ValidationError("The \(what) given is empty.") }
        return line
    }
}
