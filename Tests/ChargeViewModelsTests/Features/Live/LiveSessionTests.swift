import ChargeCore
import ChargeViewModels
import Foundation
import Testing

/// The live panel as a value: readings applied, the clock ticked by hand, text made only
/// when read.
@Suite(.timeLimit(.minutes(1))) struct LiveSessionTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func session(_ language: Language = .en) -> LiveSession {
        LiveSession(chargelogId: "log-1", stationName: "Mirabell", connectorLine: "AT*1", language: language, followingSince: t0)
    }

    func snapshot(
        _ id: String = "log-1",
        kwh: Double,
        kw: Double? = 11,
        cost: Double? = 1.5,
        elapsed: Double = 65,
        status: ChargelogStatus = .started
    )
        -> SessionSnapshot
    {
        SessionSnapshot(
            chargelog: Chargelog(id: id, status: status, dateStart: t0, energyKwh: kwh),
            observedAt: t0,
            elapsed: elapsed,
            powerKw: kw,
            costSoFar: cost,
            currency: "EUR"
        )
    }

    @Test func freshPanelShowsPlaceholders() {
        let live = session()
        #expect(live.energyText == "0.00 kWh")
        #expect(live.powerText == "– kW")
        #expect(live.costText == "–")
        #expect(live.elapsedText == "00:00:00")
        #expect(live.statusText == Strings(.en).statusText(.waitingForTransaction))
    }

    @Test func aReadingKeepsRawFiguresAndTextIsMadeWhenRead() {
        var live = session()
        let applied = live.apply(snapshot(kwh: 1.234, kw: 10.96), at: t0.addingTimeInterval(5))
        #expect(applied)
        #expect(live.energyKwh == 1.234 && live.powerKw == 10.96 && live.cost == 1.5)
        #expect(live.energyText == "1.23 kWh" && live.powerText == "11.0 kW" && live.costText == "1.50 EUR")
        #expect(live.elapsedText == "00:01:05")
        #expect(Array(live.chart.page(width: 60)) == [10.96])
        #expect(live.updatedAt == t0.addingTimeInterval(5))
        live.language = .de
        #expect(live.energyText == "1,23 kWh", "the same figures, in another language")
    }

    @Test func anotherSessionsReadingIsRefused() {
        var live = session()
        let applied = live.apply(snapshot("log-2", kwh: 5), at: t0)
        #expect(!applied)
        #expect(live == session())
    }

    @Test func eachReadingWithPowerIsOneChartSample() {
        var live = session()
        for kw in [1.0, 2, 3, 4, 5] { live.apply(snapshot(kwh: 1, kw: kw), at: t0) }
        #expect(live.chart.count == 5 && Array(live.chart.page(width: 3)) == [4, 5], "pages of 3: the second holds 4, 5")
        live.apply(snapshot(kwh: 1, kw: nil), at: t0)
        #expect(live.chart.count == 5, "no power, no sample")
    }

    @Test func tickRunsTheClockFromTheStartAndMarksOldFigures() {
        var live = session()
        live.apply(snapshot(kwh: 1, elapsed: 0), at: t0)
        live.tick(now: t0.addingTimeInterval(12))
        #expect(live.elapsedText == "00:00:12" && live.staleText == nil)
        live.tick(now: t0.addingTimeInterval(40))
        #expect(live.stale == .updatedAgo(40))
        #expect(live.staleText == Strings(.en).updatedAgo(40))
        live.apply(snapshot(kwh: 2, elapsed: 41), at: t0.addingTimeInterval(41))
        #expect(live.stale == nil, "a reading makes the figures current")
    }

    @Test func nothingReadForAWhileSaysSo() {
        var live = session()
        live.tick(now: t0.addingTimeInterval(LiveSession.staleAfter))
        #expect(live.stale == nil)
        live.tick(now: t0.addingTimeInterval(LiveSession.staleAfter + 1))
        #expect(live.stale == .noFiguresYet)
        #expect(live.elapsedText == "00:00:00", "no start known: no clock")
    }

    @Test func aStoppedSessionIsNeverStaleAndKeepsItsFinalFigures() {
        var live = session()
        live.apply(snapshot(kwh: 3), at: t0)
        let end = Chargelog(
            id: "log-1",
            status: .stopped,
            dateStart: t0,
            dateEnd: t0.addingTimeInterval(3723),
            energyKwh: 7.5,
            cost: SessionCost(total: 2, grossAmount: 2.4, currency: "EUR")
        )
        live.stopped(end)
        #expect(live.status == .stopped)
        #expect(live.energyText == "7.50 kWh" && live.costText == "2.40 EUR" && live.elapsedText == "01:02:03")
        live.tick(now: t0.addingTimeInterval(10_000))
        #expect(live.stale == nil)
        #expect(live.elapsedText == "01:02:03", "a stopped session's clock stands still")
    }
}
