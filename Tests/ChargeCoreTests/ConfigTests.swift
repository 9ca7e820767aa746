import ChargeCore
import Foundation
import Testing

/// The config file reader, the precedence of flags over environment over file, and the
/// messages a bad value gets.
@Suite(.timeLimit(.minutes(1))) struct ConfigTests {
    let sample = """
        # ChargeTerm at the Salzburg site
        endpoint = "https://tenant.v2.api.htb.services/graphql/"
        psk_file = "/etc/chargeterm/psk"   # owner-only
        language = 'de'

        [auth0]
        domain = "https://tenant.eu.auth0.com"
        client_id = "abc123"

        [site]
        position = "47.8095, 13.0550"
        radius_km = 10

        [kiosk]
        enabled = true
        admin_pin_hash = "\(AdminPin.hash("2468", rounds: 1_000))"
        idle_minutes = 2.5
        """

    func resolve(
        file: String = "",
        env: [String: String] = [:],
        flags: ConfigLayer = ConfigLayer(),
        files: [String: String] = ["/etc/chargeterm/psk": "file-psk\n"]
    ) throws -> ClientConfig {
        try ClientConfig.resolve(
            file: try ConfigLayer.parseFile(file, name: "config.toml"),
            environment: try ConfigLayer.parseEnvironment(env),
            flags: flags,
            readFile: { files[$0] }
        )
    }

    @Test func readsEveryKey() throws {
        let c = try resolve(file: sample)
        #expect(c.endpoint?.absoluteString == "https://tenant.v2.api.htb.services/graphql/")
        #expect(c.psk?.revealed == "file-psk")
        #expect(c.language == "de")
        #expect(c.auth0?.clientId == "abc123")
        #expect(c.auth0?.domain.absoluteString == "https://tenant.eu.auth0.com")
        #expect(c.position == GeoPoint(latitude: 47.8095, longitude: 13.0550))
        #expect(c.radiusKm == 10)
        #expect(c.kiosk?.idleMinutes == 2.5)
        #expect(AdminPin.verify("2468", against: c.kiosk!.adminPinHash))
        #expect(!AdminPin.verify("2469", against: c.kiosk!.adminPinHash))
    }

    @Test func flagsBeatEnvironmentBeatFile() throws {
        let env = ["CHARGETERM_RADIUS": "25", "CHARGETERM_LANG": "en", "CHARGETERM_PSK": "env-psk", "CHARGETERM_POSITION": "48.2,16.37"]
        var flags = ConfigLayer()
        flags.radiusKm = Sourced(50, "--radius")
        let c = try resolve(file: sample, env: env, flags: flags)
        #expect(c.radiusKm == 50, "flag over environment")
        #expect(c.language == "en", "environment over file")
        #expect(c.psk?.revealed == "env-psk", "the environment's PSK over the file's psk_file")
        #expect(c.position == GeoPoint(latitude: 48.2, longitude: 16.37))
        #expect(c.auth0?.clientId == "abc123", "what no higher layer sets comes from the file")
        flags.pskFile = Sourced("/other", "--psk-file")
        let c2 = try resolve(file: sample, env: env, flags: flags, files: ["/other": "flag-psk"])
        #expect(c2.psk?.revealed == "flag-psk", "a --psk-file beats CHARGETERM_PSK")
        let defaults = try resolve()
        #expect(defaults.endpoint == nil && defaults.radiusKm == 5 && defaults.kiosk == nil && defaults.psk == nil)
    }

    @Test func badFilesNameTheLineAndKey() {
        func message(_ text: String, env: [String: String] = [:]) -> String {
            do {
                _ = try resolve(file: text, env: env)
                return "no error"
            } catch {
                return (error as? ConfigError)?.message ?? "\(error)"
            }
        }
        #expect(
            message("endpoint = \"https://x/g\"\n\n[site]\nradius_km = 7\n")
                == "config.toml line 4: `site.radius_km` must be one of 1, 2, 5, 10, 25, 50"
        )
        #expect(message("endpont = \"https://x/g\"") == "config.toml line 1: unknown key `endpont`. Did you mean `endpoint`?")
        #expect(message("[site]\nradius_km = \"five\"") == "config.toml line 2: `site.radius_km` must be a number, not a string")
        #expect(message("language = fr") == "config.toml line 1: `fr` is not a value: put text in double quotes, e.g. \"fr\"")
        #expect(message("endpoint = \"ftp://x\"").hasPrefix("config.toml line 1: `endpoint` must be an http(s) URL"))
        #expect(message("psk = \"a\"\npsk = \"b\"") == "config.toml line 2: the key `psk` is set twice")
        #expect(message("[site\nradius_km = 5") == "config.toml line 1: a table header must end with ]")
        #expect(message("endpoint = \"https://x/g") == "config.toml line 1: a string is not closed on its line (missing \")")
        #expect(
            message("[auth0]\ndomain = { a = 1 }")
                == "config.toml line 2: inline tables ({…}) are not supported here; use a [table] section"
        )
        #expect(message("[kiosk]\nenabled = yes") == "config.toml line 2: `yes` is not a value: put text in double quotes, e.g. \"yes\"")
        #expect(message("[kiosk]\nenabled = true").hasPrefix("Kiosk mode (config.toml line 2 (kiosk.enabled)) needs an admin PIN"))
        #expect(
            message("[kiosk]\nadmin_pin_hash = \"1234\"")
                == "config.toml line 2: `kiosk.admin_pin_hash` is not a PIN hash from `chargeterm kiosk-pin`"
        )
        #expect(message("endpoint = \"https://x/g\"").hasPrefix("The endpoint https://x/g needs a way to sign in"))
        #expect(
            message("[auth0]\nclient_id = \"x\"\n", env: ["CHARGETERM_ENDPOINT": "https://x/g"]).hasPrefix(
                "The Auth0 client id (config.toml line 2 (auth0.client_id)) needs a domain"
            )
        )
        #expect(message("", env: ["CHARGETERM_RADIUS": "3"]) == "CHARGETERM_RADIUS must be one of 1, 2, 5, 10, 25, 50.")
        #expect(
            message("endpoint = \"https://x/g\"\npsk_file = \"/missing\"")
                == "Cannot read the PSK file /missing (from config.toml line 2 (psk_file))."
        )
    }

    @Test func tomlValues() throws {
        let entries = try TOMLReader.parse(
            """
            a = "tab\\tq\\"\\u00e9"
            b = 'C:\\path'
            c = [1, 2,
                 3] # trailing
            d = -1_000
            e = 2.5e1
            [x.y]
            "quoted key" = false
            """
        )
        #expect(
            entries.map(\.value) == [
                .string("tab\tq\"é"), .string("C:\\path"), .array([.integer(1), .integer(2), .integer(3)]),
                .integer(-1000), .float(25), .boolean(false),
            ]
        )
        #expect(entries.last?.table == "x.y")
        #expect(entries.last?.key == "quoted key")
        #expect(entries.last?.line == 8)
    }

    @Test func pinHashes() {
        let h = AdminPin.hash("123456", rounds: 1_000)
        #expect(h.hasPrefix("pbkdf2-sha256$1000$"))
        #expect(!h.contains("123456"))
        #expect(AdminPin.verify("123456", against: h))
        #expect(!AdminPin.verify("", against: h))
        #expect(AdminPin.hash("123456", rounds: 1_000) != h, "salted")
        #expect(AdminPin.isAcceptable("0042") && !AdminPin.isAcceptable("12a4") && !AdminPin.isAcceptable("123"))
    }
}
