import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// Enter on a station never starts a paid charge by itself: the confirmation comes first,
/// on a personal terminal and on a kiosk alike. Driven by keys against fakes.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct ConfirmBeforeStartTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }
    let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("confirm-\(UUID().uuidString)")
    var cards: [ChargingCard] {
        [
            ChargingCard(id: "k1", tagId: "T1", number: "HTB-1", label: "Private card"),
            ChargingCard(id: "k2", tagId: "T2", number: "HTB-2", label: "Company card"),
        ]
    }

    func openStation(kiosk: Bool = false) async throws -> AppViewModel {
        fake.serve(3)
        fake.cardsResult = cards
        let settings =
            kiosk
            ? AppDriver.settings(
                hint: false,
                stateDirectory: stateDir,
                kiosk: KioskSettings(
                    idleSeconds: 180,
                    countdownSeconds: 30,
                    verifyPin: { _ in false },
                    maxPinAttempts: 3,
                    pinLockoutSeconds: 30
                )
            )
            : AppDriver.settings(stateDirectory: stateDir)
        let app = driver.makeApp(settings, viewport: kiosk ? nil : (8, 80))
        await driver.signIn(app, as: kiosk ? "alice" : nil)
        app.handle(.enter)
        try await waitUntil("the station") { app.state.detail?.rows.isEmpty == false && app.state.detail?.loading == false }
        return app
    }

    @Test func enterShowsTheConfirmationAndSendsNothing() async throws {
        let app = try await openStation()
        app.handle(.enter)
        try await waitUntil("the confirmation") { app.state.detail?.start.confirmation != nil }
        #expect(fake.starts.isEmpty, "nothing is sent before the user confirms")
        #expect(app.state.keyHints.map(\.label) == ["card", "confirm", "cancel"])
        app.handle(.escape)
        await app.settle()
        #expect(fake.starts.isEmpty)
        #expect(app.state.route == .detail, "Esc leaves the confirmation, not the station")
        #expect(app.state.detail?.start.isIdle == true)
        #expect(app.state.status.message == app.state.strings.startCancelled)
    }

    @Test func theChosenCardPaysAndIsTheDefaultNextTime() async throws {
        let app = try await openStation()
        app.handle(.enter)
        try await waitUntil("the confirmation") { app.state.detail?.start.confirmation != nil }
        #expect(app.state.detail?.start.confirmation?.selectedCard?.card.id == "k1")
        app.handle(.down)
        app.handle(.enter)
        try await waitUntil("the live panel") { app.state.route == .live }
        #expect(fake.starts.map(\.card) == ["k2"])
        #expect(StationMemory.load(from: stateDir).lastCardId == "k2", "remembered for next time")

        // Stop, back to the station: the company card is offered first now.
        app.handle(.escape)
        await app.settle()
        app.handle(.enter)
        try await waitUntil("the station again") { app.state.route == .detail && app.state.detail?.loading == false }
        app.handle(.down)  // another free connector
        app.handle(.enter)
        try await waitUntil("the confirmation") { app.state.detail?.start.confirmation != nil }
        #expect(app.state.detail?.start.confirmation?.selectedCard?.card.id == "k2")
    }

    @Test func keysOtherThanTheConfirmationsDoNotMoveTheStationView() async throws {
        let app = try await openStation()
        let selected = app.state.detail?.selected
        app.handle(.enter)
        try await waitUntil("the confirmation") { app.state.detail?.start.confirmation != nil }
        app.handle(.char("r"))
        app.handle(.char("*"))
        #expect(app.state.detail?.selected == selected)
        #expect(app.state.detail?.isFavourite == false, "* was not taken by the station view")
        #expect(app.state.detail?.start.confirmation != nil)
        #expect(fake.starts.isEmpty)
    }

    @Test func aKioskConfirmsTooAndRemembersNoCard() async throws {
        let app = try await openStation(kiosk: true)
        app.handle(.enter)
        try await waitUntil("the confirmation") { app.state.detail?.start.confirmation != nil }
        #expect(fake.starts.isEmpty)
        app.handle(.down)
        app.handle(.enter)
        try await waitUntil("the live panel") { app.state.route == .live }
        #expect(fake.starts.map(\.card) == ["k2"])
        #expect(StationMemory.load(from: stateDir).lastCardId == nil, "a shared kiosk keeps no one's card")
    }
}
