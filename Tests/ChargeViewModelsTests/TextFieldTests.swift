import ChargeViewModels
import Testing

/// Editing fields with a cursor.
@Suite(.timeLimit(.minutes(1))) struct TextFieldTests {
    @Test func insertDeleteMoveAndPaste() {
        var f = TextField("ac")
        f.apply(.left)
        f.apply(.char("b"))
        #expect(f.text == "abc" && f.cursor == 2)
        f.apply(.home)
        f.apply(.delete)
        #expect(f.text == "bc" && f.cursor == 0)
        f.apply(.end)
        f.apply(.backspace)
        #expect(f.text == "b")
        f.apply(.paste("ü漢\nx"))
        #expect(f.text == "bü漢x")
        f.apply(.ctrl("u"))
        #expect(f.text.isEmpty && f.cursor == 0)
    }

    @Test func secureFieldsShowBullets() {
        var f = TextField("", isSecure: true)
        f.apply(.paste("hunter2"))
        #expect(f.display == "•••••••")
    }

    @Test func maxLengthIsKept() {
        var f = TextField("", maxLength: 3)
        f.apply(.paste("abcdef"))
        #expect(f.text == "abc")
    }
}
