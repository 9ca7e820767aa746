import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// Opening hours in the view models: the detail's line (English and German), the list's
/// closed mark, and the "open now" filter, including a server that refuses it.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct OpeningHoursViewModelTests {
    typealias F = OpeningHoursFixtures

    func app(
        at date: Date,
        language: Language = .en,
        stations: [Station] = F.mixed,
        refuseOpenNow: Bool = false
    ) async
        -> (AppViewModel, FakeServices)
    {
        let driver = AppDriver(clock: ManualTimeSource(start: date))
        F.serve(stations, on: driver.fake, refuseOpenNow: refuseOpenNow)
        var settings = AppDriver.settings()
        settings.language = language
        let a = driver.makeApp(settings)
        await driver.signIn(a)
        return (a, driver.fake)
    }

    func detail(_ a: AppViewModel, row: Int) async -> StationDetailState? {
        for _ in 0..<row { a.handle(.down) }
        a.handle(.enter)
        await a.settle()
        return a.state.detail
    }

    @Test func theDetailSaysClosedAndWhenItOpens() async {
        let (a, _) = await app(at: F.vienna(26, 22, 55))
        let d = await detail(a, row: 0)
        #expect(d?.openingLine == "Closed · opens Fri 07:00", "the issue's 22:55 on a Thursday")
        #expect(d?.hoursLine == "Monday–Saturday 07:00–21:00", "the hours as sent stay beside it")
        let (sat, _) = await app(at: F.vienna(28, 22, 55))
        #expect(await detail(sat, row: 0)?.openingLine == "Closed · opens Mon 07:00")
        let (early, _) = await app(at: F.vienna(26, 6, 30))
        #expect(await detail(early, row: 0)?.openingLine == "Closed · opens 07:00", "today: no weekday")
    }

    @Test func theDetailSaysOpenNowUntilWhen() async {
        let (a, _) = await app(at: F.vienna(26, 10))
        #expect(await detail(a, row: 0)?.openingLine == "Open now · closes 21:00")
        let (b, _) = await app(at: F.vienna(26, 10))
        let always = await detail(b, row: 1)
        #expect(always?.openingLine == "Open 24/7" && always?.opening == .alwaysOpen)
    }

    @Test func inGermanWithGermanDayNames() async {
        let (a, _) = await app(at: F.vienna(28, 22, 55), language: .de)
        #expect(await detail(a, row: 0)?.openingLine == "Geschlossen · öffnet Mo 07:00")
        let (b, _) = await app(at: F.vienna(26, 10), language: .de)
        #expect(await detail(b, row: 0)?.openingLine == "Jetzt geöffnet · schließt um 21:00")
        let (c, _) = await app(at: F.vienna(26, 10), language: .de)
        #expect(await detail(c, row: 1)?.openingLine == "Rund um die Uhr geöffnet")
        let nights = [F.station("n", km: 0.1, hours: [OpeningHours(dayOfWeek: "MONDAY-FRIDAY", from: "22:00", to: "06:00")])]
        let (d, _) = await app(at: F.vienna(26, 23), language: .de, stations: nights)
        #expect(await detail(d, row: 0)?.openingLine == "Jetzt geöffnet · schließt Fr 06:00", "overnight: closes tomorrow")
    }

    @Test func unreadableHoursOrNoZoneSayNothing() async {
        let (a, _) = await app(at: F.vienna(26, 22, 55))
        let garbled = await detail(a, row: 2)
        #expect(garbled?.opening == .unknown && garbled?.openingLine == "")
        #expect(garbled?.hoursLine.contains("Funday") == true, "the raw hours are still shown, as sent")
        let (b, _) = await app(at: F.vienna(26, 22, 55))
        let noZone = await detail(b, row: 3)
        #expect(noZone?.opening == .unknown && noZone?.openingLine == "", "no zone: neither open nor closed")
    }

    @Test func theListMarksOnlyStationsKnownToBeClosed() async {
        let (a, _) = await app(at: F.vienna(26, 22, 55))
        #expect(a.state.stations.rows.map(\.isClosedNow) == [true, false, false, false])
        let (b, _) = await app(at: F.vienna(26, 10))
        #expect(b.state.stations.rows.allSatisfy { !$0.isClosedNow })
    }

    @Test func theFilterAsksTheServerForOpenNow() async {
        let (a, fake) = await app(at: F.vienna(26, 22, 55))
        a.handle(.char("f"))
        #expect(a.state.filter?.items.map(\.label).prefix(2) == ["Only available now", "Only open now"])
        a.handle(.down)
        a.handle(.char(" "))
        a.handle(.enter)
        await a.settle()
        #expect(a.state.stations.filter.openNow)
        #expect(fake.stationRequests.last?.0.openNow == true, "the server filters: counts and pages stay right")
        #expect(a.state.stations.header.contains("Only open now"))
        a.handle(.char("f"))
        #expect(a.state.filter?.items[1].on == true, "the dialog shows the filter it was made from")
        a.handle(.down)
        a.handle(.char(" "))
        a.handle(.enter)
        await a.settle()
        #expect(!a.state.stations.filter.openNow && fake.stationRequests.last?.0.openNow == false)
    }

    @Test func aServerWithoutOpenNowTurnsItOffAndSaysSo() async {
        let (a, fake) = await app(at: F.vienna(26, 22, 55), refuseOpenNow: true)
        a.handle(.char("f"))
        a.handle(.down)
        a.handle(.char(" "))
        a.handle(.enter)
        await a.settle()
        #expect(!a.state.stations.filter.openNow, "the filter is off again")
        #expect(a.state.stations.openNowUnsupported)
        #expect(a.state.stations.error == nil && a.state.stations.entries.count == F.mixed.count, "all stations are shown")
        #expect(a.state.status.message?.contains("cannot filter by opening hours") == true, "\(a.state.status)")
        #expect(fake.stationRequests.last?.0.openNow == false, "searched again without it")
        a.handle(.char("f"))
        #expect(a.state.filter?.items.contains { $0.label == "Only open now" } == false, "no longer offered")
        #expect(a.state.filter?.items.count == PlugType.known.count + 2)
    }

    @Test func theDialogItemMapsBackToTheFilter() {
        let t = Strings(.en)
        let base = StationFilter(position: GeoPoint(latitude: 47.8, longitude: 13.05), radiusKm: 5, openNow: true)
        var f = FilterDialog(base, strings: t)
        #expect(f.items[1].label == t.onlyOpenNow && f.items[1].on)
        #expect(f.handle(.enter, onto: base) == .apply(base))
        var hidden = FilterDialog(base, strings: t, offersOpenNow: false)
        guard case .apply(let applied) = hidden.handle(.enter, onto: base) else {
            Issue.record("Enter applies")
            return
        }
        #expect(!applied.openNow, "a filter the dialog does not offer is not kept on")
    }
}
