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

    public static func with<T: Sendable>(_ configuration: SandboxConfiguration = configuration(), _ body: (Sandbox) async throws -> T) async throws -> T {
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
        EndpointConfiguration(graphQLURL: sandbox.graphQLURL, psk: Secret(sandbox.psk),
                              auth0: Auth0Settings(domain: sandbox.baseURL, clientId: sandbox.auth0ClientId), requestTimeout: 10,
                              livePollSeconds: 1)  // tests watch a few polls; the app polls every 5 s
    }

    /// A signed-in client for the demo user (or another).
    public static func signedInClient(_ sandbox: Sandbox, username: String = Sandbox.demoUser, password: String = Sandbox.demoPassword,
                                      transport: (any HTTPTransport)? = nil, attemptPollInterval: Double = 0.05) async throws -> ChargeClient {
        var logger = Logger(label: "core.test")
        logger.logLevel = .critical
        let client = try ChargeClient(configuration: endpoint(sandbox), logger: logger, transport: transport, attemptPollInterval: attemptPollInterval)
        try await client.signIn(username: username, password: Secret(password))
        return client
    }
}
