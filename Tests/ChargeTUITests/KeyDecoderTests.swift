import Testing

@testable import ChargeTUI

/// ncurses key codes → keys.
@Suite(.timeLimit(.minutes(1))) struct KeyDecoderTests {
    @Test func decodesFunctionKeysAndCharacters() {
        #expect(KeyDecoder.decode(0o403, isFunctionKey: true) == .key(.up))
        #expect(KeyDecoder.decode(0o522, isFunctionKey: true) == .key(.pageDown))
        #expect(KeyDecoder.decode(0o632, isFunctionKey: true) == .resize)
        #expect(KeyDecoder.decode(0o410 + 2, isFunctionKey: true) == .key(.function(2)))
        #expect(KeyDecoder.decode(13, isFunctionKey: false) == .key(.enter))
        #expect(KeyDecoder.decode(27, isFunctionKey: false) == .key(.escape))
        #expect(KeyDecoder.decode(127, isFunctionKey: false) == .key(.backspace))
        #expect(KeyDecoder.decode(3, isFunctionKey: false) == .key(.ctrl("c")))
        #expect(KeyDecoder.decode(0xFC, isFunctionKey: false) == .key(.char("ü")))
        #expect(KeyDecoder.decode(0x6F22, isFunctionKey: false) == .key(.char("漢")))
    }
}
