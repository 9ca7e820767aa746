import ChargeCore
import Foundation

/// The embedded sandbox as the client knows it: a `chargeterm-sandbox` child process
/// (`SandboxChild`) and its public demo account. The client does not link ChargeSandbox
/// (PERFORMANCE.md, P5); the app and the scripting subcommands start it through here.
enum EmbeddedSandbox {
    /// The sandbox's public demo account and centre (the same values as `Sandbox.demoUser`
    /// etc. in ChargeSandbox; the sandbox's own tests pin them there).
    static let demoUser = "demo-user", demoPassword = "demo-user-password"
    static let defaultPosition = GeoPoint(latitude: 47.8095, longitude: 13.0550)

    struct Settings: Sendable {
        var stations = 3000
        var speed: Double = 1
        var hostileNames = false
        /// Where the seeded database is cached; nil keeps it in memory (kiosk mode).
        var cacheDirectory: URL?
        /// Where the child's messages (seeding progress among them) go; nil discards them.
        var logPath: String?

        var arguments: [String] {
            var out = ["--stations", String(stations), "--speed", String(speed)]
            if hostileNames { out.append("--hostile-names") }
            if let cacheDirectory { out += ["--cache-dir", cacheDirectory.path] }
            return out
        }
    }

    /// A started sandbox: where it listens and how to stop it.
    struct Running: Sendable {
        let child: SandboxChild
        let graphQLURL: URL
        let baseURL: URL
        let psk: String
        let auth0ClientId: String

        /// The client's view of it: its URL, its PSK and its Auth0 stand-in.
        func endpoint(language: String) -> EndpointConfiguration {
            EndpointConfiguration(
                graphQLURL: graphQLURL,
                psk: Secret(psk),
                auth0: Auth0Settings(domain: baseURL, clientId: auth0ClientId),
                language: language
            )
        }

        func stop() async { await child.stop() }
    }

    /// Starts the child (seeding on first use) and waits until it announces where it
    /// listens; `started` gets the process at once, so a caller quitting meanwhile can stop it.
    static func start(_ settings: Settings, started: @Sendable (SandboxChild) async -> Void = { _ in }) async throws -> Running {
        let (child, announced) = try await SandboxChild.launch(arguments: settings.arguments, logPath: settings.logPath, started: started)
        guard let graphQL = URL(string: announced.graphQLURL), let base = URL(string: announced.baseURL) else {
            await child.stop()
            throw SandboxChild.LaunchError(message: "chargeterm-sandbox announced an address that is not a URL.")
        }
        return Running(child: child, graphQLURL: graphQL, baseURL: base, psk: announced.psk, auth0ClientId: announced.auth0ClientId)
    }
}
