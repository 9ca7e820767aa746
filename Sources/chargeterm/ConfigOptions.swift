import ArgumentParser
import ChargeCore
import Foundation

/// The options every command that talks to the API shares (the app and the scripting
/// subcommands): where the config file is, the endpoint and how to sign in, the position.
/// Merged with the environment and the config file by `load`, the same way for every command.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Config file (default: $XDG_CONFIG_HOME/chargeterm/config.toml, or CHARGETERM_CONFIG).", valueName: "path")
    )
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "GraphQL endpoint of a real tenant, e.g. https://TENANT.v2.api.htb.services/graphql/ (default: the embedded sandbox).",
            valueName: "url"
        )
    )
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

    func validate() throws {
        do { _ = try flagLayer() } catch { throw ValidationError(error.message) }
    }

    /// The flags as a configuration layer (the highest one). A bad value fails here, with
    /// the same exit code (64) as the same mistake in the environment or the file.
    func flagLayer() throws(ConfigError) -> ConfigLayer {
        var layer = ConfigLayer()
        if let endpoint {
            guard let url = ConfigLayer.httpURL(endpoint) else {
                throw ConfigError("--endpoint must be an http(s) URL, e.g. https://TENANT.v2.api.htb.services/graphql/")
            }
            layer.endpoint = Sourced(url, "--endpoint")
        }
        layer.pskFile = pskFile.map { Sourced($0, "--psk-file") }
        if let auth0Domain {
            guard let url = ConfigLayer.httpURL(auth0Domain) else {
                throw ConfigError("--auth0-domain must be a URL, e.g. https://TENANT.eu.auth0.com")
            }
            layer.auth0Domain = Sourced(url, "--auth0-domain")
        }
        layer.auth0ClientId = auth0ClientId.map { Sourced($0, "--auth0-client-id") }
        layer.auth0Audience = auth0Audience.map { Sourced($0, "--auth0-audience") }
        if insecure { layer.insecure = Sourced(true, "--insecure") }
        if let position {
            guard let p = ConfigLayer.position(position) else {
                throw ConfigError("--position must be latitude,longitude in degrees, e.g. 47.8095,13.0550")
            }
            layer.position = Sourced(p, "--position")
        }
        if let radius {
            guard ClientConfig.radiusSteps.contains(radius) else { throw ConfigError("--radius must be one of 1, 2, 5, 10, 25, 50 (km).") }
            layer.radiusKm = Sourced(radius, "--radius")
        }
        if let lang {
            guard let l = ConfigLayer.language(lang) else { throw ConfigError("--lang must be en or de.") }
            layer.language = Sourced(l, "--lang")
        }
        return layer
    }

    /// Reads the config file and merges file, environment and flags (`extra` adds the
    /// flags only some commands have). A bad file or value stops with a message naming where
    /// it is; nothing runs half-configured.
    func load(environment env: [String: String], paths: AppPaths, extra: ConfigLayer = ConfigLayer()) throws(ConfigError) -> LoadedConfig {
        let explicit = config ?? env["CHARGETERM_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit.map { ($0 as NSString).expandingTildeInPath } ?? paths.configFile.path
        var fileLayer = ConfigLayer()
        var warnings: [String] = []
        let exists = FileManager.default.fileExists(atPath: path)
        if exists {
            // Refused when others can change it (it says where the PSK and passwords go).
            let text = try ProtectedFile.read(path, what: "the config file", holdsSecrets: false).text
            fileLayer = try ConfigLayer.parseFile(text, name: path)
            if fileLayer.psk != nil || fileLayer.adminPinHash != nil || fileLayer.password != nil,
                let w = try ProtectedFile.check(path, what: "the config file", holdsSecrets: true)
            {
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
        var flags = try flagLayer()
        if let k = extra.kiosk { flags.kiosk = k }
        if let i = extra.idleMinutes { flags.idleMinutes = i }
        let resolved = try ClientConfig.resolve(file: fileLayer, environment: envLayer, flags: flags) {
            (pskPath: String) throws(ConfigError) -> String? in
            let read = try ProtectedFile.read(pskPath, what: "the PSK file", holdsSecrets: true)
            if let w = read.warning { warnings.append(w) }
            return read.text
        }
        for w in warnings { FileHandle.standardError.write(Data("chargeterm: \(w)\n".utf8)) }
        return LoadedConfig(config: resolved, file: fileLayer, environment: envLayer, flags: flags, path: path, fileExists: exists)
    }
}

/// The merged configuration and the layers it came from (`info` shows each value's source).
struct LoadedConfig {
    var config: ClientConfig
    var file: ConfigLayer
    var environment: ConfigLayer
    var flags: ConfigLayer
    /// The config file read (or that would have been read).
    var path: String
    var fileExists: Bool

    /// The winning value for one setting, with its source (flags > environment > file).
    func pick<V>(_ key: KeyPath<ConfigLayer, Sourced<V>?>) -> Sourced<V>? {
        flags[keyPath: key] ?? environment[keyPath: key] ?? file[keyPath: key]
    }
}
