import Foundation
import Testing

@testable import ChargeTUI

/// The C library's wcwidth(3), called directly (Glibc's module does not export it).
@_silgen_name("wcwidth") private func libcWcwidth(_ c: wchar_t) -> Int32

/// `TextWidth` against an independent width table: Python's `wcwidth` over the CJK,
/// Hangul, fullwidth, symbol and emoji blocks and the combining marks
/// (Tests/fixtures/wcwidth, made by make_wcwidth_fixture.py).
@Suite(.timeLimit(.minutes(1))) struct TextWidthTableTests {
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

    /// Where glibc 2.36 (what ncursesw draws with, and what `TextWidth` reads in a UTF-8
    /// locale) and `wcwidth` disagree; found by this test, kept as an exact list so a new
    /// difference fails: Hangul tone marks (Mc; glibc 2, wcwidth 0), circled numbers on
    /// black squares (East Asian Ambiguous; glibc 2, wcwidth 1), regional indicators
    /// (glibc 1, wcwidth 2). Default-ignorable code points are not compared: `DisplayText`
    /// removes them from server text.
    static let glibcDiffers: Set<UInt32> = Set([0x302E, 0x302F] + Array(0x3248...0x324F) + Array(0x1F1E6...0x1F1FF))
    /// Where the fallback table (no UTF-8 locale) and `wcwidth` disagree: the Hangul tone
    /// marks, which the fallback measures as one cell (glibc: 2, wcwidth: 0).
    static let fallbackDiffers: Set<UInt32> = [0x302E, 0x302F]

    /// Scalars compared: assigned (in Swift's Unicode) and not default-ignorable.
    static func compared(_ v: UInt32) -> Unicode.Scalar? {
        guard let s = Unicode.Scalar(v), s.properties.generalCategory != .unassigned, !s.properties.isDefaultIgnorableCodePoint else {
            return nil
        }
        return s
    }

    @Test func fixtureCoversTheBlocks() throws {
        let runs = try Self.fixture()
        let count = runs.reduce(0) { $0 + Int($1.last - $1.first + 1) }
        #expect(count > 80_000, "CJK, Hangul and emoji blocks are in the fixture")
        #expect(runs.contains { $0.first <= 0x1F50C && 0x1F50C <= $0.last && $0.width == 2 }, "🔌 is two cells")
    }

    /// Without a UTF-8 locale (tests, or a character the C library does not know).
    @Test func fallbackTableAgreesWithWcwidth() throws {
        var mismatches: [UInt32] = []
        for run in try Self.fixture() {
            for v in run.first...run.last {
                guard let s = Self.compared(v) else { continue }
                let w = TextWidth.fallback(s)
                if w != run.width { mismatches.append(v) }
            }
        }
        #expect(Set(mismatches) == Self.fallbackDiffers, "differ: \(mismatches.map { String($0, radix: 16) })")
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
        var mismatches: [UInt32] = []
        for run in try Self.fixture() {
            for v in run.first...run.last where !Self.changedInUnicode16(v) {
                guard let s = Self.compared(v) else { continue }
                if TextWidth.of(s) != run.width { mismatches.append(v) }
                // TextWidth in a UTF-8 locale is the C library's wcwidth, what curses draws with.
                let libc = Int(libcWcwidth(wchar_t(bitPattern: v)))
                if libc >= 0 && TextWidth.of(s) != libc {
                    Issue.record("U+\(String(v, radix: 16)): TextWidth \(TextWidth.of(s)), wcwidth(3) \(libc)")
                }
            }
        }
        #expect(Set(mismatches) == Self.glibcDiffers, "differ: \(mismatches.map { String($0, radix: 16) })")
    }

    /// Hostile names as the boundary leaves them measure what a memory surface (and curses)
    /// draws: a row's later columns start where they were measured to start.
    @MainActor @Test func safeTextMeasuresAsDrawn() {
        let names = [
            "Zeilen bruch Wagen", "Titel\u{FFFD}]0;PWNED\u{FFFD}Rot", "Cafe\u{301}\u{301}\u{301}\u{301} \u{25CC}\u{301}lone",
            "Breit 東京駅 充電 ⚡🔌🚗👨👩👧", "Bidi evil iso Park",
        ]
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
