import Foundation
import GRDB
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The local stand-in of the be.ENERGISED API: the same schema over real HTTP, real SQLite
/// data, simulated chargers. The app embeds it when no endpoint is given; every test talks
/// to it; `chargeterm sandbox` serves it on its own.
public final class Sandbox: Sendable {
    public static let demoUser = "demo-user", demoPassword = "demo-user-password"
    public static let noContractUser = "demo-nocontract", noContractPassword = "demo-nocontract-password"
    public static let otherUser = "demo-other", otherPassword = "demo-other-password"
    /// Salzburg's centre: the embedded app's default position.
    public static let defaultPosition = (latitude: 47.8095, longitude: 13.0550)
    /// Bump to re-seed cached database files.
    public static let dataVersion = SandboxDatabase.dataVersion

    public let configuration: SandboxConfiguration
    let services: SandboxServices
    let devices = DeviceAuthorizations()
    let faults: FaultState
    private let logger: Logger
    private let state = LockedState()

    private final class LockedState: @unchecked Sendable {
        let lock = NSLock()
        var port: Int?
        var task: Task<Void, any Error>?
        var group: ServiceGroup?
    }

    /// Opens (or creates and seeds) the database. Seeding happens only for a new database.
    public init(configuration: SandboxConfiguration, logger: Logger = Logger(label: "chargeterm.sandbox")) async throws {
        self.configuration = configuration
        self.logger = logger
        let db = try SandboxDatabase(path: configuration.databasePath)
        let seeded = try await db.queue.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'seeded'") } != nil
        if !seeded {
            let seeder = Seeder(
                stationCount: configuration.stationCount,
                seed: configuration.seed,
                now: configuration.clock.now(),
                passwordRounds: configuration.passwordHashRounds,
                progress: configuration.seedingProgress
            )
            try await db.queue.write { db in
                try seeder.seed(db)
                if configuration.hostileNames { try HostileNames.apply(db, near: Sandbox.defaultPosition) }
                let tag = "\(configuration.seed)/\(configuration.stationCount)\(configuration.hostileNames ? "/hostile" : "")"
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('seeded', ?)", arguments: [tag])
            }
            configuration.seedingProgress?(configuration.stationCount, configuration.stationCount)
        }
        services = SandboxServices(db: db, config: configuration)
        faults = FaultState(configuration.faults, seed: configuration.faultSeed ?? configuration.seed)
    }

    /// The file name a cached database should have for these settings (seed, size, data version).
    public static func cacheFileName(seed: UInt64, stationCount: Int, hostileNames: Bool = false) -> String {
        "sandbox-v\(dataVersion)-seed\(seed)-n\(stationCount)\(hostileNames ? "-hostile" : "").sqlite"
    }

    public var port: Int { state.lock.withLock { state.port ?? configuration.port } }
    public var baseURL: URL {
        var c = URLComponents()
        c.scheme = "http"
        c.host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        c.port = port
        // A host that makes no URL was refused at bind time; loopback is the only sane fallback.
        return c.url ?? URL(fileURLWithPath: "/")
    }
    public var graphQLURL: URL { baseURL.appendingPathComponent("graphql/") }
    public var psk: String { configuration.psks.first ?? "" }
    public var auth0ClientId: String { configuration.auth0ClientIds.first ?? "chargeterm" }

    /// Binds and serves in the background; returns once the port is listening.
    public func start() async throws {
        guard configuration.hostIsLoopback || configuration.allowNonLoopback else {
            throw SandboxStartError(
                message:
                    "Refusing to listen on \(configuration.host): it is reachable from other machines, and the sandbox's key and demo passwords are public. Use 127.0.0.1, or pass --allow-non-loopback if you mean it."
            )
        }
        let schema = try SandboxSchema.make(services: services)
        let router = Router(context: SandboxRequestContext.self)
        let routes = SandboxRoutes(
            services: services,
            schema: schema,
            devices: devices,
            faults: faults,
            faultExemptToken: configuration.faultExemptToken,
            baseURL: { [weak self] in self?.baseURL.absoluteString ?? "" }
        )
        routes.register(on: router)
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "chargeterm-sandbox"),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? 0)
                boundContinuation.finish()
            },
            logger: logger
        )
        // A service group without signal handling: the owner (app, test, subcommand) decides
        // when to stop, and stopping is graceful (in-flight answers finish).
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], logger: logger))
        let task = Task { try await group.run() }
        state.lock.withLock {
            state.task = task
            state.group = group
        }
        let watchdog = Task {
            // If run() fails before binding (port in use), end the wait.
            _ = await task.result
            boundContinuation.finish()
        }
        var port: Int?
        for await p in bound {
            port = p
            break
        }
        watchdog.cancel()
        guard let port, port > 0 else {
            if case .failure(let error) = await task.result { throw error }
            throw SandboxStartError(message: "The sandbox could not listen on \(configuration.host):\(configuration.port).")
        }
        state.lock.withLock { state.port = port }
    }

    /// Stops serving. Safe to call twice.
    public func stop() async {
        let (task, group) = state.lock.withLock { () -> (Task<Void, any Error>?, ServiceGroup?) in
            defer {
                state.task = nil
                state.group = nil
            }
            return (state.task, state.group)
        }
        await group?.triggerGracefulShutdown()
        _ = await task?.result
    }

    /// Approve a device-code sign-in as `username` (default: the demo user), as the /activate form does.
    public func approveDevice(userCode: String, username: String = Sandbox.demoUser) async throws {
        let uid = try await services.db.queue.read {
            try String.fetchOne($0, sql: "SELECT uid FROM user WHERE username = ?", arguments: [username])
        }
        guard let uid, devices.decide(userCode: userCode, approveAs: uid, now: services.now) else {
            throw SandboxStartError(message: "No pending device code \(userCode).")
        }
    }

    /// Deny a device-code sign-in.
    public func denyDevice(userCode: String) async throws {
        guard devices.decide(userCode: userCode, approveAs: nil, now: services.now) else {
            throw SandboxStartError(message: "No pending device code \(userCode).")
        }
    }

    /// Benchmark probe: one `cpsPaged` page (R*Tree prefilter + haversine + page records)
    /// and the same page by a full scan. Returns (indexed total, scan total).
    public func benchmarkPage(
        latitude: Double,
        longitude: Double,
        radiusKm: Double,
        limit: Int,
        fullScan: Bool,
        openNow: Bool = false
    ) throws -> Int {
        var q = StationSearch.StationQuery()
        q.lat = latitude
        q.lon = longitude
        q.radius = radiusKm
        q.limit = limit
        q.openNow = openNow
        let page = try services.stations.search(q, fullScan: fullScan)
        return Int((page["pagination"] as? Record)?["totalCount"] as? Int ?? -1)
    }

    /// Switch faults on or off while running.
    public func setFaults(_ faults: SandboxFaults) async { await self.faults.set(faults) }
}

/// A sandbox operation that failed, with a message for a person.
public struct SandboxStartError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
