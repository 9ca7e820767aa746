import ChargeViewModels
import Testing

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
