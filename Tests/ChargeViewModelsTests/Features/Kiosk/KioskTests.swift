import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// Kiosk mode: no way out without the PIN, idle sign-out that forgets the user, the locked
/// live panel, nothing on disk. Driven by keys against fakes on a manual clock.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct KioskTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }
    var clock: ManualTimeSource { driver.clock }
    let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("kiosk-\(UUID().uuidString)")

    func makeApp(idleSeconds: Double = 180) -> AppViewModel {
        fake.serve(5)
        fake.cardsResult = [ChargingCard(id: "c", tagId: "T")]
        let kiosk = KioskSettings(
            idleSeconds: idleSeconds,
            countdownSeconds: 30,
            verifyPin: { $0 == "2468" },
            maxPinAttempts: 3,
            pinLockoutSeconds: 30
        )
        return driver.makeApp(AppDriver.settings(hint: false, stateDirectory: stateDir, kiosk: kiosk), viewport: nil)
    }

    func signIn(_ app: AppViewModel, as user: String = "alice") async { await driver.signIn(app, as: user, password: "secret-pw") }

    @Test func quitKeysAreIgnoredAndOnlyThePinLeaves() async {
        let app = makeApp()
        #expect(!app.state.keyHints.contains { $0.label == "quit" }, "no quit hint on a kiosk")
        app.handle(.escape)
        app.handle(.ctrl("c"))
        app.handle(.ctrl("z"))
        app.handle(.ctrl("\\"))
        #expect(!app.shouldQuit)
        #expect(app.state.kiosk?.notice?.contains("F10") == true)
        await signIn(app)
        #expect(app.state.route == .stations)
        app.handle(.char("q"))
        #expect(!app.shouldQuit)
        #expect(app.state.confirm == nil)

        app.handle(.function(10))
        #expect(app.state.kiosk?.pin != nil)
        driver.type(app, "1111")
        #expect(app.state.kiosk?.pin?.field.display == "••••", "the PIN is never shown")
        app.handle(.enter)
        #expect(app.state.kiosk?.pin?.message == "Wrong PIN.")
        #expect(!app.shouldQuit)
        app.handle(.escape)
        #expect(app.state.kiosk?.pin == nil)
        #expect(!app.shouldQuit, "Esc closes the dialog, nothing else")

        app.handle(.ctrl("x"))
        driver.type(app, "2468")
        app.handle(.enter)
        #expect(app.shouldQuit)
    }

    @Test func wrongPinsPauseEntry() async {
        let app = makeApp()
        app.handle(.function(10))
        for _ in 0..<3 {
            driver.type(app, "0000")
            app.handle(.enter)
        }
        #expect(app.state.kiosk?.pin?.message == "Too many attempts. Try again in 30 s.")
        driver.type(app, "2468")
        app.handle(.enter)
        #expect(!app.shouldQuit, "the right PIN is refused during the pause")
        clock.advance(by: 31)
        driver.type(app, "2468")
        app.handle(.enter)
        #expect(app.shouldQuit)
    }

    @Test func idleSignOutCountsDownThenForgetsEverything() async throws {
        let app = makeApp()
        await signIn(app)
        app.handle(.enter)  // open the nearest station, mark it a favourite, come back
        await app.settle()
        app.handle(.char("*"))
        app.handle(.escape)
        #expect(app.state.stations.rows.first?.isFavourite == true)
        app.handle(.char("/"))
        driver.type(app, "main")
        #expect(fake.signOuts == 0)
        try #require(await driver.advance(149))
        #expect(app.state.kiosk?.countdown == nil, "quiet before the last 30 s")
        try #require(await driver.advance(1))
        #expect(app.state.kiosk?.countdown == 30)
        #expect(app.state.keyHints.first?.key == "any key")
        try #require(await driver.advance(10))
        #expect(app.state.kiosk?.countdown == 20)
        // A key keeps the user (and is not passed on to the screen).
        app.handle(.char("x"))
        #expect(app.state.kiosk?.countdown == nil)
        try #require(await driver.advance(179))
        #expect(app.state.route == .stations)
        try #require(await driver.advance(1))
        await app.settle()
        #expect(app.state.route == .signIn)
        #expect(app.state.signIn.username.text.isEmpty)
        #expect(app.state.signIn.password.text.isEmpty)
        #expect(app.state.stations.editing == nil)
        #expect(app.state.userName == nil)
        #expect(app.state.kiosk?.countdown == nil)
        #expect(fake.signOuts == 1, "the tokens are dropped")
        // The next user sees nothing of the last one's stations.
        await signIn(app, as: "bob")
        #expect(app.state.stations.rows.allSatisfy { !$0.isRecent && !$0.isFavourite })
    }

    /// e2e kiosk scenario (idle_minutes = 0.25): a 15 s countdown showed a second after
    /// every key, and ate the next PIN digit under the dialog, which does not draw it.
    @Test func aShortIdleTimeKeepsAQuietHalfAndPinDigitsAreNeverEaten() async throws {
        #expect(KioskSettings(idleSeconds: 15, countdownSeconds: 30, verifyPin: { _ in true }).countdownSeconds == 7.5)
        let app = makeApp(idleSeconds: 60)
        await signIn(app)
        try #require(await driver.advance(29))
        #expect(app.state.kiosk?.countdown == nil, "quiet for the first half")
        app.handle(.function(10))  // the PIN dialog
        try #require(await driver.advance(31))
        #expect(app.state.kiosk?.countdown == 29)
        driver.type(app, "2468")
        #expect(app.state.kiosk?.countdown == nil)
        #expect(app.state.kiosk?.pin?.field.display == "••••", "every digit reached the dialog")
        app.handle(.enter)
        #expect(app.shouldQuit)
    }

    @Test func aHalfTypedSignInIsClearedToo() async throws {
        let app = makeApp()
        driver.type(app, "bob")
        app.handle(.tab)
        driver.type(app, "half")
        try #require(await driver.advance(180))
        await app.settle()
        #expect(app.state.signIn.username.text.isEmpty)
        #expect(app.state.signIn.password.text.isEmpty)
    }

    @Test func idleWhileChargingLocksTheLivePanel() async throws {
        let app = makeApp()
        await signIn(app)
        app.handle(.enter)
        await app.settle()
        try await app.startAndConfirm()
        await app.settle()
        #expect(app.state.route == .live)
        let start = clock.now()
        fake.liveContinuation?.yield(
            SessionSnapshot(
                chargelog: Chargelog(id: "log-1", status: .started, dateStart: start, energyKwh: 1.5),
                observedAt: start,
                elapsed: 0,
                powerKw: 11,
                costSoFar: 0.6,
                currency: "EUR"
            )
        )
        try await waitUntil { app.state.live?.energyText == "1.50 kWh" }
        try #require(await driver.advance(180))
        await app.settle()
        #expect(app.state.route == .live)
        #expect(app.state.kiosk?.locked == true)
        #expect(app.state.userName == nil)
        #expect(fake.signOuts == 0, "the session keeps being watched")
        #expect(app.state.keyHints.map(\.label) == ["sign in to stop"])
        // Progress still shows.
        fake.liveContinuation?.yield(
            SessionSnapshot(
                chargelog: Chargelog(id: "log-1", status: .started, dateStart: start, energyKwh: 2.0),
                observedAt: start,
                elapsed: 200,
                powerKw: 11,
                costSoFar: 0.8,
                currency: "EUR"
            )
        )
        try await waitUntil { app.state.live?.energyText == "2.00 kWh" }
        // Stopping needs a sign-in: `s` opens the form, never a stop.
        app.handle(.char("s"))
        #expect(app.state.route == .signIn)
        #expect(app.state.confirm == nil)
        #expect(fake.stops.isEmpty)
        #expect(app.state.signIn.message == "Sign in to stop the charging session.")
        app.handle(.escape)
        #expect(app.state.route == .live, "Esc goes back to the locked panel")
        app.handle(.enter)
        fake.running = [Chargelog(id: "log-1", status: .started, dateStart: start, energyKwh: 2.0)]
        await signIn(app)
        try await waitUntil { app.state.route == .live && app.state.kiosk?.locked == false }
        app.handle(.char("s"))
        #expect(app.state.confirm?.purpose == .stop)
    }

    @Test func theEndOfALockedSessionForgetsTheUser() async throws {
        let app = makeApp()
        fake.running = [Chargelog(id: "run-1", status: .started, dateStart: clock.now(), energyKwh: 3)]
        await signIn(app)
        #expect(app.state.route == .live)
        fake.liveContinuation?.yield(
            SessionSnapshot(
                chargelog: Chargelog(id: "run-1", status: .started, dateStart: clock.now(), energyKwh: 3),
                observedAt: clock.now(),
                elapsed: 0,
                powerKw: 11,
                costSoFar: 1,
                currency: "EUR"
            )
        )
        try await waitUntil { app.state.live?.status == .started }
        try #require(await driver.advance(180))
        #expect(app.state.kiosk?.locked == true)
        fake.liveContinuation?.finish()
        try await waitUntil { app.state.route == .signIn && app.state.kiosk?.locked == false }
        await app.settle()
        #expect(app.state.live == nil)
        #expect(app.state.summary == nil, "a stranger sees no summary")
        #expect(fake.signOuts == 1)
    }

    @Test func noIdleSignOutDuringAStart() async throws {
        let app = makeApp()
        await signIn(app)
        app.handle(.enter)
        await app.settle()
        let (gate, open) = AsyncStream<Void>.makeStream()
        fake.startGate = gate
        try await app.startAndConfirm()
        try await waitUntil { app.state.detail?.start.isStarting == true && app.state.detail?.start.steps.isEmpty == false }
        try #require(await driver.advance(200, settle: false))
        #expect(app.state.route == .detail, "the start is still running: nobody is signed out")
        #expect(app.state.kiosk?.countdown == nil)
        #expect(fake.signOuts == 0)
        open.yield(())
        await app.settle()
        #expect(app.state.route == .live, "the session opens for the user who started it")
    }

    @Test func nothingIsWrittenToDisk() async {
        let app = makeApp()
        await signIn(app)
        app.handle(.enter)
        await app.settle()
        app.handle(.char("*"))
        #expect(!FileManager.default.fileExists(atPath: stateDir.path), "no favourites or recents on a kiosk")
    }
}
