/// How text reaches the terminal: as UTF-8, or transliterated to plain ASCII.
public enum TextMode: String, Sendable, Equatable {
    case utf8, ascii
}

/// Which character set the terminal gets, and why: a pure function of the environment,
/// what `setlocale` can do on this host, and `TERM`, so every combination an SSH session
/// brings is a unit test.
///
/// Why it exists: OpenSSH forwards the client's `LANG`/`LC_*` (`en_US.UTF-8`,
/// `de_AT.UTF-8`, macOS's bare `LC_CTYPE=UTF-8`), and a minimal host often has none of
/// them, only `C.UTF-8`. `setlocale(LC_ALL, "")` then fails, the process stays in the C
/// locale and ncursesw can no longer emit "ß". When the environment asked for UTF-8, the
/// character type is set to `C.UTF-8` instead (the UI language still follows `LANG`).
/// Only a terminal that really cannot show UTF-8 (no UTF-8 hint at all, `TERM=vt100`,
/// `dumb`) gets ASCII, and then text is transliterated, never stripped.
public struct LocaleChoice: Sendable, Equatable {
    /// The mode chosen.
    public var mode: TextMode
    /// The `LC_CTYPE` locale set in place of the environment's, if any ("C.UTF-8").
    public var ctypeFallback: String?
    /// One line for the log: what was chosen and why.
    public var reason: String

    /// The locale every glibc host has since Debian 8; the character-type fallback.
    public static let fallbackLocale = "C.UTF-8"

    /// Decides the mode.
    /// - Parameters:
    ///   - environment: the process environment (`LC_ALL`, `LC_CTYPE`, `LANG`, `TERM`).
    ///   - override: `--ascii` (.ascii) or `--utf8` (.utf8); nil decides from the rest.
    ///   - setlocale: sets the character type to the named locale ("" = from the
    ///     environment) and returns its codeset (`nl_langinfo(CODESET)`), or nil when the
    ///     host lacks that locale. Called with "" first, then maybe with `fallbackLocale`.
    public static func decide(
        environment env: [String: String],
        override: TextMode?,
        setlocale: (String) -> String?
    ) -> LocaleChoice {
        let term = env["TERM"] ?? ""
        let (variable, value) = ctypeSource(env)
        let asked = variable.map { "\($0)=\(value)" } ?? "no LANG/LC_* set"
        let fromEnv = setlocale("")
        let envIsUTF8 = fromEnv.map(isUTF8) ?? false
        let hint = isUTF8(value)

        if override == .ascii {
            return LocaleChoice(
                mode: .ascii,
                ctypeFallback: nil,
                reason: "ASCII: --ascii given (\(asked), TERM=\(term)); text is transliterated"
            )
        }
        if override == nil, let why = asciiTerminal(term) {
            return LocaleChoice(mode: .ascii, ctypeFallback: nil, reason: "ASCII: \(why); text is transliterated (--utf8 overrides)")
        }
        if envIsUTF8 {
            let how = override == .utf8 ? "--utf8 given, " : ""
            return LocaleChoice(mode: .utf8, ctypeFallback: nil, reason: "UTF-8: \(how)\(asked) is installed here")
        }
        if override == .utf8 || hint {
            let why = override == .utf8 ? "--utf8 given" : fromEnv == nil ? "\(asked) is not installed here" : "\(asked) is not UTF-8 here"
            if let codeset = setlocale(fallbackLocale), isUTF8(codeset) {
                return LocaleChoice(
                    mode: .utf8,
                    ctypeFallback: fallbackLocale,
                    reason: "UTF-8: \(why); character type from \(fallbackLocale) (the UI language still follows LANG)"
                )
            }
            // Back to what the environment gave (or C), consistently with ASCII mode.
            _ = setlocale("")
            return LocaleChoice(
                mode: .ascii,
                ctypeFallback: nil,
                reason: "ASCII: \(why), and this host has no \(fallbackLocale); text is transliterated"
            )
        }
        let what = variable == nil ? "no LANG/LC_* set" : "\(asked) asks for no UTF-8"
        return LocaleChoice(mode: .ascii, ctypeFallback: nil, reason: "ASCII: \(what); text is transliterated (--utf8 overrides)")
    }

    /// The variable that decides the character type, as POSIX orders them: the first
    /// non-empty of `LC_ALL`, `LC_CTYPE`, `LANG`.
    static func ctypeSource(_ env: [String: String]) -> (String?, String) {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let v = env[key], !v.isEmpty { return (key, v) }
        }
        return (nil, "")
    }

    /// Whether a locale name or codeset means UTF-8 ("en_US.UTF-8", "C.utf8", "UTF-8").
    static func isUTF8(_ name: String) -> Bool {
        let n = name.uppercased()
        return n.contains("UTF-8") || n.contains("UTF8")
    }

    /// Why `term` cannot show UTF-8, or nil when it can.
    static func asciiTerminal(_ term: String) -> String? {
        if term.hasPrefix("vt") { return "TERM=\(term) has no Unicode" }
        if term == "dumb" { return "TERM=dumb" }
        return nil
    }
}
