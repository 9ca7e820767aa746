import ChargeCore
import Foundation
import Testing

@testable import ChargeViewModels

/// German conventions in the German UI, through Foundation's locale-aware formatting.
@Suite(.timeLimit(.minutes(1))) struct GermanFormatTests {
    @Test func numbersMoneyAndDistances() {
        #expect(Format.energy(12.414, .de) == "12,41 kWh")
        #expect(Format.price(0.35, "EUR", .de) == "0,35 €/kWh")
        #expect(Format.money(4.34, "EUR", .de) == "4,34 €")
        #expect(Format.money(4.34, "CHF", .de) == "4,34 CHF")
        #expect(Format.distance(3.444, .de) == "3,44 km")
        #expect(Format.distance(12.4, .de) == "12 km")
        #expect(Format.radius(5, .de) == "5 km")
        #expect(Format.radius(2.5, .de) == "2,5 km")
        #expect(Format.power(3.7, .de) == "3,7 kW")
        #expect(Format.livePower(10.96, .de) == "11,0 kW")
    }

    @Test func englishStaysAsItWas() {
        #expect(Format.energy(12.414, .en) == "12.41 kWh")
        #expect(Format.price(0.39, "EUR", .en) == "0.39 EUR/kWh")
        #expect(Format.money(4.34, "EUR", .en) == "4.34 EUR")
        #expect(Format.distance(0.254, .en) == "0.25 km")
        #expect(Format.radius(5, .en) == "5 km")
        #expect(Format.power(22, .en) == "22 kW")
        #expect(Format.money(nil, "EUR", .de) == "–")
    }

    @Test func datesAndDays() throws {
        var local = Calendar(identifier: .gregorian)
        local.timeZone = TimeZone.current
        let date = try #require(local.date(from: DateComponents(year: 2026, month: 11, day: 25, hour: 14, minute: 3)))
        #expect(Format.dateTime(date, .de) == "25.11.2026, 14:03")
        #expect(Format.dateTime(date, .en) == "2026-11-25 14:03")
        #expect(Format.dayName("MONDAY", .de) == "Montag")
        #expect(Format.dayName("SUNDAY", .en) == "Sunday")
        #expect(Format.dayName("MONDAY-SUNDAY", .de) == "Montag–Sonntag")
        #expect(Format.dayName("MONDAY-SATURDAY", .en) == "Monday–Saturday")
        #expect(Format.dayName("Holiday", .de) == "Holiday")
    }

    @Test func connectorStatusesAreTranslated() {
        let de = Strings(.de)
        #expect(de.connectorStatus(.available) == "Verfügbar")
        #expect(de.connectorStatus(.faulted) == "Außer Betrieb")
        #expect(de.connectorStatus(.charging) == "Lädt")
        #expect(Strings(.en).connectorStatus(.available) == "Available")
        #expect(de.connectorStatus(.other("Weird")) == "Weird")
    }
}
