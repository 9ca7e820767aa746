import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// The app's screens driven by keys against fake services, on a manual clock.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct AppViewModelTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }
    var clock: ManualTimeSource { driver.clock }

    func makeApp(hint: Bool = true) -> AppViewModel { driver.makeApp(AppDriver.settings(hint: hint)) }

    func signIn(_ app: AppViewModel) async { await driver.signIn(app) }

    @Test func signInFormStartsWithTheHintAndValidates() async {
        let app = makeApp()
        #expect(app.state.route == .signIn)
        #expect(app.state.signIn.username.text == "demo-user")
        #expect(app.state.signIn.focus == .password)
        #expect(app.state.signIn.hint == "Demo: demo-user / demo-user-password")
        app.handle(.enter)
        #expect(app.state.signIn.message == "Enter your password.")
        #expect(fake.signIns.isEmpty)
    }

    @Test func wrongPasswordShowsTheMessageAndForgetsThePassword() async {
        fake.signInError = .unauthenticated("Wrong username or password.")
        let app = makeApp()
        await signIn(app)
        #expect(app.state.route == .signIn)
        #expect(app.state.signIn.message == "Wrong username or password.")
        #expect(app.state.signIn.password.text.isEmpty)
        #expect(!app.state.signIn.busy)
    }

    @Test func throttlingIsShownAsAWait() async {
        fake.signInError = .rateLimited(retryAfter: 30)
        let app = makeApp()
        await signIn(app)
        #expect(app.state.signIn.message == "Too many attempts. Try again in 30 s.")
        fake.signInError = nil
        driver.type(app, "x")
        app.handle(.enter)
        #expect(app.state.signIn.message?.contains("Try again in") == true)
        #expect(fake.signIns.count == 1, "no second request while throttled")
    }

    @Test func signedInShowsTheNearestStations() async {
        fake.serve(30)
        let app = makeApp()
        await signIn(app)
        #expect(app.state.route == .stations)
        // The first page, then the rows up to three screens (8 rows) below the first.
        #expect(fake.stationRequests.map(\.1) == [0, 10])
        #expect(app.state.stations.rows.count == 30)
        #expect(app.state.stations.rows[0].distance == "0.10 km")
        #expect(app.state.stations.countLine == "30 stations within 5 km")
        #expect(app.state.stations.rows[0].free == "1/1")
        #expect(app.state.signIn.password.text.isEmpty, "the typed password is forgotten")
    }

    @Test func pagesAreLoadedThreeScreensAheadOfTheCursorEachOnce() async {
        fake.serve(100)
        let app = makeApp()
        await signIn(app)
        // 8 rows a screen: the first screen and three more (32 rows) in pages of 10.
        #expect(fake.stationRequests.map(\.1) == [0, 10])
        #expect(app.state.stations.rows.count == 40)
        for _ in 0..<6 { app.handle(.down) }
        app.handle(.pageDown)  // row 14, second screen: rows up to 8 + 32 wanted, all there
        await app.settle()
        #expect(fake.stationRequests.map(\.1) == [0, 10])
        app.handle(.pageDown)  // row 22, third screen: 16 + 32 wanted
        await app.settle()
        #expect(app.state.stations.rows.count == 50)
        app.handle(.pageUp)
        app.handle(.pageDown)
        app.handle(.pageUp)
        await app.settle()
        #expect(fake.stationRequests.map(\.1) == [0, 10, 40], "nothing fetched twice")
    }

    @Test func radiusStepsKeepTheSelection() async {
        fake.serve(30)
        let app = makeApp()
        await signIn(app)
        app.handle(.down)
        app.handle(.down)
        let selected = app.state.stations.rows[2].id
        app.handle(.char("-"))
        await app.settle()
        #expect(app.state.stations.filter.radiusKm == 2)
        #expect(app.state.stations.rows[app.state.stations.selected].id == selected)
        app.handle(.char("+"))
        app.handle(.char("+"))
        await app.settle()
        #expect(app.state.stations.filter.radiusKm == 10)
    }

    @Test func emptyAndErrorStates() async {
        let app = makeApp()
        await signIn(app)
        #expect(app.state.stations.emptyText?.contains("No stations") == true)
        fake.stationsResult = { _, _, _ in .failure(.offline("connection refused")) }
        app.handle(.char("r"))
        await app.settle()
        #expect(app.state.stations.error == "Cannot reach the server. Check the network and try again.")
        #expect(app.state.status.isError)
    }

    @Test func aTypedPositionIsValidated() async {
        fake.serve(5)
        let app = makeApp()
        await signIn(app)
        app.handle(.char("p"))
        app.handle(.ctrl("u"))
        driver.type(app, "1000,5")
        app.handle(.enter)
        #expect(app.state.status.message?.contains("latitude,longitude") == true)
        app.handle(.ctrl("u"))
        driver.type(app, "48.2,16.37")
        app.handle(.enter)
        await app.settle()
        #expect(app.state.stations.filter.position == GeoPoint(latitude: 48.2, longitude: 16.37))
    }

    @Test func noCardOffersAContract() async {
        fake.serve(3)
        let app = makeApp()
        await signIn(app)
        app.handle(.enter)
        await app.settle()
        #expect(app.state.route == .detail)
        app.handle(.enter)
        await app.settle()
        #expect(app.state.detail?.start.phase == .noContract)
        app.handle(.char("c"))
        await app.settle()
        #expect(app.state.detail?.start.isContractFormOpen == true)
        #expect(app.state.detail?.start.contract?.rates.map(\.name) == ["Basic"])
        #expect(app.state.detail?.start.contract?.needsBankAccount == false)
        app.handle(.enter)
        await app.settle()
        #expect(app.state.detail?.start.phase == .idle)
        #expect(app.state.detail?.start.notice?.contains("Contract created") == true)
    }

    @Test func aSEPAContractChecksTheIBANBeforeSending() async {
        fake.serve(3)
        let app = makeApp()
        await signIn(app)
        app.handle(.enter)
        await app.settle()
        app.handle(.enter)
        await app.settle()
        app.handle(.char("c"))
        await app.settle()
        app.handle(.tab)  // to the payment method
        app.handle(.right)  // SEPA direct debit
        #expect(app.state.detail?.start.contract?.needsBankAccount == true)
        app.handle(.tab)  // to the IBAN
        driver.type(app, "AT61 1904 3002 3457 3202")
        app.handle(.enter)
        #expect(app.state.detail?.start.contract?.error == "The IBAN is not valid. Check it and try again.")
        #expect(fake.sepaRequests.isEmpty)
        app.handle(.backspace)
        driver.type(app, "1")
        app.handle(.enter)
        #expect(app.state.detail?.start.contract?.error == "Enter the account holder's name.")
        #expect(app.state.detail?.start.contract?.focus == .holder)
        driver.type(app, "Demo User")
        app.handle(.enter)
        await app.settle()
        #expect(fake.sepaRequests.map(\.iban) == ["AT61 1904 3002 3457 3201"])
        #expect(app.state.detail?.start.phase == .idle)
    }

    @Test func startWatchStopSummary() async throws {
        fake.serve(3)
        fake.cardsResult = [ChargingCard(id: "c", tagId: "T")]
        let app = makeApp()
        await signIn(app)
        app.handle(.enter)
        await app.settle()
        try await app.startAndConfirm()
        await app.settle()
        #expect(app.state.route == .live)
        #expect(app.state.detail?.start.phase == .idle, "the start is over: the live panel took over")
        let start = clock.now()
        var log = Chargelog(id: "log-1", status: .started, dateStart: start, energyKwh: 1.234)
        fake.liveContinuation?.yield(
            SessionSnapshot(chargelog: log, observedAt: start, elapsed: 0, powerKw: 10.96, costSoFar: 0.49, currency: "EUR")
        )
        try await waitUntil { app.state.live?.energyText == "1.23 kWh" }
        #expect(app.state.live?.powerText == "11.0 kW")
        #expect(app.state.live?.costText == "0.49 EUR")
        #expect(app.state.live?.chart.recent == [10.96])
        clock.advance(by: 65)
        try await waitUntil { app.state.live?.elapsedText == "00:01:05" }

        app.handle(.char("q"))
        #expect(app.state.confirm?.purpose == .quit, "quitting while charging asks first")
        app.handle(.char("n"))
        #expect(!app.shouldQuit)

        log.status = .stopped
        log.energyKwh = 2.5
        fake.stopResult = .success(StopResult(chargelog: log, wasAlreadyStopped: false))
        app.handle(.char("s"))
        #expect(app.state.confirm?.purpose == .stop)
        app.handle(.char("y"))
        await app.settle()
        #expect(fake.stops == ["log-1"])
        #expect(app.state.route == .summary)
        #expect(app.state.summary?.energyText == "2.50 kWh")
        app.handle(.char("q"))
        #expect(app.shouldQuit)
    }

    @Test func aRunningSessionOpensTheLivePanelAfterSignIn() async {
        fake.serve(3)
        fake.running = [Chargelog(id: "run-1", status: .started, connector: Connector(id: "c", evseId: "AT*X*1"), energyKwh: 3)]
        let app = makeApp()
        await signIn(app)
        #expect(app.state.route == .live)
        #expect(app.state.live?.chargelogId == "run-1")
    }

    @Test func leavingTheLivePanelKeepsTheSessionOneKeyAway() async throws {
        fake.serve(3)
        fake.running = [Chargelog(id: "run-1", status: .started, connector: Connector(id: "c", evseId: "AT*X*1"), energyKwh: 3)]
        let app = makeApp()
        await signIn(app)
        #expect(app.state.route == .live)
        #expect(!app.state.sessionInBackground)
        app.handle(.escape)
        await app.settle()
        #expect(app.state.route == .stations)
        #expect(app.state.sessionInBackground, "the session still runs while the list shows")
        #expect(app.state.keyHints.first.map { "\($0.key) \($0.label)" } == "l session")
        app.handle(.enter)
        await app.settle()
        #expect(app.state.route == .detail)
        #expect(app.state.keyHints.first.map { "\($0.key) \($0.label)" } == "l session")
        app.handle(.char("l"))
        await app.settle()
        #expect(app.state.route == .live)
        #expect(app.state.live?.chargelogId == "run-1")
        #expect(!app.state.keyHints.contains { $0.key == "l" })
        // The panel follows the session again: a new reading shows.
        fake.liveContinuation?.yield(
            SessionSnapshot(
                chargelog: Chargelog(id: "run-1", status: .started, energyKwh: 4.5),
                observedAt: clock.now(),
                elapsed: 60,
                powerKw: 11,
                costSoFar: 1,
                currency: "EUR"
            )
        )
        try await waitUntil { app.state.live?.energyText == "4.50 kWh" }
    }

    @Test func aRunningSessionTheServerCouldNotReportYetWaitsInTheHeader() async throws {
        fake.serve(3)
        fake.running = [Chargelog(id: "run-1", status: .started, connector: Connector(id: "c", evseId: "AT*X*1"), energyKwh: 3)]
        fake.runningError = .offline("no route")
        let app = makeApp()
        await signIn(app)
        #expect(app.state.route == .stations)
        #expect(!app.state.sessionInBackground)
        fake.runningError = nil
        try #require(await clock.waitForSleepers(1))
        clock.advance(by: 3)
        try await waitUntil { app.state.sessionInBackground }
        #expect(app.state.route == .stations, "a session found later does not take the screen")
        app.handle(.char("l"))
        #expect(app.state.route == .live)
        #expect(app.state.live?.chargelogId == "run-1")
    }

    @Test func signedOutReturnsToSignInAndBack() async throws {
        fake.serve(3)
        fake.running = [Chargelog(id: "run-1", status: .started, energyKwh: 3)]
        let app = makeApp()
        await signIn(app)
        #expect(app.state.route == .live)
        fake.emit(.signedOut(.sessionExpired("expired")))
        try await waitUntil { app.state.route == .signIn }
        #expect(app.state.signIn.message == "Signed out: your session ended (expired)")
        await signIn(app)
        #expect(app.state.route == .live)
    }

    @Test func recentlyOpenedStationsAreMarked() async {
        fake.serve(5)
        let app = makeApp()
        await signIn(app)
        #expect(app.state.stations.rows.allSatisfy { !$0.isRecent })
        app.handle(.down)
        app.handle(.enter)
        await app.settle()
        app.handle(.escape)
        await app.settle()
        #expect(app.state.stations.rows.map(\.isRecent) == [false, true, false, false, false])
    }

    @Test func helpOverlayAndGermanHints() async {
        let settings = AppSettings(language: .de, position: GeoPoint(latitude: 47.8, longitude: 13.05))
        let app = AppViewModel(services: AppServices(auth: fake, stations: fake, charging: fake), settings: settings, time: clock)
        #expect(app.state.keyHints.contains { $0.label == "beenden" })
        fake.serve(2)
        driver.type(app, "u")
        app.handle(.tab)
        driver.type(app, "p")
        app.handle(.enter)
        await app.settle()
        app.handle(.char("?"))
        #expect(app.state.showHelp)
        app.handle(.char("x"))
        #expect(!app.state.showHelp)
    }
}
