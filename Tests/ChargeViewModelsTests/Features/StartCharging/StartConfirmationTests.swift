import ChargeCore
import ChargeViewModels
import Foundation
import Testing

/// The confirmation before a paid start as a value: what it shows, which card it offers
/// first, and what each key does. No services, no clock but the `now` it is given.
@Suite(.timeLimit(.minutes(1))) struct StartConfirmationTests {
    let t = Strings(.en)
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let station = Station(
        id: "s1",
        name: "Mirabell Garage",
        address: Address(street: "Mirabellplatz", houseNumber: "4", zip: "5020", city: "Salzburg")
    )
    let connector = Connector(
        id: "c1",
        label: "2",
        evseId: "AT*HTB*E1*2",
        plugType: .ccs,
        powerType: .dc,
        maxPowerKw: 50,
        pricePerKwh: 0.59,
        currency: "EUR"
    )
    var valid: ChargingCard {
        ChargingCard(id: "k1", tagId: "T1", number: "HTB-1", label: "Private card", expiryDate: now.addingTimeInterval(86400 * 90))
    }
    var company: ChargingCard {
        ChargingCard(id: "k2", tagId: "T2", number: "HTB-2", label: "Company card", expiryDate: now.addingTimeInterval(86400 * 400))
    }
    var expired: ChargingCard {
        ChargingCard(id: "k0", tagId: "T0", number: "HTB-0", label: "Old card", expiryDate: now.addingTimeInterval(-86400))
    }

    func confirming(_ cards: [ChargingCard], last: String? = nil, connector: Connector? = nil) -> StartCharging {
        var s = StartCharging()
        s.checkCards()
        s.confirm(StartConfirmation(station: station, connector: connector ?? self.connector, cards: cards, lastCardId: last, now: now, t))
        return s
    }

    @Test func showsTheStationConnectorPriceAndCard() throws {
        let c = try #require(confirming([valid]).confirmation)
        #expect(c.stationLine == "Mirabell Garage · Mirabellplatz 4, 5020 Salzburg")
        #expect(c.connectorLine == "EVSE AT*HTB*E1*2 · CCS · 50 kW DC")
        #expect(c.priceLine == "0.59 EUR/kWh" && !c.priceUnknown)
        #expect(c.cards.map(\.text) == ["Private card · HTB-1 · valid to \(month(valid.expiryDate))"])
    }

    @Test func aPriceTheDataDoesNotHoldIsSaidNotInvented() throws {
        var free = connector
        free.pricePerKwh = nil
        let c = try #require(confirming([valid], connector: free).confirmation)
        #expect(c.priceUnknown)
        #expect(c.priceLine == t.priceNotGiven)
        #expect(!c.priceLine.contains("0"), "no figure where the server gave none")
    }

    @Test func theLastUsedCardIsTheDefaultAndOtherwiseTheFirstValidOne() throws {
        #expect(confirming([valid, company], last: "k2").confirmation?.selectedCard?.card.id == "k2")
        #expect(confirming([valid, company], last: "gone").confirmation?.selectedCard?.card.id == "k1")
        #expect(confirming([expired, company]).confirmation?.selectedCard?.card.id == "k2", "an expired card is never the default")
        #expect(confirming([expired, company], last: "k0").confirmation?.selectedCard?.card.id == "k2")
    }

    @Test func arrowsPickTheCardAndEnterConfirmsWithIt() {
        var s = confirming([valid, company])
        #expect(s.confirmKey(.down, t) == .edited)
        #expect(s.confirmation?.selectedCard?.card.id == "k2")
        #expect(s.confirmKey(.down, t) == .edited)
        #expect(s.confirmation?.selectedCard?.card.id == "k1", "the list wraps")
        _ = s.confirmKey(.up, t)
        guard case .confirmed(let start) = s.confirmKey(.enter, t) else {
            Issue.record("Enter did not confirm")
            return
        }
        #expect(start.card.id == "k2" && start.connector.id == "c1" && start.station.id == "s1")
        #expect(s.isStarting && s.confirmation == nil, "confirmed: the start goes out")
    }

    @Test func escCancelsAndSaysNothingWasCharged() {
        var s = confirming([valid])
        #expect(s.confirmKey(.escape, t) == .cancelled)
        #expect(s.isIdle)
        #expect(s.notice == t.startCancelled)
        #expect(s.confirmKey(.enter, t) == .edited, "after cancelling, Enter in the flow confirms nothing")
    }

    @Test func anExpiredCardIsRefusedBeforeAnythingIsSent() {
        var s = confirming([expired, valid])
        _ = s.confirmKey(.up, t)  // onto the expired card
        #expect(s.confirmation?.selectedCard?.expired == true)
        #expect(s.confirmKey(.enter, t) == .edited)
        #expect(s.confirmation?.problem == t.cardExpiredPickAnother)
        _ = s.confirmKey(.down, t)
        #expect(s.confirmation?.problem == nil, "moving on clears the reason")
        if case .confirmed(let start) = s.confirmKey(.enter, t) {
            #expect(start.card.id == "k1")
        } else {
            Issue.record("a valid card did not confirm")
        }
    }

    @Test func otherKeysChangeNothing() {
        var s = confirming([valid])
        let before = s
        for key: KeyPress in [.char("x"), .char("s"), .pageDown, .home, .left] { #expect(s.confirmKey(key, t) == .edited) }
        #expect(s == before)
    }

    func month(_ d: Date?) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let c = calendar.dateComponents([.month, .year], from: d!)
        return String(format: "%02d/%04d", c.month!, c.year!)
    }
}
