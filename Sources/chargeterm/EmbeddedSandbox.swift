import ChargeCore
import ChargeSandbox
import Foundation
import Logging

/// Starting the embedded sandbox, the endpoint used when none is configured. The app and the
/// scripting subcommands both come through here, so the way it starts (today in-process)
/// can change in one place.
enum EmbeddedSandbox {
    struct Settings: Sendable {
        var stations = 3000
        var speed: Double = 1
        var hostileNames = false
        /// Where the seeded database is cached; nil keeps it in memory (kiosk mode).
        var cacheDirectory: URL?
        /// Seeding progress of a new database (stations done, total).
        var progress: (@Sendable (Int, Int) -> Void)?
    }

    /// Opens (seeding on first use) and starts the sandbox on a free loopback port.
    static func start(_ settings: Settings, logger: Logger) async throws -> Sandbox {
        var config = SandboxConfiguration()
        config.port = 0
        config.stationCount = settings.stations
        config.speed = settings.speed
        config.hostileNames = settings.hostileNames
        config.seedingProgress = settings.progress
        config.databasePath = settings.cacheDirectory?
            .appendingPathComponent(Sandbox.cacheFileName(seed: config.seed, stationCount: settings.stations, hostileNames: settings.hostileNames)).path
        let sandbox = try await Sandbox(configuration: config, logger: logger)
        try await sandbox.start()
        return sandbox
    }

    /// The client's view of a started sandbox: its URL, its PSK and its Auth0 stand-in.
    static func endpoint(for sandbox: Sandbox, language: String) -> EndpointConfiguration {
        EndpointConfiguration(graphQLURL: sandbox.graphQLURL, psk: Secret(sandbox.psk),
                              auth0: Auth0Settings(domain: sandbox.baseURL, clientId: sandbox.auth0ClientId),
                              language: language)
    }
}

/// Shows seeding progress: on a terminal one line that updates in place, otherwise a line
/// at most every 5 s (a log or CI output stays short; a quick seed prints nothing).
final class SeedingProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let live: Bool
    private let write: @Sendable (String) -> Void
    private var lastPercent = -1
    private var lastLine: Date?
    private let started = Date()

    /// To standard error: live when it is a terminal.
    static func standardError() -> SeedingProgress {
        SeedingProgress(live: isatty(STDERR_FILENO) == 1) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    init(live: Bool, write: @escaping @Sendable (String) -> Void) {
        self.live = live
        self.write = write
    }

    /// The callback for `SandboxConfiguration.seedingProgress`.
    var callback: @Sendable (Int, Int) -> Void { { [self] done, total in report(done: done, total: total) } }

    func report(done: Int, total: Int) {
        lock.withLock {
            let percent = total > 0 ? min(100, done * 100 / total) : 100
            let elapsed = String(format: "%.1f", Date().timeIntervalSince(started))
            if live {
                guard percent != lastPercent else { return }
                lastPercent = percent
                let end = done >= total ? "\n" : ""
                write("\r\u{1B}[KSeeding the sandbox: \(done) of \(total) stations (\(percent)%, \(elapsed) s)\(end)")
            } else {
                let now = Date()
                if done >= total {
                    guard lastLine != nil else { return }
                } else {
                    guard now.timeIntervalSince(lastLine ?? started) >= 5 else { return }
                }
                lastLine = now
                write("Seeding the sandbox: \(done) of \(total) stations (\(percent)%, \(elapsed) s)\n")
            }
        }
    }
}
