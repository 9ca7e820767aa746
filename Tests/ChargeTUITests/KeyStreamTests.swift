import ChargeViewModels
import Testing

@testable import ChargeTUI

/// The escape sequences terminals send for the editing and cursor keys, fed as curses
/// passes them on when its terminfo entry does not list them: one byte at a time.
@Suite(.timeLimit(.minutes(1))) struct KeyStreamTests {
    /// Feeds `bytes` as non-function codes and ends the read.
    static func decode(_ bytes: [UInt8]) -> [KeyDecoder.Input] {
        var stream = KeyStream()
        var out: [KeyDecoder.Input] = []
        for b in bytes { out += stream.feed(Int32(b), isFunctionKey: false) }
        out += stream.endOfInput()
        out += stream.expire()
        return out.filter { $0 != .ignored }
    }

    static func esc(_ rest: String) -> [UInt8] { [27] + Array(rest.utf8) }

    static let table: [(String, [UInt8], KeyPress)] = [
        ("Home ESC[1~ (tmux, PuTTY, rxvt)", esc("[1~"), .home),
        ("End ESC[4~ (tmux, PuTTY, rxvt)", esc("[4~"), .end),
        ("Home ESC[H (xterm normal mode)", esc("[H"), .home),
        ("End ESC[F (xterm normal mode)", esc("[F"), .end),
        ("Home ESC OH (xterm application mode)", esc("OH"), .home),
        ("End ESC OF (xterm application mode)", esc("OF"), .end),
        ("Home ESC[7~ (rxvt)", esc("[7~"), .home),
        ("End ESC[8~ (rxvt)", esc("[8~"), .end),
        ("Shift-Home ESC[7$ (rxvt)", esc("[7$"), .home),
        ("Ctrl-End ESC[8^ (rxvt)", esc("[8^"), .end),
        ("Ctrl-Home ESC[1;5H (xterm)", esc("[1;5H"), .home),
        ("Shift-End ESC[1;2F (xterm)", esc("[1;2F"), .end),
        ("PgUp ESC[5~", esc("[5~"), .pageUp),
        ("PgDn ESC[6~", esc("[6~"), .pageDown),
        ("Ctrl-PgDn ESC[6;5~", esc("[6;5~"), .pageDown),
        ("Insert ESC[2~", esc("[2~"), .insert),
        ("Delete ESC[3~", esc("[3~"), .delete),
        ("Shift-Delete ESC[3;2~", esc("[3;2~"), .delete),
        ("Up ESC[A", esc("[A"), .up),
        ("Down ESC OB", esc("OB"), .down),
        ("Ctrl-Right ESC[1;5C", esc("[1;5C"), .right),
        ("Left ESC OD", esc("OD"), .left),
        ("Back-tab ESC[Z", esc("[Z"), .backTab),
        ("F1 ESC OP", esc("OP"), .function(1)),
        ("F2 ESC[12~", esc("[12~"), .function(2)),
        ("F2 ESC[[B (Linux console)", esc("[[B"), .function(2)),
        ("F5 ESC[15~", esc("[15~"), .function(5)),
        ("F10 ESC[21~", esc("[21~"), .function(10)),
        ("keypad Enter ESC OM", esc("OM"), .enter),
        ("keypad + ESC Ok", esc("Ok"), .char("+")),
        ("keypad - ESC Om", esc("Om"), .char("-")),
    ]

    @Test(arguments: table.indices)
    func sequence(_ i: Int) {
        let (name, bytes, key) = Self.table[i]
        #expect(Self.decode(bytes) == [.key(key)], "\(name)")
    }

    @Test func unknownSequencesAreIgnoredNeverEsc() {
        for bytes in [
            Self.esc("[99~"), Self.esc("[200~"), Self.esc("[?1;2c"), Self.esc("[<0;3;4M"), Self.esc("[I"), Self.esc("OZ"),
            Self.esc("[" + String(repeating: "1", count: 40) + "~"),
        ] {
            #expect(Self.decode(bytes) == [], "\(bytes)")
        }
    }

    @Test func aLoneEscIsEscOnlyAtTheEndOfTheRead() {
        var s = KeyStream()
        #expect(s.feed(27, isFunctionKey: false) == [])
        #expect(s.endOfInput() == [.key(.escape)])
        #expect(!s.isPending)
    }

    @Test func escThenAKeyStaysBoth() {
        #expect(Self.decode([27, UInt8(ascii: "q")]) == [.key(.escape), .key(.char("q"))])
        #expect(Self.decode([27, 27]) == [.key(.escape), .key(.escape)])
    }

    @Test func keysAroundASequenceAreKept() {
        let bytes = Array("ab".utf8) + Self.esc("[1~") + Array("c".utf8) + Self.esc("[4~")
        #expect(Self.decode(bytes) == [.key(.char("a")), .key(.char("b")), .key(.home), .key(.char("c")), .key(.end)])
    }

    @Test func aSequenceSplitAcrossReadsIsJoined() {
        var s = KeyStream()
        _ = s.feed(27, isFunctionKey: false)
        _ = s.feed(Int32(UInt8(ascii: "[")), isFunctionKey: false)
        #expect(s.endOfInput() == [], "half a sequence waits for its rest")
        _ = s.feed(Int32(UInt8(ascii: "1")), isFunctionKey: false)
        #expect(s.feed(Int32(UInt8(ascii: "~")), isFunctionKey: false) == [.key(.home)])
    }

    @Test func aHalfSequenceExpiresWithoutTyping() {
        var s = KeyStream()
        for b in Self.esc("[1") { _ = s.feed(Int32(b), isFunctionKey: false) }
        #expect(s.expire() == [])
        #expect(s.feed(Int32(UInt8(ascii: "x")), isFunctionKey: false) == [.key(.char("x"))])
    }

    @Test func aBrokenSequenceDropsOnlyItself() {
        // ESC [ 1 then Enter (a control byte): the sequence is dropped, Enter is kept.
        #expect(Self.decode(Self.esc("[1") + [13]) == [.key(.enter)])
    }

    @Test func cursesDecodedKeys() {
        // Codes curses decodes itself from terminfo (khome/kend, keypad corners, vt220
        // Find/Select), and extended names with modifiers.
        let cases: [(Int32, KeyPress)] = [
            (0o406, .home), (0o550, .end), (0o534, .home), (0o537, .end), (0o552, .home), (0o601, .end),
            (0o535, .pageUp), (0o540, .pageDown), (0o513, .insert), (0o512, .delete), (0o607, .home), (0o602, .end),
        ]
        for (code, key) in cases {
            #expect(KeyDecoder.decode(code, isFunctionKey: true) == .key(key), "\(String(code, radix: 8))")
        }
        #expect(KeyDecoder.decode(0o1100, isFunctionKey: true, name: "kHOM5") == .key(.home))
        #expect(KeyDecoder.decode(0o1101, isFunctionKey: true, name: "kEND3") == .key(.end))
        #expect(KeyDecoder.decode(0o1102, isFunctionKey: true, name: "kxIN") == .ignored)
        var s = KeyStream()
        _ = s.feed(27, isFunctionKey: false)
        #expect(s.feed(0o406, isFunctionKey: true) == [.key(.escape), .key(.home)])
    }
}
