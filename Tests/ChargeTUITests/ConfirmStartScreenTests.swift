import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

@testable import ChargeTUI

/// The confirmation before a paid start, drawn at 80×24 (and the 40×10 minimum): every
/// figure the user confirms is on screen, in the UI's language and number conventions.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct ConfirmStartScreenTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }

    func confirming(_ language: Language = .en, cards: [ChargingCard]) async throws -> AppViewModel {
        fake.serve(3)
        fake.cardsResult = cards
        var settings = AppDriver.settings()
        settings.language = language
        let app = driver.makeApp(settings)
        await driver.signIn(app)
        app.handle(.enter)
        try await waitUntil("the station") { app.state.detail?.rows.isEmpty == false && app.state.detail?.loading == false }
        app.handle(.enter)
        try await waitUntil("the confirmation") { app.state.detail?.start.confirmation != nil }
        return app
    }

    var twoCards: [ChargingCard] {
        [
            ChargingCard(id: "k1", tagId: "T1", number: "HTB-1", label: "Private card"),
            ChargingCard(id: "k2", tagId: "T2", number: "HTB-2", label: "Company card"),
        ]
    }

    @Test func at80x24EveryFigureIsShownAndTheChosenCardMarked() async throws {
        let app = try await confirming(cards: twoCards)
        let s = render(app, 24, 80)
        let text = s.text
        for needle in [
            "Start charging?", "Station s0 · Main St 1, 5020 Salzburg", "Type 2 · 22 kW AC", "0.40 EUR/kWh", "Pay with",
            "◉ Private card · HTB-1", "○ Company card · HTB-2", "Enter starts charging", "Enter confirm", "Esc cancel",
        ] {
            #expect(text.contains(needle), "missing \(needle)\n\(text)")
        }
        #expect(s.style(of: "◉ Private card")?.reverse == true, "the chosen card is highlighted")
        app.handle(.down)
        let moved = render(app, 24, 80)
        #expect(moved.text.contains("○ Private card") && moved.text.contains("◉ Company card"))
    }

    @Test func germanUsesGermanWordsAndNumbers() async throws {
        let app = try await confirming(.de, cards: twoCards)
        let text = render(app, 24, 80).text
        #expect(text.contains("Laden starten?"))
        #expect(text.contains("0,40 €/kWh"))
        #expect(text.contains("Bezahlen mit"))
    }

    @Test func asciiTerminalsGetPlainMarks() async throws {
        let app = try await confirming(cards: twoCards)
        let text = render(app, 24, 80, ascii: true).text
        #expect(text.contains("(*) Private card") && text.contains("( ) Company card"))
        #expect(text.allSatisfy { $0.isASCII })
    }

    @Test func theSmallestTerminalStillShowsPriceAndCard() async throws {
        let app = try await confirming(cards: twoCards)
        let text = render(app, 10, 40).text
        #expect(text.contains("0.40 EUR/kWh"))
        #expect(text.contains("Private card"))
    }
}
