import Foundation

/// Settings as one source gives them (the config file, the environment or the flags),
/// each value already checked and typed, with where it came from for later messages.
///
/// Three of these are merged by `ClientConfig.resolve`: flags win over the environment,
/// which wins over the file. Parsing a layer fails with a message naming the source
/// (file line and key, variable or flag), so a bad value never half-configures the app.
public struct ConfigLayer: Sendable, Equatable {
    public var endpoint: Sourced<URL>?
    public var psk: Sourced<Secret>?
    public var pskFile: Sourced<String>?
    public var insecure: Sourced<Bool>?
    public var auth0Domain: Sourced<URL>?
    public var auth0ClientId: Sourced<String>?
    public var auth0Audience: Sourced<String>?
    public var position: Sourced<GeoPoint>?
    public var radiusKm: Sourced<Double>?
    public var language: Sourced<String>?
    public var kiosk: Sourced<Bool>?
    public var adminPinHash: Sourced<String>?
    public var idleMinutes: Sourced<Double>?
    /// Sign-in for the scripting subcommands (`chargeterm stations`, …); the app's form ignores them.
    public var username: Sourced<String>?
    public var password: Sourced<Secret>?

    public init() {}
}

/// A value and a human name of where it was set ("--radius", "CHARGETERM_RADIUS",
/// "config.toml line 7 (radius_km)").
public struct Sourced<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var source: String
    public init(_ value: Value, _ source: String) {
        self.value = value
        self.source = source
    }
}

/// A configuration problem, worded for the person who has to fix it.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Kiosk mode as configured.
public struct KioskConfig: Sendable, Equatable {
    /// `AdminPin` hash of the PIN that lets staff leave the app.
    public var adminPinHash: String
    /// Minutes without a key before the countdown to sign-out starts.
    public var idleMinutes: Double
}

/// The app's configuration after merging file, environment and flags.
public struct ClientConfig: Sendable, Equatable {
    /// The tenant's GraphQL endpoint; nil runs the embedded sandbox.
    public var endpoint: URL?
    public var psk: Secret?
    public var auth0: Auth0Settings?
    public var insecure: Bool
    public var position: GeoPoint?
    public var radiusKm: Double
    /// "en" or "de"; nil follows LANG.
    public var language: String?
    public var kiosk: KioskConfig?

    /// The radius steps the app offers (and accepts from configuration).
    public static let radiusSteps: [Double] = [1, 2, 5, 10, 25, 50]
    public static let defaultRadiusKm: Double = 5
    public static let defaultIdleMinutes: Double = 3
    public static let languages = ["en", "de"]

    /// Merges the layers (flags > environment > file) and checks how they fit together.
    /// `readFile` reads a PSK file (injected so tests need no files; the app's checks the
    /// file's owner and mode with `ProtectedFile` and may throw).
    public static func resolve(
        file: ConfigLayer,
        environment: ConfigLayer,
        flags: ConfigLayer,
        readFile: (String) throws(ConfigError) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(ConfigError) -> ClientConfig {
        func pick<V>(_ path: KeyPath<ConfigLayer, Sourced<V>?>) -> Sourced<V>? {
            flags[keyPath: path] ?? environment[keyPath: path] ?? file[keyPath: path]
        }

        let endpoint = pick(\.endpoint)
        // A PSK given directly and a PSK file: the higher layer wins; within a layer the
        // key itself wins over the file.
        var psk: Secret?
        let pskLayers = [flags, environment, file]
        for layer in pskLayers {
            if let direct = layer.psk {
                psk = direct.value
                break
            }
            if let path = layer.pskFile {
                guard let text = try readFile((path.value as NSString).expandingTildeInPath) else {
                    throw ConfigError("Cannot read the PSK file \(path.value) (from \(path.source)).")
                }
                let key = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard !key.isEmpty else { throw ConfigError("The PSK file \(path.value) (from \(path.source)) is empty.") }
                psk = Secret(key)
                break
            }
        }
        let domain = pick(\.auth0Domain)
        let clientId = pick(\.auth0ClientId)
        var auth0: Auth0Settings?
        switch (domain, clientId) {
        case (let d?, let c?): auth0 = Auth0Settings(domain: d.value, clientId: c.value, audience: pick(\.auth0Audience)?.value)
        case (let d?, nil):
            throw ConfigError(
                "The Auth0 domain (\(d.source)) needs a client id too (auth0.client_id, CHARGETERM_AUTH0_CLIENT_ID or --auth0-client-id)."
            )
        case (nil, let c?):
            throw ConfigError(
                "The Auth0 client id (\(c.source)) needs a domain too (auth0.domain, CHARGETERM_AUTH0_DOMAIN or --auth0-domain)."
            )
        case (nil, nil): break
        }
        if endpoint == nil {
            // The embedded sandbox brings its own key and Auth0 stand-in.
            psk = nil
            auth0 = nil
        } else if psk == nil && auth0 == nil {
            throw ConfigError(
                "The endpoint \(endpoint!.value.absoluteString) needs a way to sign in: a PSK (psk / psk_file, CHARGETERM_PSK or --psk-file) and/or Auth0 (domain and client id)."
            )
        }
        var kiosk: KioskConfig?
        if let on = pick(\.kiosk), on.value {
            guard let hash = pick(\.adminPinHash) else {
                throw ConfigError(
                    "Kiosk mode (\(on.source)) needs an admin PIN: run `chargeterm kiosk-pin` and put the line it prints in the config file's [kiosk] section."
                )
            }
            kiosk = KioskConfig(adminPinHash: hash.value, idleMinutes: pick(\.idleMinutes)?.value ?? defaultIdleMinutes)
        }
        return ClientConfig(
            endpoint: endpoint?.value,
            psk: psk,
            auth0: auth0,
            insecure: pick(\.insecure)?.value ?? false,
            position: pick(\.position)?.value,
            radiusKm: pick(\.radiusKm)?.value ?? defaultRadiusKm,
            language: pick(\.language)?.value,
            kiosk: kiosk
        )
    }
}

// MARK: - Reading each layer

extension ConfigLayer {
    /// The config file: a TOML document. Unknown keys and wrong types are errors (a typo
    /// would otherwise be silently ignored), each naming the file, line and key.
    public static func parseFile(_ text: String, name: String) throws(ConfigError) -> ConfigLayer {
        let entries: [TOMLEntry]
        do {
            entries = try TOMLReader.parse(text)
        } catch {
            throw ConfigError("\(name) line \(error.line): \(error.message)")
        }
        var layer = ConfigLayer()
        for e in entries {
            let full = e.table.isEmpty ? e.key : "\(e.table).\(e.key)"
            let where_ = "\(name) line \(e.line) (\(full))"
            func fail(_ why: String) -> ConfigError { ConfigError("\(name) line \(e.line): `\(full)` \(why)") }
            func string() throws(ConfigError) -> String {
                guard case .string(let s) = e.value else { throw fail("must be a string in double quotes, not \(e.value.typeName)") }
                return s
            }
            func number() throws(ConfigError) -> Double {
                switch e.value {
                case .integer(let n): return Double(n)
                case .float(let d) where d.isFinite: return d
                default: throw fail("must be a number, not \(e.value.typeName)")
                }
            }
            func bool() throws(ConfigError) -> Bool {
                guard case .boolean(let b) = e.value else { throw fail("must be true or false, not \(e.value.typeName)") }
                return b
            }
            func checked<V>(_ parse: (String) -> V?, _ why: String) throws(ConfigError) -> V {
                let raw = try string()
                guard let v = parse(raw) else { throw fail(why) }
                return v
            }
            switch full {
            case "endpoint":
                layer.endpoint = Sourced(
                    try checked(Self.httpURL, "must be an http(s) URL, e.g. \"https://TENANT.v2.api.htb.services/graphql/\""),
                    where_
                )
            case "psk":
                let s = try string()
                guard !s.isEmpty else { throw fail("is empty") }
                layer.psk = Sourced(Secret(s), where_)
            case "psk_file": layer.pskFile = Sourced(try string(), where_)
            case "insecure": layer.insecure = Sourced(try bool(), where_)
            case "language": layer.language = Sourced(try checked(Self.language, "must be \"en\" or \"de\""), where_)
            case "auth0.domain":
                layer.auth0Domain = Sourced(try checked(Self.httpURL, "must be a URL, e.g. \"https://TENANT.eu.auth0.com\""), where_)
            case "auth0.client_id": layer.auth0ClientId = Sourced(try checked(Self.nonEmpty, "is empty"), where_)
            case "auth0.audience": layer.auth0Audience = Sourced(try checked(Self.nonEmpty, "is empty"), where_)
            case "site.position":
                layer.position = Sourced(
                    try checked(Self.position, "must be \"latitude,longitude\" in degrees, e.g. \"47.8095,13.0550\""),
                    where_
                )
            case "site.radius_km":
                let r = try number()
                guard ClientConfig.radiusSteps.contains(r) else { throw fail("must be one of 1, 2, 5, 10, 25, 50") }
                layer.radiusKm = Sourced(r, where_)
            case "kiosk.enabled": layer.kiosk = Sourced(try bool(), where_)
            case "kiosk.admin_pin_hash":
                layer.adminPinHash = Sourced(
                    try checked({ AdminPin.isWellFormed($0) ? $0 : nil }, "is not a PIN hash from `chargeterm kiosk-pin`"),
                    where_
                )
            case "account.username": layer.username = Sourced(try checked(Self.nonEmpty, "is empty"), where_)
            case "account.password":
                let s = try string()
                guard !s.isEmpty else { throw fail("is empty") }
                layer.password = Sourced(Secret(s), where_)
            case "kiosk.idle_minutes":
                let m = try number()
                guard m >= 0.25, m <= 1440 else { throw fail("must be between 0.25 and 1440 minutes") }
                layer.idleMinutes = Sourced(m, where_)
            default:
                let known = Self.fileKeys.filter { $0.hasPrefix(e.table.isEmpty ? "" : e.table + ".") }
                let hint =
                    Self.closest(to: full, in: Self.fileKeys).map { " Did you mean `\($0)`?" }
                    ?? (known.isEmpty ? "" : " Known here: \(known.joined(separator: ", ")).")
                throw ConfigError("\(name) line \(e.line): unknown key `\(full)`.\(hint)")
            }
        }
        return layer
    }

    /// Every key the file knows, as `table.key`.
    public static let fileKeys = [
        "endpoint", "psk", "psk_file", "insecure", "language", "auth0.domain", "auth0.client_id", "auth0.audience",
        "site.position", "site.radius_km", "kiosk.enabled", "kiosk.admin_pin_hash", "kiosk.idle_minutes",
        "account.username", "account.password",
    ]

    /// The environment variables (the PSK's is the one the app has always read).
    public static func parseEnvironment(_ env: [String: String]) throws(ConfigError) -> ConfigLayer {
        var layer = ConfigLayer()
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        func checked<V>(_ name: String, _ parse: (String) -> V?, _ why: String) throws(ConfigError) -> Sourced<V>? {
            guard let raw = value(name) else { return nil }
            guard let v = parse(raw) else { throw ConfigError("\(name) \(why).") }
            return Sourced(v, name)
        }
        layer.endpoint = try checked("CHARGETERM_ENDPOINT", Self.httpURL, "must be an http(s) URL")
        layer.psk = value("CHARGETERM_PSK").map { Sourced(Secret($0), "CHARGETERM_PSK") }
        layer.pskFile = value("CHARGETERM_PSK_FILE").map { Sourced($0, "CHARGETERM_PSK_FILE") }
        layer.language = try checked("CHARGETERM_LANG", Self.language, "must be en or de")
        layer.auth0Domain = try checked("CHARGETERM_AUTH0_DOMAIN", Self.httpURL, "must be a URL")
        layer.auth0ClientId = value("CHARGETERM_AUTH0_CLIENT_ID").map { Sourced($0, "CHARGETERM_AUTH0_CLIENT_ID") }
        layer.auth0Audience = value("CHARGETERM_AUTH0_AUDIENCE").map { Sourced($0, "CHARGETERM_AUTH0_AUDIENCE") }
        layer.position = try checked("CHARGETERM_POSITION", Self.position, "must be latitude,longitude, e.g. 47.8095,13.0550")
        layer.radiusKm = try checked("CHARGETERM_RADIUS", Self.radius, "must be one of 1, 2, 5, 10, 25, 50")
        layer.kiosk = try checked("CHARGETERM_KIOSK", Self.flag, "must be 1/0, true/false or yes/no")
        layer.idleMinutes = try checked("CHARGETERM_IDLE_MINUTES", Self.idle, "must be a number of minutes between 0.25 and 1440")
        layer.username = value("CHARGETERM_USERNAME").map { Sourced($0, "CHARGETERM_USERNAME") }
        layer.password = value("CHARGETERM_PASSWORD").map { Sourced(Secret($0), "CHARGETERM_PASSWORD") }
        return layer
    }

    // MARK: parsers shared by the layers (the flags use them too)

    public static func httpURL(_ s: String) -> URL? {
        guard let url = URL(string: s), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
            return nil
        }
        return url
    }

    public static func language(_ s: String) -> String? {
        let l = s.lowercased()
        return ClientConfig.languages.contains(l) ? l : nil
    }

    public static func position(_ s: String) -> GeoPoint? {
        let parts = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lat = Double(parts[0]), let lon = Double(parts[1]) else { return nil }
        let p = GeoPoint(latitude: lat, longitude: lon)
        return p.isValid ? p : nil
    }

    public static func radius(_ s: String) -> Double? {
        Double(s).flatMap { ClientConfig.radiusSteps.contains($0) ? $0 : nil }
    }

    public static func idle(_ s: String) -> Double? {
        Double(s).flatMap { $0 >= 0.25 && $0 <= 1440 ? $0 : nil }
    }

    public static func flag(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: nil
        }
    }

    static func nonEmpty(_ s: String) -> String? { s.trimmingCharacters(in: .whitespaces).isEmpty ? nil : s }

    /// The known key nearest to a mistyped one (edit distance ≤ 3), for "did you mean".
    static func closest(to word: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for (i, ca) in a.enumerated() {
                var prev = row[0]
                row[0] = i + 1
                for (j, cb) in b.enumerated() {
                    let cur = row[j + 1]
                    row[j + 1] = min(row[j + 1] + 1, row[j] + 1, prev + (ca == cb ? 0 : 1))
                    prev = cur
                }
            }
            return row[b.count]
        }
        let w = Array(word)
        return candidates.map { ($0, distance(w, Array($0))) }.filter { $0.1 <= 3 }.min { $0.1 < $1.1 }?.0
    }
}
