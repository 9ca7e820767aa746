import Testing

@testable import ChargeTUI

/// ASCII mode spells every letter; nothing is dropped.
@Suite(.timeLimit(.minutes(1))) struct TransliterationTests {
    @Test func germanAndTypography() {
        #expect(Transliteration.ascii("Sterneckstraße") == "Sterneckstrasse")
        #expect(Transliteration.ascii("ÖAMTC Zürich Mühle") == "OeAMTC Zuerich Muehle")
        #expect(Transliteration.ascii("Geöffnet · Anschlüsse") == "Geoeffnet . Anschluesse")
        #expect(Transliteration.ascii("Café Crème Łódź Ærø") == "Cafe Creme Lodz AEro")
        #expect(Transliteration.ascii("“Quote” — ‘x’ …") == "\"Quote\" - 'x' ...")
        #expect(Transliteration.ascii("e\u{301}") == "e")
        #expect(Transliteration.ascii("0,35 €/kWh") == "0,35 EUR/kWh")
        #expect(Transliteration.ascii("plain ascii") == "plain ascii")
    }

    @Test func noSpellingGetsOneQuestionMarkPerCell() {
        #expect(Transliteration.ascii("東京駅 x") == "?????? x")
        #expect(Transliteration.ascii("🔌") == "??")
        #expect(Transliteration.ascii("\u{FFFD}") == "?")
    }

    @Test func resultIsAlwaysPrintableASCII() {
        let samples = ["Straße ÄÖÜ äöü", "東京 🔌⚡", "\u{25CC}\u{301}", "Ωmega ǅ ﬁ", "─│┌", "▁▂▃█"]
        for s in samples {
            let out = Transliteration.ascii(s)
            #expect(out.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }, "\(s) → \(out)")
        }
    }

    /// ASCII mode measures after transliterating, so a row keeps its columns.
    @MainActor @Test func asciiSurfaceKeepsColumnsAligned() {
        let s = MemorySurface(rows: 2, columns: 30, asciiOnly: true)
        s.put(0, 0, fit: "Sterneckstraße", 16)
        s.put(0, 17, "|", .plain)
        s.put(1, 0, fit: "Alpenstraße 東京", 16)
        s.put(1, 17, "|", .plain)
        #expect(s.lines[0].hasPrefix("Sterneckstrasse  |"))
        #expect(s.lines[1].hasPrefix("Alpenstrasse ..."))
        #expect(s.lines.allSatisfy { $0.firstIndex(of: "|") == $0.index($0.startIndex, offsetBy: 17) })
    }
}
