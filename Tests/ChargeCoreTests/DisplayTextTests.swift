import ChargeTestSupport
import Foundation
import Testing

@testable import ChargeCore

/// The untrusted-text boundary: what a server sends is made display-safe before any view
/// model sees it.
@Suite(.timeLimit(.minutes(1))) struct DisplayTextTests {
    /// Characters that must never reach a view model: C0, DEL, C1, bidi controls, format characters.
    static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200E || v == 0x200F || s.properties.generalCategory == .format
    }

    @Test func plainTextIsUnchanged() {
        for s in ["Ladepark Getreidegasse 9", "Sterneckstraße", "ÖAMTC Zürich", "東京駅 充電", "⚡🔌", "Café", ""] {
            #expect(DisplayText.safe(s) == s)
        }
    }

    @Test func lineControlsBecomeOneSpace() {
        #expect(DisplayText.safe("Zeilen\nbruch") == "Zeilen bruch")
        #expect(DisplayText.safe("a\r\n\tb") == "a b")
        #expect(DisplayText.safe("\nLeading and trailing\t") == "Leading and trailing")
        #expect(DisplayText.safe("Linzer\u{85}Gasse\u{2028}x") == "Linzer Gasse x")
    }

    @Test func otherControlsBecomeAVisiblePlaceholder() {
        #expect(DisplayText.safe("a\u{1B}[31mRot") == "a\u{FFFD}[31mRot")
        #expect(DisplayText.safe("bell\u{07}") == "bell\u{FFFD}")
        #expect(DisplayText.safe("del\u{7F}bs\u{08}") == "del\u{FFFD}bs\u{FFFD}")
        #expect(DisplayText.safe("csi\u{9B}31m") == "csi\u{FFFD}31m")
        // An OSC window-title sequence loses its ESC and BEL: nothing for a terminal to act on.
        let osc = DisplayText.safe("Titel\u{1B}]0;PWNED\u{07}Station")
        #expect(osc == "Titel\u{FFFD}]0;PWNED\u{FFFD}Station")
    }

    @Test func bidiControlsBecomeSpaces() {
        #expect(DisplayText.safe("Bidi \u{202E}evil\u{202C} Park") == "Bidi evil Park")
        #expect(DisplayText.safe("a\u{2066}iso\u{2069}b") == "a iso b")
        #expect(DisplayText.safe("x\u{200F}y") == "x y")
    }

    @Test func zeroWidthCharactersAreRemoved() {
        #expect(DisplayText.safe("Zero\u{200B}Width\u{200D}Join\u{FEFF}") == "ZeroWidthJoin")
        #expect(DisplayText.safe("soft\u{AD}hyphen\u{2060}") == "softhyphen")
        // A joined emoji sequence becomes its parts: each takes its own two cells on a terminal.
        #expect(DisplayText.safe("👨\u{200D}👩\u{200D}👧") == "👨👩👧")
        #expect(DisplayText.safe("❤\u{FE0F}") == "❤")
    }

    @Test func combiningMarksAlwaysHaveABaseAndAreCapped() {
        #expect(DisplayText.safe("\u{301}lone") == "\u{25CC}\u{301}lone")
        #expect(DisplayText.safe("a \u{301}b") == "a \u{25CC}\u{301}b")
        #expect(DisplayText.safe("\u{1B}\u{301}") == "\u{FFFD}\u{25CC}\u{301}")
        let zalgo = DisplayText.safe("e" + String(repeating: "\u{301}", count: 20))
        #expect(zalgo.unicodeScalars.count == 1 + DisplayText.maxMarks)
        #expect(DisplayText.safe("Cafe\u{301}") == "Cafe\u{301}", "a normal accent stays")
    }

    @Test func unassignedCodePointsBecomeThePlaceholder() {
        let unassigned = String(Unicode.Scalar(0x0378)!)
        #expect(DisplayText.safe("a\(unassigned)b") == "a\u{FFFD}b")
    }

    /// Random strings over a hostile alphabet: the result never holds an unsafe scalar and
    /// never starts with a combining mark. Seeded; the seed is printed on failure.
    @Test func randomHostileStringsComeOutSafe() {
        let seed = UInt64(ProcessInfo.processInfo.environment["DISPLAYTEXT_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64.max)
        var rng = SeededRandom(seed)
        let alphabet: [Unicode.Scalar] = [
            "a", "ß", " ", "\n", "\r", "\t", "\u{1B}", "\u{07}", "\u{7F}", "\u{85}", "\u{9B}", "\u{202E}", "\u{2066}",
            "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{301}", "\u{20DD}", "東", "🔌", "\u{FE0F}", "\u{AD}",
        ]
        for _ in 0..<2000 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(rng.next() % 12) { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            let out = DisplayText.safe(String(s))
            let bad = out.unicodeScalars.first(where: Self.isUnsafe)
            #expect(bad == nil, "seed \(seed): \(String(s).debugDescription) → \(out.debugDescription)")
            if let first = out.unicodeScalars.first {
                #expect(first.properties.generalCategory != .nonspacingMark, "seed \(seed): \(out.debugDescription)")
            }
            #expect(DisplayText.safe(out) == out, "seed \(seed): safe is idempotent for \(out.debugDescription)")
            if bad != nil { return }
        }
    }

    /// The boundary is where answers become models: a hostile station page decodes to
    /// models holding no unsafe character in any text a person may read.
    @Test func decodedStationsAreDisplaySafe() throws {
        let hostile = #"Zeilen\nbruch\r\tWagen \u001b]0;PWNED\u0007 \u202eevil\u202c Zero\u200bWidth \u0301 東京 🔌"#
        let body =
            #"{"data":{"cpsPaged":{"data":[{"id":"s1","label":"x","publicDisplayName":"\#(hostile)","distance":0.2,"#
            + #""address":{"street":"Sterneck\nstraße\u001b[2J","houseNumber":"7\t","zip":"5020","city":"Salzburg\u0085"},"#
            + #""openingHours":[{"dayOfWeek":"MONDAY\u001b","from":"08:00","to":"18:00"}],"#
            + #""connectors":[{"id":"c1","label":"1\t\u001b[7m\u202ex","evseId":"AT*1\n","status":"Weird\u001b","plugType":"X\u202e","currency":"EUR\u0007"}]}],"#
            + #""pagination":{"totalCount":1}}}}"#
        let page = try GraphQLChannel.decode(HTTPAnswer(status: 200, headers: [:], body: Data(body.utf8)), as: Wire.StationsPageW.self)
        let wire = try #require(page.cpsPaged?.data?.first ?? nil)
        let station = try wire.model()
        let c = try #require(station.connectors.first)
        let texts: [String?] = [
            station.name, station.label, station.address.street, station.address.houseNumber, station.address.city,
            station.openingHours.first?.dayOfWeek, c.label, c.evseId, c.status.description, c.plugType.description, c.currency,
        ]
        for text in texts.compactMap({ $0 }) {
            #expect(!text.unicodeScalars.contains(where: Self.isUnsafe), "\(text.debugDescription)")
        }
        #expect(station.name.contains("Zeilen bruch Wagen"))
        #expect(station.name.contains("東京 🔌"))
        #expect(station.address.street == "Sterneck straße\u{FFFD}[2J")
    }

    /// The same for a small answer (read by `JSONDecoder`, not the core's reader): a hostile
    /// session decodes to a model holding no unsafe character in any text a person may read.
    @Test func decodedSmallAnswersAreDisplaySafe() throws {
        let hostile = #"Basic\n\u001b]0;PWNED\u0007 \u202eevil\u202c Zero\u200bWidth"#
        let body =
            #"{"data":{"chargelog":{"id":"log-1","status":"started","rateName":"\#(hostile)","#
            + #""cost":{"total":1.5,"currency":"EUR\u001b[2J"},"#
            + #""connector":{"id":"c1","label":"1\t\u001b[7m","evseId":"AT*1\n","status":"Charging\u0085","plugType":"X\u202e","currency":"EUR\u0007"}}}}"#
        let answer = try GraphQLChannel.decode(HTTPAnswer(status: 200, headers: [:], body: Data(body.utf8)), as: Wire.ChargelogOneW.self)
        let log = try #require(try answer.chargelog?.model())
        let c = try #require(log.connector)
        let texts: [String?] = [
            log.rateName, log.cost?.currency, c.label, c.evseId, c.status.description, c.plugType.description, c.currency,
        ]
        for text in texts.compactMap({ $0 }) {
            #expect(!text.unicodeScalars.contains(where: Self.isUnsafe), "\(text.debugDescription)")
        }
        #expect(log.rateName?.hasPrefix("Basic \u{FFFD}]0;PWNED\u{FFFD}") == true)
        let error = #"{"errors":[{"message":"bad\n\u001b]0;x\u0007 input\u202e","extensions":{"code":"BAD_USER_INPUT"}}]}"#
        #expect(throws: ChargeError.badInput("bad \u{FFFD}]0;x\u{FFFD} input")) {
            try GraphQLChannel.decode(HTTPAnswer(status: 200, headers: [:], body: Data(error.utf8)), as: Wire.ChargelogOneW.self)
        }
    }

    @Test func serverErrorMessagesAreDisplaySafe() {
        let body = #"{"errors":[{"message":"bad\n\u001b]0;x\u0007 input\u202e","extensions":{"code":"BAD_USER_INPUT"}}]}"#
        do {
            _ = try GraphQLChannel.decode(HTTPAnswer(status: 200, headers: [:], body: Data(body.utf8)), as: Wire.StationsPageW.self)
            Issue.record("expected an error")
        } catch let error as ChargeError {
            #expect(error == .badInput("bad \u{FFFD}]0;x\u{FFFD} input"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
