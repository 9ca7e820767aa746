import Testing

@testable import ChargeTUI

/// Display width and truncation with umlauts, accents, CJK and combining marks.
@Suite(.timeLimit(.minutes(1))) struct TextWidthTests {
    @Test func widths() {
        #expect(TextWidth.of("Zürich") == 6)
        #expect(TextWidth.of("Café") == 4)
        #expect(TextWidth.of("e\u{301}") == 1, "combining acute accent takes no cell")
        #expect(TextWidth.of("充电站") == 6)
        #expect(TextWidth.of("ÖAMTC Straße") == 12)
    }

    @Test func truncationByDisplayWidthNeverSplitsAWideCharacter() {
        #expect(TextWidth.truncate("Münchner Bundesstraße", to: 10) == "Münchner …")
        #expect(TextWidth.truncate("充电站充电站", to: 5) == "充电…")
        #expect(TextWidth.of(TextWidth.truncate("充电站充电站", to: 6)) <= 6)
        #expect(TextWidth.truncate("short", to: 10) == "short")
        #expect(TextWidth.truncate("abcdef", to: 4, ellipsis: "...") == "a...")
        #expect(TextWidth.fit("ab", 4) == "ab  ")
        #expect(TextWidth.fit("ab", 4, alignRight: true) == "  ab")
    }

    @MainActor @Test func memorySurfaceKeepsWideCellsAligned() {
        let s = MemorySurface(rows: 1, columns: 8)
        s.put(0, 0, "充电ab", .plain)
        #expect(s.lines[0] == "充电ab  ")
        s.put(0, 6, "xyz", .plain)
        #expect(s.text == "充电abxy")
    }
}
