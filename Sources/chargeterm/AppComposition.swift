import ChargeCore
import ChargeViewModels
import Foundation
import Logging

/// What one run of the app is made of: the core's services (a real tenant, or the embedded
/// sandbox started behind the sign-in form), the view model's settings, and what to stop
/// at exit. `RunCommand` reads the configuration and runs the terminal; this puts the parts
/// together.
@MainActor
struct AppComposition {
    /// Everything the composition depends on, already resolved.
    struct Config {
        var client: ClientConfig
        var language: Language
        /// Where favourites and the log go (nil in kiosk mode: nothing on disk).
        var stateDirectory: URL?
        /// Where the embedded sandbox keeps its seeded database (nil: in memory).
        var cacheDirectory: URL?
        var sandboxStations: Int
        var sandboxSpeed: Double
        var sandboxHostileNames: Bool
        var logger: Logger
    }

    let viewModel: AppViewModel
    let services: DeferredServices
    let sandbox: SandboxBox?

    /// Fails (with a message for the user) on a configuration the core refuses, e.g. a
    /// plain-http endpoint, before the screen is taken over.
    static func build(config: Config) throws -> AppComposition {
        let resolved = config.client
        let language = config.language
        let logger = config.logger
        let services: DeferredServices
        var settings = AppSettings(language: language, radiusKm: resolved.radiusKm, stateDirectory: config.stateDirectory)
        if let k = resolved.kiosk {
            settings.kiosk = KioskSettings(
                idleSeconds: k.idleMinutes * 60,
                verifyPin: { pin in AdminPin.verify(pin, against: k.adminPinHash) }
            )
        }
        var sandboxBox: SandboxBox?

        if let url = resolved.endpoint {
            let endpoint = EndpointConfiguration(
                graphQLURL: url,
                psk: resolved.psk,
                auth0: resolved.auth0,
                allowInsecure: resolved.insecure,
                language: language.code
            )
            let client = try ChargeClient(configuration: endpoint, logger: logger)
            services = DeferredServices(supportsDeviceSignIn: resolved.auth0 != nil, supportsPasswordSignIn: resolved.psk != nil) { client }
            settings.position = resolved.position
        } else {
            // The embedded default: the sandbox on a free loopback port, its data cached
            // (in memory in kiosk mode, where nothing is written to disk).
            let box = SandboxBox()
            sandboxBox = box
            let child = EmbeddedSandbox.Settings(
                stations: config.sandboxStations,
                speed: config.sandboxSpeed,
                hostileNames: config.sandboxHostileNames,
                cacheDirectory: config.cacheDirectory,
                logPath: config.stateDirectory?.appendingPathComponent("sandbox.log").path
            )
            services = DeferredServices(supportsDeviceSignIn: true, supportsPasswordSignIn: true) {
                let sandbox = try await EmbeddedSandbox.start(child) { await box.set($0) }
                logger.info("embedded sandbox (pid \(sandbox.child.pid)) at \(sandbox.baseURL.absoluteString)")
                return try ChargeClient(configuration: sandbox.endpoint(language: language.code), logger: logger)
            }
            settings.position = resolved.position ?? EmbeddedSandbox.defaultPosition
            settings.signInHint = (EmbeddedSandbox.demoUser, EmbeddedSandbox.demoPassword)
        }

        let viewModel = AppViewModel(
            services: AppServices(auth: services, stations: services, charging: services),
            settings: settings,
            time: SystemTimeSource()
        )
        return AppComposition(viewModel: viewModel, services: services, sandbox: sandboxBox)
    }

    /// At exit: the sandbox first (a child still starting is stopped rather than waited
    /// for), then the client's connections (a stuck start cannot hang quitting).
    func shutdown() async {
        await sandbox?.stop()
        if let client = try? await withTimeout(seconds: 1, { [services] in try await services.client() }) { await client.shutdown() }
    }
}

/// Holds the embedded sandbox's process once it has started, so the app can stop it at
/// exit. A child that announces itself after `stop` is stopped at once.
actor SandboxBox {
    private var child: SandboxChild?
    private var stopped = false
    func set(_ c: SandboxChild) async {
        child = c
        if stopped { await c.stop() }
    }
    func stop() async {
        stopped = true
        await child?.stop()
    }
}

/// Runs `work`, giving up after `seconds` (used at exit so a stuck start cannot hang quitting).
func withTimeout<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
            throw CancellationError()
        }
        guard let first = try await group.next() else { throw CancellationError() }
        group.cancelAll()
        return first
    }
}
