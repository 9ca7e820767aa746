import ArgumentParser
import ChargeCore
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

    @Option(name: .long, help: ArgumentHelp("Config file (default: $XDG_CONFIG_HOME/chargeterm/config.toml, or CHARGETERM_CONFIG).", valueName: "path"))
    var config: String?

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

    @Option(name: .long, help: ArgumentHelp("Search radius in km: 1, 2, 5, 10, 25 or 50 (default 5).", valueName: "km"))
    var radius: Double?

    @Option(name: .long, help: ArgumentHelp("Language: en or de (default: from LANG).", valueName: "code"))
    var lang: String?

    @Flag(name: .long, help: "Kiosk mode: no quitting without the admin PIN, idle sign-out, nothing written to disk.")
    var kiosk = false

    @Option(name: .long, help: ArgumentHelp("Kiosk mode: idle minutes before the sign-out countdown (default 3).", valueName: "min"))
    var idleMinutes: Double?

    @Flag(name: .long, help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(name: .long, help: "Plain ASCII: no line-drawing characters, letters spelled in ASCII (ß as ss). Default: from the locale and TERM.")
    var ascii = false

    @Flag(name: .long, help: "UTF-8 even where the locale and TERM do not say so (uses C.UTF-8 for the character type).")
    var utf8 = false

    @Option(name: .long, help: ArgumentHelp("Embedded sandbox: simulation speed factor.", valueName: "x"))
    var sandboxSpeed: Double = 1

    @Option(name: .long, help: ArgumentHelp("Embedded sandbox: number of stations to seed.", valueName: "n"))
    var sandboxStations: Int = 3000

    @Flag(name: .long, help: "Embedded sandbox, test data: the six nearest stations get names with control, bidi, zero-width, CJK and emoji characters.")
    var sandboxHostileNames = false

    func validate() throws {
        guard sandboxSpeed.isFinite, sandboxSpeed > 0, sandboxSpeed <= 1000 else {
            throw ValidationError("--sandbox-speed must be between 0 and 1000.")
        }
        guard !(ascii && utf8) else { throw ValidationError("--ascii and --utf8 exclude each other; give one.") }
        guard (1...2_000_000).contains(sandboxStations) else {
            throw ValidationError("--sandbox-stations must be between 1 and 2000000.")
        }
        _ = try flagLayer()
    }

    /// The flags as a configuration layer (the highest one).
    func flagLayer() throws -> ConfigLayer {
        var layer = ConfigLayer()
        if let endpoint {
            guard let url = ConfigLayer.httpURL(endpoint) else {
                throw ValidationError("--endpoint must be an http(s) URL, e.g. https://TENANT.v2.api.htb.services/graphql/")
            }
            layer.endpoint = Sourced(url, "--endpoint")
        }
        layer.pskFile = pskFile.map { Sourced($0, "--psk-file") }
        if let auth0Domain {
            guard let url = ConfigLayer.httpURL(auth0Domain) else { throw ValidationError("--auth0-domain must be a URL, e.g. https://TENANT.eu.auth0.com") }
            layer.auth0Domain = Sourced(url, "--auth0-domain")
        }
        layer.auth0ClientId = auth0ClientId.map { Sourced($0, "--auth0-client-id") }
        layer.auth0Audience = auth0Audience.map { Sourced($0, "--auth0-audience") }
        if insecure { layer.insecure = Sourced(true, "--insecure") }
        if let position {
            guard let p = ConfigLayer.position(position) else { throw ValidationError("--position must be latitude,longitude in degrees, e.g. 47.8095,13.0550") }
            layer.position = Sourced(p, "--position")
        }
        if let radius {
            guard ClientConfig.radiusSteps.contains(radius) else { throw ValidationError("--radius must be one of 1, 2, 5, 10, 25, 50 (km).") }
            layer.radiusKm = Sourced(radius, "--radius")
        }
        if let lang {
            guard let l = ConfigLayer.language(lang) else { throw ValidationError("--lang must be en or de.") }
            layer.language = Sourced(l, "--lang")
        }
        if kiosk { layer.kiosk = Sourced(true, "--kiosk") }
        if let idleMinutes {
            guard ConfigLayer.idle(String(idleMinutes)) != nil else { throw ValidationError("--idle-minutes must be between 0.25 and 1440.") }
            layer.idleMinutes = Sourced(idleMinutes, "--idle-minutes")
        }
        return layer
    }

    /// Reads the config file and merges file, environment and flags. A bad file or value
    /// stops the start with a message naming where it is; nothing runs half-configured.
    func loadConfiguration(environment env: [String: String], paths: AppPaths) throws(ConfigError) -> ClientConfig {
        let explicit = config ?? env["CHARGETERM_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit.map { ($0 as NSString).expandingTildeInPath } ?? paths.configFile.path
        var fileLayer = ConfigLayer()
        var warnings: [String] = []
        if FileManager.default.fileExists(atPath: path) {
            // Refused when others can change it (it says where the PSK and passwords go).
            let text = try ProtectedFile.read(path, what: "the config file", holdsSecrets: false).text
            fileLayer = try ConfigLayer.parseFile(text, name: path)
            if fileLayer.psk != nil || fileLayer.adminPinHash != nil, let w = try ProtectedFile.check(path, what: "the config file", holdsSecrets: true) {
                warnings.append(w)
            }
            // A relative psk_file is relative to the config file, not to where the app starts.
            if let f = fileLayer.pskFile, !(f.value as NSString).expandingTildeInPath.hasPrefix("/") {
                fileLayer.pskFile?.value = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(f.value).path
            }
        } else if let explicit {
            throw ConfigError("The config file \(explicit) does not exist.")
        }
        let envLayer = try ConfigLayer.parseEnvironment(env)
        let flags: ConfigLayer
        do { flags = try flagLayer() } catch { throw ConfigError("\(error)") }
        let resolved = try ClientConfig.resolve(file: fileLayer, environment: envLayer, flags: flags) { (pskPath: String) throws(ConfigError) -> String? in
            let read = try ProtectedFile.read(pskPath, what: "the PSK file", holdsSecrets: true)
            if let w = read.warning { warnings.append(w) }
            return read.text
        }
        for w in warnings { FileHandle.standardError.write(Data("chargeterm: \(w)\n".utf8)) }
        return resolved
    }

    @MainActor
    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let paths = AppPaths(environment: env)
        let resolved: ClientConfig
        do {
            resolved = try loadConfiguration(environment: env, paths: paths)
        } catch {
            FileHandle.standardError.write(Data("chargeterm: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
        let kioskMode = resolved.kiosk != nil
        if kioskMode {
            // Strangers follow each other here: no core dump or debugger may read what the last one typed.
            for problem in ProcessHardening.forbidCoreDumpsAndTracing() { FileHandle.standardError.write(Data("chargeterm: kiosk: \(problem)\n".utf8)) }
        }
        // Kiosk mode keeps nothing of a user on disk: no log, no favourites, no cached data.
        let stateDir = kioskMode ? nil : AppPaths.ensure(paths.stateDirectory)
        let sink = stateDir.map { FileLogHandler.Sink(url: $0.appendingPathComponent("chargeterm.log")) } ?? FileLogHandler.Sink()
        let level: Logger.Level = env["CHARGETERM_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, sink: sink, level: level) }
        let logger = Logger(label: "chargeterm")

        let language = resolved.language.flatMap { Language(rawValue: $0) } ?? Language.detect(environment: env)
        let services: DeferredServices
        var settings = AppSettings(language: language, radiusKm: resolved.radiusKm, stateDirectory: stateDir)
        if let k = resolved.kiosk {
            settings.kiosk = KioskSettings(idleSeconds: k.idleMinutes * 60, verifyPin: { pin in AdminPin.verify(pin, against: k.adminPinHash) })
        }
        var sandboxBox: SandboxBox?

        if let url = resolved.endpoint {
            let config = EndpointConfiguration(graphQLURL: url, psk: resolved.psk, auth0: resolved.auth0, allowInsecure: resolved.insecure, language: language.code)
            // Fails fast on a plain-http endpoint (before the screen is taken over).
            let client: ChargeClient
            do {
                client = try ChargeClient(configuration: config, logger: logger)
            } catch {
                FileHandle.standardError.write(Data("chargeterm: \(ChargeError.wrap(error).message)\n".utf8))
                throw ExitCode(2)
            }
            services = DeferredServices(supportsDeviceSignIn: resolved.auth0 != nil, supportsPasswordSignIn: resolved.psk != nil) { client }
            settings.position = resolved.position
        } else {
            // The embedded default: the sandbox (its own executable, a child process) on a
            // free loopback port, its data cached (in memory in kiosk mode, where nothing
            // is written to disk).
            let box = SandboxBox()
            sandboxBox = box
            let cacheDir = kioskMode ? nil : AppPaths.ensure(paths.cacheDirectory)
            var arguments = ["--stations", String(sandboxStations), "--speed", String(sandboxSpeed)]
            if sandboxHostileNames { arguments.append("--hostile-names") }
            if let cacheDir { arguments += ["--cache-dir", cacheDir.path] }
            let logPath = stateDir?.appendingPathComponent("sandbox.log").path
            let childArguments = arguments
            services = DeferredServices(supportsDeviceSignIn: true, supportsPasswordSignIn: true) {
                let (child, announced) = try await SandboxChild.launch(arguments: childArguments, logPath: logPath) { await box.set($0) }
                logger.info("embedded sandbox (pid \(child.pid)) at \(announced.baseURL)")
                guard let graphQL = URL(string: announced.graphQLURL), let base = URL(string: announced.baseURL) else {
                    throw SandboxChild.LaunchError(message: "chargeterm-sandbox announced an address that is not a URL.")
                }
                let endpoint = EndpointConfiguration(graphQLURL: graphQL, psk: Secret(announced.psk),
                                                     auth0: Auth0Settings(domain: base, clientId: announced.auth0ClientId),
                                                     language: language.code)
                return try ChargeClient(configuration: endpoint, logger: logger)
            }
            settings.position = resolved.position ?? EmbeddedSandbox.defaultPosition
            settings.signInHint = (EmbeddedSandbox.demoUser, EmbeddedSandbox.demoPassword)
        }

        let viewModel = AppViewModel(services: AppServices(auth: services, stations: services, charging: services), settings: settings, time: SystemTimeSource())
        let code = await TUIApp.run(viewModel: viewModel, options: terminalOptions(kiosk: kioskMode, logger: logger))
        logger.info("exiting with status \(code)")
        // The sandbox first: a child still starting is stopped rather than waited for.
        await sandboxBox?.stop()
        if let client = try? await withTimeout(seconds: 1, { try await services.client() }) { await client.shutdown() }
        if code != 0 { throw ExitCode(code) }
    }
}

extension RunCommand {
    /// The terminal's options from the flags; its choices (text mode, TERM fallback) go to the log.
    func terminalOptions(kiosk: Bool, logger: Logger) -> TerminalOptions {
        var options = TerminalOptions(allowColor: !noColor, asciiOnly: ascii ? true : utf8 ? false : nil, kiosk: kiosk)
        options.log = { logger.info("\($0)") }
        return options
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

/// What the app knows of the embedded sandbox before it runs: its public demo account and
/// where its data lies (the same values as `Sandbox.demoUser` etc. in ChargeSandbox, which
/// the client no longer links; the sandbox's own tests pin them there).
enum EmbeddedSandbox {
    static let demoUser = "demo-user", demoPassword = "demo-user-password"
    static let defaultPosition = GeoPoint(latitude: 47.8095, longitude: 13.0550)
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
