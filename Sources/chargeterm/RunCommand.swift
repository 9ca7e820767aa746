import ArgumentParser
import ChargeCore
import ChargeSandbox
import ChargeTUI
import ChargeViewModels
import Foundation
import Logging

/// Runs the full-screen app (the default subcommand).
///
/// With no `--endpoint`, the embedded sandbox is started on a free loopback port and the
/// sign-in form is opened with the demo user filled in. With `--endpoint`, the app talks to
/// a real tenant with the PSK and/or Auth0 settings given.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the app (the default).",
        discussion: """
            Without --endpoint the app starts its embedded sandbox (a local stand-in of the API) \
            and you can sign in as demo-user / demo-user-password.
            """
    )

    @Option(name: .long, help: ArgumentHelp("GraphQL endpoint of a real tenant, e.g. https://TENANT.v2.api.htb.services/graphql/", valueName: "url"))
    var endpoint: String?

    @Option(name: .long, help: ArgumentHelp("File holding the application's pre-shared key (or set CHARGETERM_PSK).", valueName: "path"))
    var pskFile: String?

    @Option(name: .long, help: ArgumentHelp("Auth0 domain for device-code sign-in, e.g. https://TENANT.eu.auth0.com", valueName: "url"))
    var auth0Domain: String?

    @Option(name: .long, help: ArgumentHelp("Auth0 client id for device-code sign-in.", valueName: "id"))
    var auth0ClientId: String?

    @Option(name: .long, help: ArgumentHelp("Auth0 API audience, if the tenant needs one.", valueName: "audience"))
    var auth0Audience: String?

    @Flag(name: .long, help: "Allow plain http:// to a host other than this machine.")
    var insecure = false

    @Option(name: .long, help: ArgumentHelp("Where you are, as latitude,longitude (e.g. 47.8095,13.0550).", valueName: "lat,lon"))
    var position: String?

    @Option(name: .long, help: ArgumentHelp("Search radius in km: 1, 2, 5, 10, 25 or 50.", valueName: "km"))
    var radius: Double = 5

    @Option(name: .long, help: ArgumentHelp("Language: en or de (default: from LANG).", valueName: "code"))
    var lang: String?

    @Flag(name: .long, help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(name: .long, help: "Plain ASCII lines instead of line-drawing characters.")
    var ascii = false

    @Option(name: .long, help: ArgumentHelp("Embedded sandbox: simulation speed factor.", valueName: "x"))
    var sandboxSpeed: Double = 1

    @Option(name: .long, help: ArgumentHelp("Embedded sandbox: number of stations to seed.", valueName: "n"))
    var sandboxStations: Int = 3000

    static let radiusSteps: [Double] = [1, 2, 5, 10, 25, 50]

    func validate() throws {
        if let endpoint {
            guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw ValidationError("--endpoint must be an http(s) URL, e.g. https://TENANT.v2.api.htb.services/graphql/")
            }
        } else if pskFile != nil || auth0Domain != nil || auth0ClientId != nil {
            throw ValidationError("--psk-file and --auth0-* need --endpoint (without it the app uses its embedded sandbox).")
        }
        if (auth0Domain == nil) != (auth0ClientId == nil) {
            throw ValidationError("--auth0-domain and --auth0-client-id go together.")
        }
        if let auth0Domain, URL(string: auth0Domain)?.scheme == nil {
            throw ValidationError("--auth0-domain must be a URL, e.g. https://TENANT.eu.auth0.com")
        }
        if let position, Self.parsePosition(position) == nil {
            throw ValidationError("--position must be latitude,longitude in degrees, e.g. 47.8095,13.0550")
        }
        guard Self.radiusSteps.contains(radius) else {
            throw ValidationError("--radius must be one of 1, 2, 5, 10, 25, 50 (km).")
        }
        if let lang, !["en", "de"].contains(lang.lowercased()) {
            throw ValidationError("--lang must be en or de.")
        }
        guard sandboxSpeed.isFinite, sandboxSpeed > 0, sandboxSpeed <= 1000 else {
            throw ValidationError("--sandbox-speed must be between 0 and 1000.")
        }
        guard (1...2_000_000).contains(sandboxStations) else {
            throw ValidationError("--sandbox-stations must be between 1 and 2000000.")
        }
    }

    /// "lat,lon" → point, or nil when malformed or out of range.
    static func parsePosition(_ text: String) -> GeoPoint? { Format.parsePosition(text) }

    @MainActor
    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let paths = AppPaths(environment: env)
        let stateDir = AppPaths.ensure(paths.stateDirectory)
        let sink = stateDir.map { FileLogHandler.Sink(url: $0.appendingPathComponent("chargeterm.log")) } ?? FileLogHandler.Sink()
        let level: Logger.Level = env["CHARGETERM_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, sink: sink, level: level) }
        let logger = Logger(label: "chargeterm")

        let language = lang.flatMap { Language(rawValue: $0.lowercased()) } ?? Language.detect(environment: env)
        let services: DeferredServices
        var settings = AppSettings(language: language, radiusKm: radius, stateDirectory: stateDir)
        var sandboxBox: SandboxBox?

        if let endpoint, let url = URL(string: endpoint) {
            let psk = try Self.readPSK(file: pskFile, environment: env)
            var auth0: Auth0Settings?
            if let auth0Domain, let auth0ClientId, let domain = URL(string: auth0Domain) {
                auth0 = Auth0Settings(domain: domain, clientId: auth0ClientId, audience: auth0Audience)
            }
            guard psk != nil || auth0 != nil else {
                throw ValidationError("--endpoint needs a way to sign in: --psk-file (or CHARGETERM_PSK) and/or --auth0-domain with --auth0-client-id.")
            }
            let config = EndpointConfiguration(graphQLURL: url, psk: psk, auth0: auth0, allowInsecure: insecure, language: language.code)
            // Fails fast on a plain-http endpoint (before the screen is taken over).
            let client = try ChargeClient(configuration: config, logger: logger)
            services = DeferredServices(supportsDeviceSignIn: auth0 != nil, supportsPasswordSignIn: psk != nil) { client }
            settings.position = position.flatMap(Self.parsePosition)
        } else {
            // The embedded default: the sandbox on a free loopback port, its data cached.
            let box = SandboxBox()
            sandboxBox = box
            let cacheDir = AppPaths.ensure(paths.cacheDirectory)
            let stations = sandboxStations, speed = sandboxSpeed
            services = DeferredServices(supportsDeviceSignIn: true, supportsPasswordSignIn: true) {
                var config = SandboxConfiguration()
                config.port = 0
                config.stationCount = stations
                config.speed = speed
                config.databasePath = cacheDir?.appendingPathComponent(Sandbox.cacheFileName(seed: config.seed, stationCount: stations)).path
                let sandbox = try await Sandbox(configuration: config, logger: Logger(label: "chargeterm.sandbox"))
                try await sandbox.start()
                await box.set(sandbox)
                logger.info("embedded sandbox at \(sandbox.baseURL.absoluteString)")
                let endpoint = EndpointConfiguration(graphQLURL: sandbox.graphQLURL, psk: Secret(sandbox.psk),
                                                     auth0: Auth0Settings(domain: sandbox.baseURL, clientId: sandbox.auth0ClientId),
                                                     language: language.code)
                return try ChargeClient(configuration: endpoint, logger: logger)
            }
            settings.position = position.flatMap(Self.parsePosition) ?? GeoPoint(latitude: Sandbox.defaultPosition.latitude, longitude: Sandbox.defaultPosition.longitude)
            settings.signInHint = (Sandbox.demoUser, Sandbox.demoPassword)
        }

        let viewModel = AppViewModel(services: AppServices(auth: services, stations: services, charging: services), settings: settings, time: SystemTimeSource())
        let code = await TUIApp.run(viewModel: viewModel, options: TerminalOptions(allowColor: !noColor, asciiOnly: ascii ? true : nil))
        logger.info("exiting with status \(code)")
        if let client = try? await withTimeout(seconds: 1, { try await services.client() }) { await client.shutdown() }
        await sandboxBox?.stop()
        if code != 0 { throw ExitCode(code) }
    }

    /// The PSK from a file (first line) or CHARGETERM_PSK; nil when neither is given.
    static func readPSK(file: String?, environment: [String: String]) throws -> Secret? {
        if let file {
            guard let text = try? String(contentsOfFile: (file as NSString).expandingTildeInPath, encoding: .utf8) else {
                throw ValidationError("Cannot read the PSK file \(file).")
            }
            let key = text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !key.isEmpty else { throw ValidationError("The PSK file \(file) is empty.") }
            return Secret(key)
        }
        if let key = environment["CHARGETERM_PSK"], !key.isEmpty { return Secret(key) }
        return nil
    }
}

/// Holds the embedded sandbox once it has started, so the app can stop it at exit.
actor SandboxBox {
    private var sandbox: Sandbox?
    func set(_ s: Sandbox) { sandbox = s }
    func stop() async { await sandbox?.stop() }
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
