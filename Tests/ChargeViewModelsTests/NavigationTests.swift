import ChargeViewModels
import Testing

/// Navigation as a value: its transitions on their own.
@Suite(.timeLimit(.minutes(1))) struct NavigationTests {
    @Test func signOutRemembersWhereTheUserWas() {
        var n = Navigation()
        #expect(n.route == .signIn)
        n.signedIn()
        #expect(n.route == .stations)
        n.go(.live)
        n.signedOut()
        #expect(n.route == .signIn && n.returnTo == .live)
        n.signedIn()
        #expect(n.route == .live && n.returnTo == nil)
    }

    @Test func backGoesUpOneLevel() {
        var n = Navigation()
        n.signedIn()
        n.go(.detail)
        let wentBack = n.back()
        #expect(wentBack && n.route == .stations)
        let again = n.back()
        #expect(!again)
        n.go(.live)
        let fromLive = n.back()
        #expect(!fromLive, "the live panel is left with Esc only through its own handler")
    }
}

/// Editing fields with a cursor.
@Suite(.timeLimit(.minutes(1))) struct TextFieldTests {
    @Test func insertDeleteMoveAndPaste() {
        var f = TextField("ac")
        f.apply(.left)
        f.apply(.char("b"))
        #expect(f.text == "abc" && f.cursor == 2)
        f.apply(.home); f.apply(.delete)
        #expect(f.text == "bc" && f.cursor == 0)
        f.apply(.end); f.apply(.backspace)
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

/// Language and formatting.
@Suite(.timeLimit(.minutes(1))) struct LanguageAndFormatTests {
    @Test func languageFromEnvironment() {
        #expect(Language.detect(environment: ["LANG": "de_AT.UTF-8"]) == .de)
        #expect(Language.detect(environment: ["LC_ALL": "en_GB.UTF-8", "LANG": "de_DE.UTF-8"]) == .en)
        #expect(Language.detect(environment: ["LANG": "C.UTF-8"]) == .en)
        #expect(Language.detect(environment: [:]) == .en)
    }

    @Test func germanCatalogue() {
        let de = Strings(.de)
        #expect(de.signInTitle == "Anmelden")
        #expect(de.stationsWithin(3, "5 km") == "3 Stationen im Umkreis von 5 km")
        #expect(Strings(.en).stationsWithin(1, "5 km") == "1 station within 5 km")
    }

    @Test func figures() {
        #expect(Format.distance(0.254) == "0.25 km")
        #expect(Format.distance(12.4) == "12 km")
        #expect(Format.power(22) == "22 kW")
        #expect(Format.power(3.7) == "3.7 kW")
        #expect(Format.energy(12.414) == "12.41 kWh")
        #expect(Format.money(4.339, "EUR") == "4.34 EUR")
        #expect(Format.duration(3723) == "01:02:03")
        #expect(Format.parsePosition(" 47.8, 13.05 ") != nil)
        #expect(Format.parsePosition("91,0") == nil)
        #expect(Format.parsePosition("abc") == nil)
    }
}
