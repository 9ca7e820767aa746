import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// The receipt as a value: every figure the server gave, in the station's time and the
/// UI's number conventions; "—" for each one it did not give, nothing invented.
@Suite(.timeLimit(.minutes(1))) struct ReceiptTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18 11:06:40 UTC
    static let connector = Connector(id: "c1", evseId: "AT*HTB*E1", plugType: .type2)
    static let station = Station(
        id: "s1",
        name: "Mirabell Garage",
        address: Address(street: "Mirabellplatz", houseNumber: "4", zip: "5020", city: "Salzburg"),
        timeZone: "Europe/Vienna",
        connectors: [connector]
    )

    static func log(cost: SessionCost?, energy: Double? = 12.5, end: TimeInterval? = 3600, rate: String? = "Basic") -> Chargelog {
        Chargelog(
            id: "l1",
            status: .stopped,
            connector: connector,
            dateStart: start,
            dateEnd: end.map { start.addingTimeInterval($0) },
            energyKwh: energy ?? 0,
            rateName: rate,
            cost: cost,
            reportedEnergyKwh: .some(energy)
        )
    }

    static let twoItems = SessionCost(
        total: 5.4,
        grossAmount: 5.4,
        currency: "EUR",
        taxRate: 20,
        taxAmount: 0.9,
        items: [
            CostItem(description: "Energy 12.5 kWh", netAmount: 4.0, grossAmount: 4.8, taxAmount: 0.8, taxRate: 20),
            CostItem(description: "Session fee", netAmount: 0.5, grossAmount: 0.6, taxAmount: 0.1, taxRate: 20),
        ]
    )

    func value(_ r: Receipt, _ label: String) -> String? { r.facts.first { $0.label == label }?.value }

    @Test func everyFigureInTheStationsTimeAndTheUIsNumbers() {
        let utc = TimeZone(identifier: "UTC")!
        let r = Receipt.make(log: Self.log(cost: Self.twoItems), station: Self.station, peakKw: 11.04, language: .en, localZone: utc)
        #expect(r.title == "Mirabell Garage")
        #expect(r.address == "Mirabellplatz 4, 5020 Salzburg")
        #expect(value(r, "Connector") == "Type 2 · AT*HTB*E1")
        #expect(value(r, "Rate") == "Basic")
        #expect(value(r, "Start") == "2026-11-18 12:06", "Vienna is UTC+1 in November, whatever the terminal's zone")
        #expect(value(r, "End") == "2026-11-18 13:06")
        #expect(value(r, "Duration") == "01:00:00")
        #expect(value(r, "Time zone") == "Europe/Vienna")
        #expect(value(r, "Energy") == "12.50 kWh")
        #expect(value(r, "Average") == "12.5 kW", "energy over duration")
        #expect(value(r, "Peak") == "11.0 kW")
        #expect(r.items.map(\.gross) == ["4.80 EUR", "0.60 EUR"])
        #expect(
            r.items[0]
                == Receipt.CostLine(description: "Energy 12.5 kWh", net: "4.00 EUR", taxRate: "20%", tax: "0.80 EUR", gross: "4.80 EUR")
        )
        #expect(r.total == "5.40 EUR")
        #expect(r.taxLine == "incl. 20% tax: 0.90 EUR")
        #expect(r.notes.isEmpty, "the items add up to the total: nothing to say")
    }

    @Test func germanConventions() {
        let r = Receipt.make(log: Self.log(cost: Self.twoItems), station: Self.station, peakKw: nil, language: .de, localZone: .gmt)
        #expect(value(r, "Beginn") == "18.11.2026, 12:06")
        #expect(value(r, "Energie") == "12,50 kWh")
        #expect(r.items[1] == Receipt.CostLine(description: "Session fee", net: "0,50 €", taxRate: "20 %", tax: "0,10 €", gross: "0,60 €"))
        #expect(r.total == "5,40 €")
        #expect(value(r, "Spitze") == "—", "no samples: no peak")
    }

    @Test func missingFiguresAreDashesNeverZero() {
        let bare = SessionCost(currency: "EUR", items: [CostItem(description: "Energy")])
        let log = Self.log(cost: bare, energy: nil, end: nil, rate: nil)
        let r = Receipt.make(log: log, station: nil, peakKw: nil, language: .en, localZone: TimeZone(identifier: "Europe/Berlin")!)
        #expect(r.title == "AT*HTB*E1", "no station: the EVSE id")
        #expect(r.address == "—")
        for label in ["Rate", "End", "Duration", "Energy", "Average", "Peak"] { #expect(value(r, label) == "—", "\(label)") }
        #expect(value(r, "Time zone") == "Europe/Berlin (yours; the station's is unknown)", "the fallback says so")
        #expect(r.items == [Receipt.CostLine(description: "Energy", net: "—", taxRate: "—", tax: "—", gross: "—")])
        #expect(r.total == "—")
        #expect(r.taxLine == nil)
        #expect(r.notes.isEmpty)
        let noCost = Receipt.make(log: Self.log(cost: nil), station: Self.station, peakKw: nil, language: .en, localZone: .gmt)
        #expect(noCost.total == "—" && noCost.items.isEmpty)
    }

    @Test func noAverageForASessionUnderAMinute() {
        let r = Receipt.make(log: Self.log(cost: nil, energy: 0.2, end: 1), station: nil, peakKw: nil, language: .en, localZone: .gmt)
        #expect(value(r, "Average") == "—")
        #expect(value(r, "Duration") == "00:00:01")
    }

    @Test func itemsThatDoNotAddUpAreNamed() {
        var cost = Self.twoItems
        cost.grossAmount = 5.5
        let r = Receipt.make(log: Self.log(cost: cost), station: Self.station, peakKw: nil, language: .en, localZone: .gmt)
        #expect(r.total == "5.50 EUR", "the server's total is shown as given")
        #expect(r.notes == ["The items add up to 5.40 EUR; the server's total is 5.50 EUR."])
    }

    /// Several items whose gross amounts sum to the total, as a random mix of cents: the
    /// sum compares in cents, so binary fractions never make equal amounts disagree.
    @Test func severalItemsSummingToTheTotalAgree() {
        let seed = UInt64.random(in: 1...UInt64.max)
        var rng = SeededRandom(seed)
        for _ in 0..<200 {
            let cents = (0..<Int(rng.next() % 5 + 2)).map { _ in Int(rng.next() % 5000) }
            let items = cents.map { CostItem(description: "x", grossAmount: Double($0) / 100) }
            let cost = SessionCost(grossAmount: Double(cents.reduce(0, +)) / 100, currency: "EUR", items: items)
            let r = Receipt.make(log: Self.log(cost: cost), station: nil, peakKw: nil, language: .en, localZone: .gmt)
            #expect(r.notes.isEmpty, "seed \(seed): \(cents)")
            #expect(r.items.count == cents.count)
        }
    }

    @Test func aRunningSessionSaysSo() {
        var log = Self.log(cost: nil, end: nil)
        log.status = .started
        let r = Receipt.make(log: log, station: Self.station, peakKw: nil, language: .en, localZone: .gmt)
        #expect(r.notes == ["This session is still running."])
    }
}
