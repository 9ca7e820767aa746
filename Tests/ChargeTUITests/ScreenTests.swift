import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

@testable import ChargeTUI

/// Screens rendered into the in-memory surface at 80×24 and 120×40, asserting their text.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct ScreenTests {
    static let sizes = [(24, 80), (40, 120)]
    let fake = FakeServices()
    let clock = ManualTimeSource()

    func app(language: Language = .en) -> AppViewModel {
        let settings = AppSettings(
            language: language,
            position: GeoPoint(latitude: 47.8095, longitude: 13.055),
            radiusKm: 5,
            signInHint: ("demo-user", "demo-user-password"),
            pageSize: 25
        )
        let a = AppViewModel(services: AppServices(auth: fake, stations: fake, charging: fake), settings: settings, time: clock)
        a.start()
        return a
    }

    func signedIn(_ a: AppViewModel) async {
        for c in "pw" { a.handle(.char(c)) }
        a.handle(.enter)
        await a.settle()
    }

    @Test func signInForm() {
        let a = app()
        a.handle(.char("s"))
        a.handle(.char("e"))
        for (r, c) in Self.sizes {
            let s = render(a, r, c)
            #expect(s.text.contains("ChargeTerm — Sign in"))
            #expect(s.text.contains("Username  demo-user"))
            #expect(s.text.contains("Password  ••"))
            #expect(!s.text.contains("se "), "the password never shows")
            #expect(s.text.contains("Demo: demo-user / demo-user-password"))
            #expect(s.lines[r - 1].contains("Tab next field"))
        }
    }

    @Test func aSessionLeftRunningShowsInTheHeader() async {
        fake.serve(5)
        fake.running = [Chargelog(id: "run-1", status: .started, connector: Connector(id: "c", evseId: "AT*X*1"), energyKwh: 3)]
        let a = app()
        await signedIn(a)
        a.handle(.escape)
        await a.settle()
        for (r, c) in Self.sizes {
            let s = render(a, r, c)
            #expect(s.lines[0].contains("● Charging"))
            #expect(s.lines[r - 1].contains("l session"))
        }
        #expect(render(a, 24, 80, ascii: true).lines[0].contains("* Charging"))
        a.handle(.char("l"))
        #expect(!render(a, 24, 80).lines[0].contains("Charging  "))
    }

    @Test func signInErrorMessage() async {
        fake.signInError = .unauthenticated("Wrong username or password.")
        let a = app()
        await signedIn(a)
        #expect(render(a, 24, 80).text.contains("Wrong username or password."))
    }

    @Test func stationListNormalState() async {
        fake.serve(40)
        let a = app()
        await signedIn(a)
        for (r, c) in Self.sizes {
            a.setViewport(rows: r - 6, columns: c)
            await a.settle()
            let s = render(a, r, c)
            let text = s.text
            #expect(text.contains("47.8095,13.0550 · 5 km · no filters"))
            #expect(text.contains("40 stations within 5 km"))
            #expect(text.contains("Dist") && text.contains("Free") && text.contains("Plugs"))
            #expect(text.contains("0.10 km  Station s0"))
            #expect(text.contains("↑↓ move"))
            // Rows fill the body: header lines and chrome leave r - 6 visible rows, and a
            // tall screen gets as many rows as fit (not one page of 25).
            #expect(s.lines.filter { $0.contains(" km  Station s") }.count == min(40, r - 6))
        }
    }

    @Test func stationListLoadingEmptyAndErrorStates() async {
        let a = app()
        a.handle(.char("p"))
        a.handle(.char("w"))
        a.handle(.enter)
        // Before the answers arrive: the status line says so, with a spinner frame.
        let loading = render(a, 24, 80)
        #expect(loading.text.contains("Signing in…") || loading.text.contains("Loading…"))
        await a.settle()
        #expect(render(a, 24, 80).text.contains("No stations within 5 km. Widen the radius with +."))
        a.handle(.char("r"))
        #expect(render(a, 24, 80, ascii: true).text.contains("| Loading..."), "ASCII mode spells the ellipsis")
        await a.settle()
        fake.stationsResult = { _, _, _ in .failure(.timeout) }
        a.handle(.char("r"))
        await a.settle()
        let s = render(a, 24, 80)
        #expect(s.text.contains("The server did not answer in time. Try again."))
        #expect(s.style(of: "The server did not answer")?.role == .error)
    }

    @Test func detailAndLivePanel() async throws {
        fake.serve(3)
        fake.cardsResult = [ChargingCard(id: "c", tagId: "T")]
        let a = app()
        await signedIn(a)
        a.handle(.enter)
        await a.settle()
        let detail = render(a, 24, 80).text
        #expect(detail.contains("Station s0"))
        #expect(detail.contains("Main St 1, 5020 Salzburg"))
        #expect(detail.contains("Available"))
        #expect(detail.contains("0.40 EUR/kWh"))
        a.handle(.enter)
        await a.settle()
        let confirm = render(a, 24, 80).text
        #expect(confirm.contains("Start charging?") && confirm.contains("Enter confirm"))
        a.handle(.enter)
        await a.settle()
        let log = Chargelog(id: "log-1", status: .started, dateStart: clock.now(), energyKwh: 12.41)
        fake.liveContinuation?.yield(
            SessionSnapshot(chargelog: log, observedAt: clock.now(), elapsed: 725, powerKw: 11, costSoFar: 4.34, currency: "EUR")
        )
        for _ in 0..<200 where a.state.live?.energyText != "12.41 kWh" {
            await Task.yield()
            try await Task.sleep(nanoseconds: 1_000_000)
        }
        for (r, c) in Self.sizes {
            let text = render(a, r, c).text
            #expect(text.contains("Charging session"))
            #expect(text.contains("12.41 kWh"))
            #expect(text.contains("11.0 kW"))
            #expect(text.contains("00:12:05"))
            #expect(text.contains("4.34 EUR"))
            #expect(text.contains("s stop"))
        }
        let ascii = render(a, 24, 80, ascii: true).text
        #expect(ascii.contains("#") && !ascii.contains("█"))
    }

    @Test func contractForm() async {
        fake.serve(3)
        let a = app()
        await signedIn(a)
        a.handle(.enter)
        await a.settle()
        a.handle(.enter)
        await a.settle()
        #expect(render(a, 24, 80).text.contains("Press c to create a contract."))
        a.handle(.char("c"))
        await a.settle()
        a.handle(.tab)
        a.handle(.right)
        let text = render(a, 24, 80).text
        #expect(text.contains("New contract"))
        #expect(text.contains("◂ Basic ▸"))
        #expect(text.contains("◂ SEPA direct debit ▸"))
        #expect(text.contains("IBAN"))
        #expect(text.contains("Account holder"))
    }

    @Test func tinyTerminalSaysSoAndRecovers() {
        let a = app()
        let tiny = render(a, 8, 30).text
        #expect(tiny.contains("Terminal too small"))
        #expect(tiny.contains("need 40×10, have 30×8"))
        let one = render(a, 1, 1)
        #expect(one.lines.count == 1)
        #expect(render(a, 24, 80).text.contains("Sign in"))
    }

    @Test func narrowTerminalDropsColumnsNotTheList() async {
        fake.serve(5)
        let a = app()
        await signedIn(a)
        let s = render(a, 12, 45).text
        #expect(s.contains("Station s0"))
        #expect(!s.contains("Plugs"))
    }

    @Test func helpAndConfirmOverlays() async {
        fake.serve(3)
        let a = app(language: .de)
        await signedIn(a)
        a.handle(.char("?"))
        let help = render(a, 24, 80).text
        #expect(help.contains("Hilfe"))
        #expect(help.contains("Umkreis"))
    }
}
