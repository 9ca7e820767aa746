import ArgumentParser
import ChargeCore
import ChargeTUI
import Foundation

/// `chargeterm info`: what the app would run with, and why: each setting with its source,
/// the paths it uses, and the terminal and locale choice. Never prints a secret.
struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the effective configuration (with each value's source), the paths, and the terminal and locale mode."
    )
    @OptionGroup var connection: ConfigOptions
    @Flag(name: .long, help: "Print JSON instead of text.") var json = false

    func run() async throws {
        try await reportingFailures {
            let env = ProcessInfo.processInfo.environment
            let paths = AppPaths(environment: env)
            let loaded = try connection.load(environment: env, paths: paths)
            let c = loaded.config
            // (setting, value, source); secrets shown as "set", never their value.
            var rows: [(String, String, String)] = []
            func row<V>(_ name: String, _ key: KeyPath<ConfigLayer, Sourced<V>?>, _ show: (V) -> String, default d: String) {
                if let s = loaded.pick(key) { rows.append((name, show(s.value), s.source)) } else { rows.append((name, d, "default")) }
            }
            row("endpoint", \.endpoint, { $0.absoluteString }, default: "embedded sandbox")
            if let s = loaded.pick(\.psk) {
                rows.append(("psk", "set (hidden)", s.source))
            } else if let f = loaded.pick(\.pskFile) {
                rows.append(("psk", "from file \(f.value)", f.source))
            } else {
                rows.append(("psk", c.endpoint == nil ? "the sandbox's" : "none", "default"))
            }
            row("auth0.domain", \.auth0Domain, { $0.absoluteString }, default: c.endpoint == nil ? "the sandbox's" : "none")
            row("auth0.client_id", \.auth0ClientId, { $0 }, default: c.endpoint == nil ? "the sandbox's" : "none")
            row("insecure", \.insecure, { String($0) }, default: "false")
            row(
                "position",
                \.position,
                { String(format: "%.4f,%.4f", $0.latitude, $0.longitude) },
                default: c.endpoint == nil ? "47.8095,13.0550 (the sandbox's centre)" : "none"
            )
            row("radius_km", \.radiusKm, { CellFormat.number($0, 0) }, default: CellFormat.number(ClientConfig.defaultRadiusKm, 0))
            let lang = env["LANG"].map { $0.lowercased().hasPrefix("de") } == true ? "de" : "en"
            row("language", \.language, { $0 }, default: "\(lang) (from LANG)")
            row("kiosk", \.kiosk, { String($0) }, default: "false")
            if c.kiosk != nil {
                row(
                    "kiosk.idle_minutes",
                    \.idleMinutes,
                    { CellFormat.number($0, 2) },
                    default: CellFormat.number(ClientConfig.defaultIdleMinutes, 0)
                )
            }
            row("account.username", \.username, { $0 }, default: c.endpoint == nil ? "demo-user (sandbox)" : "none")
            if let p = loaded.pick(\.password) { rows.append(("account.password", "set (hidden)", p.source)) }

            let login = LoginStore(directory: paths.stateDirectory)
            let saved = (try? login.entry(for: LoginStore.key(endpoint: c.endpoint))) ?? nil
            let pathRows: [(String, String)] = [
                ("config", loaded.path + (loaded.fileExists ? "" : " (none)")),
                ("state", paths.stateDirectory.path),
                (
                    "log",
                    paths.stateDirectory.appendingPathComponent("chargeterm.log").path
                        + (c.kiosk != nil ? " (not written in kiosk mode)" : "")
                ),
                ("cache", paths.cacheDirectory.path),
                ("login", login.file.path + (saved == nil ? " (not signed in)" : " (signed in as \(saved?.username ?? "?"))")),
            ]
            // The same decision the app makes at start (it sets the locale the same way).
            let choice = LocaleChoice.decide(environment: env, override: nil) { name in
                let ok = name.isEmpty ? setlocale(LC_ALL, "") != nil : setlocale(LC_CTYPE, name) != nil
                return ok ? String(cString: nl_langinfo(nl_item(CODESET))) : nil
            }
            let term = env["TERM"] ?? "(unset)"
            let terminalRows: [(String, String)] = [
                ("TERM", term), ("text", choice.mode == .ascii ? "ASCII" : "UTF-8"), ("why", choice.reason),
                ("colour", env["NO_COLOR"].map { $0.isEmpty ? "yes" : "no (NO_COLOR)" } ?? "yes, if the terminal has colours"),
                ("stdout", isatty(STDOUT_FILENO) == 1 ? "a terminal" : "not a terminal (the app would refuse to draw)"),
            ]
            if json {
                var settings: [String: Any] = [:]
                for (k, v, s) in rows { settings[k] = ["value": v, "source": s] }
                try JSONShape.print([
                    "version": BuildInfo.version, "commit": BuildInfo.commit, "built": BuildInfo.date, "settings": settings,
                    "paths": Dictionary(uniqueKeysWithValues: pathRows), "terminal": Dictionary(uniqueKeysWithValues: terminalRows),
                ])
                return
            }
            try Output.line(BuildInfo.versionLine + "\n")
            var t = TextTable(headers: ["SETTING", "VALUE", "SOURCE"])
            for r in rows { t.add([r.0, r.1, r.2]) }
            try t.print()
            try Output.line("")
            var p = TextTable(headers: ["PATH", ""])
            for r in pathRows { p.add([r.0, r.1]) }
            try p.print()
            try Output.line("")
            var tt = TextTable(headers: ["TERMINAL", ""])
            for r in terminalRows { tt.add([r.0, r.1]) }
            try tt.print()
        }
    }
}
