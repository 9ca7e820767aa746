import Testing

@testable import ChargeTUI

/// The text mode under every locale combination an SSH session brings, on a host that has
/// only `C.UTF-8` (plus `de_DE.UTF-8` where a test says so): a pure function of the
/// environment, what `setlocale` can do, and TERM.
@Suite(.timeLimit(.minutes(1))) struct LocaleChoiceTests {
    /// A host's locales: `setlocale` succeeds only for these (codesets as glibc reports them).
    struct Host {
        var installed: [String: String] = ["C": "ANSI_X3.4-1968", "POSIX": "ANSI_X3.4-1968", "C.UTF-8": "UTF-8", "C.utf8": "UTF-8"]
        var calls: [String] = []

        /// What `setlocale(…, name)` then `nl_langinfo(CODESET)` give; "" reads the environment.
        mutating func set(_ name: String, _ env: [String: String]) -> String? {
            calls.append(name)
            if name.isEmpty {
                // glibc: every category's variable must name an installed locale, or nothing changes.
                var names: [String] = []
                if let all = env["LC_ALL"], !all.isEmpty {
                    names = [all]
                } else {
                    for key in ["LC_CTYPE", "LC_MESSAGES"] {
                        names.append(env[key].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? "C")
                    }
                    if let lang = env["LANG"], !lang.isEmpty { names.append(lang) }
                }
                guard names.allSatisfy({ installed[$0.isEmpty ? "C" : $0] != nil }) else { return nil }
                let ctype =
                    env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"]
                    ?? "C"
                return installed[ctype.isEmpty ? "C" : ctype]
            }
            return installed[name]
        }
    }

    func decide(
        _ env: [String: String],
        term: String = "xterm-256color",
        override: TextMode? = nil,
        host: Host = Host()
    ) -> (LocaleChoice, [String]) {
        var h = host
        var e = env
        e["TERM"] = term
        let choice = LocaleChoice.decide(environment: e, override: override) { h.set($0, e) }
        return (choice, h.calls)
    }

    @Test func forwardedLocaleTheHostLacksGetsCUTF8() {
        for env in [
            ["LANG": "en_US.UTF-8"], ["LANG": "de_AT.UTF-8"], ["LC_ALL": "en_US.UTF-8"], ["LANG": "C.UTF-8", "LC_ALL": "de_AT.utf8"],
        ] {
            let (c, calls) = decide(env)
            #expect(c.mode == .utf8, "\(env)")
            #expect(c.ctypeFallback == "C.UTF-8", "\(env)")
            #expect(calls == ["", "C.UTF-8"], "\(env)")
            #expect(c.reason.contains("not installed"), "\(c.reason)")
            #expect(c.reason.contains("UI language still follows LANG"))
        }
    }

    @Test func macOSBareUTF8CType() {
        let (c, _) = decide(["LC_CTYPE": "UTF-8"])
        #expect(c.mode == .utf8)
        #expect(c.ctypeFallback == "C.UTF-8")
        #expect(c.reason.contains("LC_CTYPE=UTF-8"))
    }

    @Test func cUTF8AndInstalledLocalesNeedNoFallback() {
        #expect(
            decide(["LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"]).0
                == LocaleChoice(mode: .utf8, ctypeFallback: nil, reason: "UTF-8: LC_ALL=C.UTF-8 is installed here")
        )
        var host = Host()
        host.installed["de_DE.UTF-8"] = "UTF-8"
        let (c, calls) = decide(["LANG": "de_DE.UTF-8"], host: host)
        #expect(c.mode == .utf8)
        #expect(c.ctypeFallback == nil)
        #expect(calls == [""])
    }

    @Test func noUTF8HintMeansASCII() {
        for env in [[:], ["LANG": "POSIX"], ["LC_ALL": "C"], ["LANG": "C"]] as [[String: String]] {
            let (c, calls) = decide(env)
            #expect(c.mode == .ascii, "\(env)")
            #expect(calls == [""], "no fallback tried for \(env)")
            #expect(c.reason.contains("transliterated"))
        }
        // An installed Latin-1 locale: no UTF-8 there either.
        var host = Host()
        host.installed["de_DE"] = "ISO-8859-1"
        #expect(decide(["LANG": "de_DE"], host: host).0.mode == .ascii)
    }

    @Test func terminalsWithoutUnicodeGetASCII() {
        for term in ["vt100", "vt220", "dumb"] {
            let (c, _) = decide(["LANG": "C.UTF-8"], term: term)
            #expect(c.mode == .ascii, "\(term)")
            #expect(c.reason.contains("TERM="), "\(c.reason)")
        }
        #expect(decide(["LANG": "C.UTF-8"], term: "linux").0.mode == .utf8)
        #expect(decide(["LANG": "C.UTF-8"], term: "screen").0.mode == .utf8)
    }

    @Test func flagsOverride() {
        #expect(decide(["LANG": "C.UTF-8"], override: .ascii).0.mode == .ascii)
        #expect(decide(["LANG": "en_US.UTF-8"], override: .ascii).0.reason.contains("--ascii"))
        let (forced, calls) = decide(["LANG": "POSIX"], term: "vt100", override: .utf8)
        #expect(forced.mode == .utf8)
        #expect(forced.ctypeFallback == "C.UTF-8")
        #expect(calls == ["", "C.UTF-8"])
        #expect(forced.reason.contains("--utf8"))
    }

    @Test func aHostWithoutCUTF8FallsBackToASCIIAndSaysWhy() {
        var host = Host()
        host.installed["C.UTF-8"] = nil
        let (c, calls) = decide(["LANG": "en_US.UTF-8"], host: host)
        #expect(c.mode == .ascii)
        #expect(calls == ["", "C.UTF-8", ""])
        #expect(c.reason.contains("no C.UTF-8"))
    }
}
