import ChargeCore
import ChargeSandbox
import Foundation
import Logging

/// Starts a sandbox on a free loopback port for one test and always stops it.
///
/// Test settings: in-memory data, a small station set, cheap password hashing (debug builds
/// are slow) and a fast simulation.
public enum SandboxHarness {
    public static func configuration(stations: Int = 600, speed: Double = 50) -> SandboxConfiguration {
        var c = SandboxConfiguration()
        c.port = 0
        c.databasePath = nil
        c.stationCount = stations
        c.speed = speed
        c.passwordHashRounds = 1000
        return c
    }

    /// At most this many sandboxes run at once in a test process. Swift Testing starts every
    /// test together; dozens of sandboxes seeding and answering at once on two cores made
    /// requests miss their 60 s deadline (whole-suite runs under load: 11 failures, each
    /// passing alone). Waiting here is cheap; a starved request is a false failure.
    static let slots = TestSlots(3)

    public static func with<T: Sendable>(
        _ configuration: SandboxConfiguration = configuration(),
        _ body: (Sandbox) async throws -> T
    ) async throws -> T {
        await slots.acquire()
        defer { Task { await slots.release() } }
        var logger = Logger(label: "sandbox.test")
        logger.logLevel = .critical
        let sandbox = try await Sandbox(configuration: configuration, logger: logger)
        try await sandbox.start()
        do {
            let result = try await body(sandbox)
            await sandbox.stop()
            return result
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    /// Client settings for a sandbox: its PSK and its emulated Auth0.
    public static func endpoint(_ sandbox: Sandbox) -> EndpointConfiguration {
        EndpointConfiguration(
            graphQLURL: sandbox.graphQLURL,
            psk: Secret(sandbox.psk),
            auth0: Auth0Settings(domain: sandbox.baseURL, clientId: sandbox.auth0ClientId),
            requestTimeout: 10,
            livePollSeconds: 1
        )  // tests watch a few polls; the app polls every 5 s
    }

    /// A signed-in client for the demo user (or another).
    public static func signedInClient(
        _ sandbox: Sandbox,
        username: String = Sandbox.demoUser,
        password: String = Sandbox.demoPassword,
        transport: (any HTTPTransport)? = nil,
        attemptPollInterval: Double = 0.05
    ) async throws -> ChargeClient {
        var logger = Logger(label: "core.test")
        logger.logLevel = .critical
        let client = try ChargeClient(
            configuration: endpoint(sandbox),
            logger: logger,
            transport: transport,
            attemptPollInterval: attemptPollInterval
        )
        try await client.signIn(username: username, password: Secret(password))
        return client
    }
}

/// A counting semaphore for async tests (FIFO).
public actor TestSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(_ count: Int) { free = count }

    public func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
