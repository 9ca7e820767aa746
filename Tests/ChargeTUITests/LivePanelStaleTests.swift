import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

@testable import ChargeTUI

/// The live panel never shows old figures as current, and the header and chooser show
/// every running session.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct LivePanelStaleTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }
    var clock: ManualTimeSource { driver.clock }

    func app() async -> AppViewModel {
        let a = driver.makeApp(AppDriver.settings(position: GeoPoint(latitude: 47.8095, longitude: 13.055), pageSize: 25), viewport: nil)
        for c in "pw" { a.handle(.char(c)) }
        a.handle(.enter)
        await a.settle()
        return a
    }

    func render(_ a: AppViewModel, _ rows: Int = 24, _ cols: Int = 80) -> MemorySurface {
        let s = MemorySurface(rows: rows, columns: cols)
        Renderer.draw(a.state, on: s)
        return s
    }

    func wait(_ condition: () -> Bool) async throws {
        for _ in 0..<1000 where !condition() {
            await Task.yield()
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        #expect(condition())
    }

    @Test func staleFiguresAreDimmedAndSayTheirAge() async throws {
        fake.serve(3)
        fake.running = [Chargelog(id: "log-1", status: .started, connector: Connector(id: "c", evseId: "AT*X*1"), energyKwh: 3)]
        let a = await app()
        #expect(a.state.route == .live)
        let log = Chargelog(id: "log-1", status: .started, dateStart: clock.now(), energyKwh: 12.41)
        fake.liveContinuation?.yield(
            SessionSnapshot(chargelog: log, observedAt: clock.now(), elapsed: 725, powerKw: 11, costSoFar: 4.34, currency: "EUR")
        )
        try await wait { a.state.live?.energyText == "12.41 kWh" }
        for (rows, cols) in [(24, 80), (40, 120)] {
            let current = render(a, rows, cols)
            #expect(!current.text.contains("reconnecting"))
            #expect(current.style(of: "4.34 EUR")?.role == .accent, "current figures are drawn as such")
        }
        clock.advance(by: 40)
        try await wait { a.state.live?.staleText != nil }
        for (rows, cols) in [(24, 80), (40, 120)] {
            let stale = render(a, rows, cols)
            #expect(stale.text.contains("updated 40 s ago · reconnecting"), "at \(cols)×\(rows)")
            #expect(stale.style(of: "4.34 EUR")?.role == .muted, "old figures are dimmed at \(cols)×\(rows)")
            #expect(stale.style(of: "11.0 kW")?.role == .muted)
        }
        fake.liveContinuation?.yield(
            SessionSnapshot(
                chargelog: Chargelog(id: "log-1", status: .started, dateStart: log.dateStart, energyKwh: 13.0),
                observedAt: clock.now(),
                elapsed: 765,
                powerKw: 11,
                costSoFar: 4.6,
                currency: "EUR"
            )
        )
        try await wait { a.state.live?.staleText == nil }
        let again = render(a)
        #expect(!again.text.contains("reconnecting"))
        #expect(again.style(of: "4.60 EUR")?.role == .accent)
    }

    @Test func headerCountsRunningSessionsAndTheChooserListsThem() async throws {
        fake.serve(3)
        fake.running = [
            Chargelog(id: "a", status: .started, connector: Connector(id: "c1", evseId: "AT*A*1"), energyKwh: 1),
            Chargelog(id: "b", status: .started, connector: Connector(id: "c2", evseId: "AT*B*3"), energyKwh: 2),
        ]
        let a = await app()
        #expect(render(a).text.contains("● 2 charging"))
        a.handle(.char("l"))
        let chooser = render(a).text
        #expect(chooser.contains("Running sessions"))
        #expect(chooser.contains("AT*A*1") && chooser.contains("AT*B*3"))
    }
}
