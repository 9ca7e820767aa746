import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// Issue 19: every key does what the footer says. Editing keys, whole-result lists, the
/// device-code screen, feedback for `*`, quitting during a start, restored sessions.
/// Matches a footer hint by key and label.
func H(_ key: String, _ label: String) -> (KeyHint) -> Bool { { $0.key == key && $0.label == label } }

@MainActor
@Suite(.timeLimit(.minutes(1))) struct KeysAndListsTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }
    var clock: ManualTimeSource { driver.clock }

    func makeApp(radiusKm: Double = 5, pageSize: Int = 10, rows: Int = 8) -> AppViewModel {
        driver.makeApp(AppDriver.settings(radiusKm: radiusKm, pageSize: pageSize), viewport: (rows, 80))
    }

    func signIn(_ app: AppViewModel) async { await driver.signIn(app) }

    // MARK: item 2, editing keys

    @Test func homeAndEndOnTheSignInFormMoveTheCursorAndNeverQuit() {
        let app = makeApp()
        driver.type(app, "abc")
        app.handle(.home)
        #expect(!app.shouldQuit)
        #expect(app.state.route == .signIn)
        #expect(app.state.signIn.password.cursor == 0)
        driver.type(app, "X")
        #expect(app.state.signIn.password.text == "Xabc", "typing after Home inserts at the start")
        app.handle(.end)
        app.handle(.insert)
        app.handle(.delete)
        driver.type(app, "Y")
        #expect(app.state.signIn.password.text == "XabcY")
        app.handle(.home)
        app.handle(.delete)
        #expect(app.state.signIn.password.text == "abcY")
        #expect(!app.shouldQuit)
    }

    @Test func homeInTheSearchPromptDoesNotCancelIt() async {
        fake.serve(5)
        let app = makeApp()
        await signIn(app)
        app.handle(.char("/"))
        driver.type(app, "ber")
        app.handle(.home)
        app.handle(.insert)
        driver.type(app, "x")
        guard case .search(let field)? = app.state.stations.editing else {
            Issue.record("the search prompt closed on Home")
            return
        }
        #expect(field.text == "xber")
        #expect(field.cursor == 1)
    }

    // MARK: item 4, lists

    @Test func endGoesToTheLastOfTheWholeResultAndHomeToTheFirst() async {
        fake.serve(600, spacingKm: 0.02)
        let app = makeApp(radiusKm: 50)
        await signIn(app)
        #expect(app.state.stations.countLine == "600 stations within 50 km")
        #expect(app.state.stations.stations.count < 600)
        app.handle(.end)
        await app.settle()
        #expect(app.state.stations.stations.count == 600, "the header's count is what the list reaches")
        #expect(app.state.stations.selected == 599)
        #expect(app.state.stations.rows[599].name == "Station s599")
        #expect(!app.state.stations.fetchingToEnd)
        #expect(app.state.status.message == nil)
        // The rest came in pages as large as the API allows, not ten at a time (the first
        // two requests load the cursor's screen and the three kept ready below it).
        #expect(fake.stationRequests.count <= 2 + 6)
        app.handle(.home)
        #expect(app.state.stations.selected == 0)
    }

    @Test func anotherKeyStopsTheWalkToTheEnd() async {
        fake.serve(600, spacingKm: 0.02)
        let app = makeApp(radiusKm: 50)
        await signIn(app)
        app.handle(.end)
        #expect(app.state.stations.fetchingToEnd)
        #expect(app.state.status.message?.hasPrefix("Loading to the end:") == true)
        app.handle(.up)
        #expect(!app.state.stations.fetchingToEnd)
        await app.settle()
        #expect(app.state.stations.stations.count < 600)
    }

    @Test func aTallTerminalIsFilled() async {
        fake.serve(200, spacingKm: 0.02)
        let app = makeApp(pageSize: 10, rows: 8)
        await signIn(app)
        #expect(app.state.stations.stations.count >= 8)
        app.setViewport(rows: 60, columns: 120)
        await app.settle()
        #expect(app.state.stations.stations.count >= 60, "rows for the whole screen, not one page")
    }

    // MARK: item 5, restored sessions

    @Test func aRestoredSessionShowsTheStationNameAndAddress() async {
        fake.serve(30)
        fake.running = [Chargelog(id: "run-1", status: .started, connector: Connector(id: "s17-c0", evseId: "AT*HTB*E17*1"), energyKwh: 3)]
        let app = makeApp()
        await signIn(app)
        #expect(app.state.route == .live)
        #expect(app.state.live?.stationName == "Station s17 · Main St 1, 5020 Salzburg")
    }

    @Test func aRestoredSessionFarDownTheListIsFoundToo() async {
        // Not on the first page and never opened here: found among the nearest stations.
        fake.serve(250)
        fake.running = [
            Chargelog(id: "run-1", status: .started, connector: Connector(id: "s230-c0", evseId: "AT*HTB*E230*1"), energyKwh: 3)
        ]
        let app = makeApp()
        await signIn(app)
        #expect(app.state.live?.stationName == "Station s230 · Main St 1, 5020 Salzburg")
    }

    // MARK: item 6, sign-in with a code

    func deviceCode(_ code: String = "BCDF-GHJK") -> DeviceAuthorization {
        DeviceAuthorization(
            deviceCode: "dc",
            userCode: code,
            verificationURI: "https://auth.example/activate",
            verificationURIComplete: nil,
            expiresAt: clock.now().addingTimeInterval(600),
            interval: 5
        )
    }

    @Test func theCodeScreenFooterShowsOnlyKeysThatWork() async {
        fake.deviceAuthorization = deviceCode()
        let app = makeApp()
        app.handle(.function(2))
        await Task.yield()
        for _ in 0..<20 where app.state.signIn.device == nil { await Task.yield() }
        #expect(app.state.signIn.mode == .device)
        let keys = app.state.keyHints.map(\.key)
        #expect(!keys.contains("Tab"), "Tab does nothing there")
        #expect(keys.contains("F2"))
        #expect(app.state.keyHints.contains(where: H("Esc", "back")))
        app.handle(.tab)
        #expect(app.state.signIn.mode == .device)
    }

    @Test func leavingTheCodeScreenStopsPollingAndAnApprovalAfterwardsIsHonoured() async {
        fake.deviceAuthorization = deviceCode()
        fake.serve(5)
        let app = makeApp()
        app.handle(.function(2))
        for _ in 0..<50 where fake.devicePolls.isEmpty { await Task.yield() }
        #expect(fake.devicePolls == ["BCDF-GHJK"])
        app.handle(.escape)
        #expect(app.state.signIn.mode == .password)
        #expect(!app.state.status.loading, "no spinner left on the password form")
        #expect(app.state.signIn.message?.contains("BCDF-GHJK") == true, "the form says the code is no longer watched")
        #expect(!app.shouldQuit)
        // The phone approves after the user left; F2 goes back to the same code and signs in.
        fake.approvedDeviceCodes = ["BCDF-GHJK"]
        app.handle(.function(2))
        for _ in 0..<50 where app.state.route == .signIn { await Task.yield() }
        await app.settle()
        #expect(fake.deviceCodesIssued == 1, "the same code, not a new one")
        #expect(fake.devicePolls == ["BCDF-GHJK", "BCDF-GHJK"])
        #expect(app.state.route == .stations)
    }

    @Test func anExpiredCodeIsNotResumed() async {
        fake.deviceAuthorization = deviceCode()
        let app = makeApp()
        app.handle(.function(2))
        for _ in 0..<50 where fake.devicePolls.isEmpty { await Task.yield() }
        app.handle(.escape)
        clock.advance(by: 700)
        app.handle(.function(2))
        for _ in 0..<50 where fake.devicePolls.count < 2 { await Task.yield() }
        #expect(fake.deviceCodesIssued == 2)
    }

    // MARK: item 7, feedback

    @Test func starOnTheStationViewMarksItAndSaysSo() async {
        fake.serve(5)
        let app = makeApp()
        await signIn(app)
        app.handle(.enter)
        await app.settle()
        #expect(app.state.route == .detail)
        #expect(app.state.detail?.isFavourite == false)
        app.handle(.char("*"))
        #expect(app.state.detail?.isFavourite == true)
        #expect(app.state.status.message == "★ Station s0 added to favourites.")
        app.handle(.char("*"))
        #expect(app.state.detail?.isFavourite == false)
        #expect(app.state.status.message == "Station s0 removed from favourites.")
        app.handle(.escape)
        app.handle(.char("*"))
        #expect(app.state.stations.rows[0].isFavourite)
        #expect(app.state.status.message == "★ Station s0 added to favourites.")
    }

    @Test func keysDoNothingWhileTheTerminalIsTooSmall() async {
        let app = makeApp()
        app.inputSuspended = true
        app.handle(.escape)
        app.handle(.char("q"))
        #expect(!app.shouldQuit)
        app.inputSuspended = false
        app.handle(.escape)
        #expect(app.shouldQuit)
    }

    @Test func duringAStartEscIsNotOfferedAndQAsks() async throws {
        fake.serve(5)
        fake.cardsResult = [ChargingCard(id: "c", tagId: "T")]
        let (gate, open) = AsyncStream<Void>.makeStream()
        fake.startGate = gate
        let app = makeApp()
        await signIn(app)
        app.handle(.enter)
        await app.settle()
        try await app.startAndConfirm()
        for _ in 0..<50 where app.state.detail?.start.steps.isEmpty != false { await Task.yield() }
        #expect(app.state.detail?.start.isStarting == true && app.state.detail?.start.steps.isEmpty == false, "starting")
        #expect(!app.state.keyHints.contains { $0.key == "Esc" }, "Esc does nothing during a start, so it is not offered")
        #expect(app.state.keyHints.contains(where: H("q", "quit")))
        app.handle(.char("q"))
        #expect(!app.shouldQuit)
        #expect(app.state.confirm?.purpose == .quit)
        #expect(app.state.confirm?.question.contains("start") == true)
        app.handle(.char("n"))
        #expect(app.state.confirm == nil)
        open.yield()
        open.finish()
        await app.settle()
    }

    @Test func theEmptyHintNamesTheCause() async {
        fake.serve(0)
        let app = makeApp()
        await signIn(app)
        #expect(app.state.stations.emptyText == "No stations within 5 km. Widen the radius with +.")
        app.handle(.char("/"))
        driver.type(app, "zz")
        app.handle(.enter)
        await app.settle()
        #expect(app.state.stations.emptyText?.contains("matches \"zz\"") == true)
        #expect(app.state.stations.emptyText?.contains("Change the search with /") == true)
        app.handle(.char("/"))
        app.handle(.ctrl("u"))
        app.handle(.enter)
        await app.settle()
        app.handle(.char("f"))
        app.handle(.char(" "))  // only available now
        app.handle(.enter)
        await app.settle()
        #expect(app.state.stations.emptyText?.contains("has only available now") == true)
        #expect(app.state.stations.emptyText?.contains("Change the filters with f") == true)
    }
}
