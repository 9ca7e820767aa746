@testable import ChargeTUI
import Foundation
import Testing

/// `TextWidth` against an independent width table: Python's `wcwidth` over the CJK,
/// Hangul, fullwidth, symbol and emoji blocks and the combining marks
/// (Tests/fixtures/wcwidth, made by make_wcwidth_fixture.py).
@Suite struct TextWidthTableTests {
    struct Run { let first: UInt32, last: UInt32, width: Int }

    static func fixture() throws -> [Run] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/wcwidth/wcwidth-cjk-emoji.txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let f = line.split(separator: " ")
            guard f.count == 3, let a = UInt32(f[0], radix: 16), let b = UInt32(f[1], radix: 16), let w = Int(f[2]) else { return nil }
            return Run(first: a, last: b, width: w)
        }
    }

    /// Unicode 16 made these wide (trigrams, monograms and digrams, hexagrams); the C
    /// library of Debian 12 (Unicode 15), and so ncursesw and tmux there, draw them narrow.
    static func changedInUnicode16(_ v: UInt32) -> Bool {
        (0x2630...0x2637).contains(v) || (0x268A...0x268F).contains(v) || (0x4DC0...0x4DFF).contains(v)
    }

    @Test func fixtureCoversTheBlocks() throws {
        let runs = try Self.fixture()
        let count = runs.reduce(0) { $0 + Int($1.last - $1.first + 1) }
        #expect(count > 90_000, "CJK, Hangul and emoji blocks are in the fixture")
        #expect(runs.contains { $0.first <= 0x1F50C && 0x1F50C <= $0.last && $0.width == 2 }, "🔌 is two cells")
    }

    /// Without a UTF-8 locale (tests, or a character the C library does not know).
    @Test func fallbackTableAgreesWithWcwidth() throws {
        var mismatches: [String] = []
        for run in try Self.fixture() {
            for v in run.first...run.last {
                guard let s = Unicode.Scalar(v), s.properties.generalCategory != .unassigned else { continue }
                let w = TextWidth.fallback(s)
                if w != run.width { mismatches.append("U+\(String(v, radix: 16, uppercase: true)) \(s) ours \(w) wcwidth \(run.width)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g. \(mismatches.prefix(20))")
    }

    /// In a UTF-8 locale `TextWidth` reads the C library, as ncursesw does when it draws:
    /// both must agree with the independent table. The locale is set for this thread only.
    @Test func utf8LocaleWidthsAgreeWithWcwidth() throws {
        guard let utf8 = newlocale(1 << LC_CTYPE, "C.UTF-8", nil) else {
            Issue.record("C.UTF-8 is missing on this host")
            return
        }
        let previous = uselocale(utf8)
        defer {
            uselocale(previous)
            freelocale(utf8)
        }
        var mismatches: [String] = []
        for run in try Self.fixture() {
            for v in run.first...run.last where !Self.changedInUnicode16(v) {
                guard let s = Unicode.Scalar(v), s.properties.generalCategory != .unassigned else { continue }
                let w = TextWidth.of(s)
                if w != run.width { mismatches.append("U+\(String(v, radix: 16, uppercase: true)) \(s) ours \(w) wcwidth \(run.width)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g. \(mismatches.prefix(20))")
    }

    /// Hostile names as the boundary leaves them measure what a memory surface (and curses)
    /// draws: a row's later columns start where they were measured to start.
    @MainActor @Test func safeTextMeasuresAsDrawn() {
        let names = ["Zeilen bruch Wagen", "Titel\u{FFFD}]0;PWNED\u{FFFD}Rot", "Cafe\u{301}\u{301}\u{301}\u{301} \u{25CC}\u{301}lone",
                     "Breit 東京駅 充電 ⚡🔌🚗👨👩👧", "Bidi evil iso Park"]
        let s = MemorySurface(rows: names.count, columns: 60)
        for (i, name) in names.enumerated() {
            s.put(i, 0, fit: name, 40)
            s.put(i, 41, "|", .plain)
        }
        for line in s.lines {
            let before = line.prefix { $0 != "|" }
            #expect(TextWidth.of(String(before)) == 41, "\(line)")
        }
    }
}
