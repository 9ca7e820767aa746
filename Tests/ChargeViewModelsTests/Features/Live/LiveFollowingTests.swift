import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// The live panel's follower: it survives any stream error, says how old its figures are,
/// stops safely under faults, and never loses one of several running sessions.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct LiveFollowingTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }
    var clock: ManualTimeSource { driver.clock }

    func makeApp() async -> AppViewModel {
        let app = driver.makeApp()
        await driver.signIn(app)
        return app
    }

    func snapshot(_ id: String = "log-1", kwh: Double, status: ChargelogStatus = .started) -> SessionSnapshot {
        SessionSnapshot(
            chargelog: Chargelog(id: id, status: status, dateStart: clock.now(), energyKwh: kwh),
            observedAt: clock.now(),
            elapsed: 60,
            powerKw: 11,
            costSoFar: 1,
            currency: "EUR"
        )
    }

    /// Opens the selected station and starts on its selected connector; the start returns `id`.
    func openLive(_ app: AppViewModel, id: String = "log-1", serve: Bool = true) async throws {
        if serve {
            fake.serve(3)
            app.handle(.char("r"))  // the list was loaded before the fake served stations
            await app.settle()
        }
        fake.cardsResult = [ChargingCard(id: "c", tagId: "T")]
        fake.startResult = .success(id)
        app.handle(.enter)  // the station
        await app.settle()
        try await app.startAndConfirm()
        await app.settle()
        #expect(app.state.route == .live)
    }

    @Test func theFollowerReopensAfterAnyStreamErrorAndShowsCurrentFiguresAgain() async throws {
        let app = await makeApp()
        try await openLive(app)
        fake.liveContinuation?.yield(snapshot(kwh: 1))
        try await waitUntil("first figures") { app.state.live?.energyText == "1.00 kWh" }
        for (i, error) in [
            ChargeError.unexpectedResponse("garbled"), .offline("dropped"), .server(status: 500, message: nil), .forbidden("odd"),
        ].enumerated() {
            let before = fake.liveSubscriptions.count
            fake.liveContinuation?.finish(throwing: error)
            try await driver.advance(until: "stream reopened after \(error.kind)", limit: 12) { fake.liveSubscriptions.count == before + 1 }
            fake.liveContinuation?.yield(snapshot(kwh: Double(i + 2)))
            try await waitUntil("current figures after \(error.kind)") { app.state.live?.energyText == "\(i + 2).00 kWh" }
            #expect(app.state.live?.staleText == nil)
            #expect(app.state.route == .live)
        }
    }

    @Test func aSessionTheServerSaysIsGoneEndsFollowing() async throws {
        let app = await makeApp()
        try await openLive(app)
        let before = fake.liveSubscriptions.count
        fake.liveContinuation?.finish(throwing: ChargeError.notFound("The charging session"))
        try await waitUntil("the note") { app.state.live?.note != nil }
        // 30 s of clock time, and every timer it woke has run and slept again.
        try #require(await driver.advance(30))
        #expect(fake.liveSubscriptions.count == before, "no new stream for a session that does not exist")
    }

    @Test func oldFiguresSayHowOldTheyAreAndCurrentOnesDoNot() async throws {
        let app = await makeApp()
        try await openLive(app)
        fake.liveContinuation?.yield(snapshot(kwh: 1.5))
        try await waitUntil("figures") { app.state.live?.energyText == "1.50 kWh" }
        #expect(app.state.live?.staleText == nil)
        clock.advance(by: 10)
        try await waitUntil("a tick") { app.state.live?.elapsedText != nil && clock.sleeperCount >= 1 }
        #expect(app.state.live?.staleText == nil, "10 s old is within two polls")
        clock.advance(by: 30)
        try await waitUntil("stale mark") { app.state.live?.staleText != nil }
        #expect(app.state.live?.staleText == "updated 40 s ago · reconnecting")
        fake.liveContinuation?.yield(snapshot(kwh: 2.0))
        try await waitUntil("current again") { app.state.live?.staleText == nil }
        #expect(app.state.live?.energyText == "2.00 kWh")
    }

    @Test func noFiguresAtAllIsNotShownAsCurrentEither() async throws {
        let app = await makeApp()
        try await openLive(app)
        clock.advance(by: 20)
        try await waitUntil("stale mark") { app.state.live?.staleText != nil }
        #expect(app.state.live?.staleText == "no figures yet · reconnecting")
    }

    @Test func aStopUnderWayShowsStoppingAndSAgainSendsNothing() async throws {
        let app = await makeApp()
        try await openLive(app)
        fake.liveContinuation?.yield(snapshot(kwh: 1))
        try await waitUntil("figures") { app.state.live?.status == .started }
        let (gate, open) = AsyncStream<Void>.makeStream()
        fake.stopGate = gate
        fake.stopResult = .success(
            StopResult(chargelog: Chargelog(id: "log-1", status: .stopped, energyKwh: 1.2), wasAlreadyStopped: false)
        )
        app.handle(.char("s"))
        app.handle(.char("y"))
        try await waitUntil("stop sent") { fake.stops.count == 1 }
        #expect(app.state.live?.stopping == true)
        app.handle(.char("s"))
        #expect(app.state.confirm == nil, "no second stop is offered while one is being confirmed")
        #expect(app.state.status.message == "Stopping… waiting for the station to confirm.")
        open.yield()
        await app.settle()
        #expect(fake.stops == ["log-1"])
        #expect(app.state.route == .summary)
    }

    @Test func rDropsThePageCacheAndLeavingThePanelReloadsTheList() async throws {
        let app = await makeApp()
        fake.serve(3)
        app.handle(.char("r"))
        await app.settle()
        #expect(fake.invalidations == 1)
        let requests = fake.stationRequests.count
        try await openLive(app)
        app.handle(.escape)
        await app.settle()
        #expect(fake.stationRequests.count > requests + 0, "the list is asked for again after a start")
    }

    @Test func aStartThatFailedButRanIsShownAndReachable() async throws {
        let app = await makeApp()
        let station = FakeServices.station("s0", km: 0.1, statuses: [.available])
        fake.stationsResult = { _, o, l in .success(Page(items: [station], totalCount: 1, offset: o, limit: l)) }
        app.handle(.char("r"))
        await app.settle()
        #expect(app.state.chargingBadgeCount == 0)
        // The start's answer is lost and could not be reconciled; the server charges anyway.
        fake.cardsResult = [ChargingCard(id: "c", tagId: "T")]
        fake.startResult = .failure(ChargeError.timeout)
        fake.running = [Chargelog(id: "log-9", status: .started, connector: Connector(id: "s0-c0", evseId: "AT*X*1"), energyKwh: 1)]
        app.handle(.enter)
        await app.settle()
        try await app.startAndConfirm()
        await app.settle()
        try await waitUntil("the running session known after the failed start") { app.state.chargingBadgeCount == 1 }
        app.handle(.char("l"))
        await app.settle()
        #expect(app.state.route == .live)
        #expect(app.state.live?.chargelogId == "log-9")
    }

    @Test func twoRunningSessionsAreNeverOrphaned() async throws {
        // Start on connector 1 → Esc → the same station → start connector 3 → `l` → stop it.
        let app = await makeApp()
        let station = FakeServices.station("s0", km: 0.1, statuses: [.available, .available, .available])
        fake.stationsResult = { _, o, l in .success(Page(items: [station], totalCount: 1, offset: o, limit: l)) }
        app.handle(.char("r"))
        await app.settle()
        fake.running = [Chargelog(id: "log-1", status: .started, connector: Connector(id: "s0-c0", evseId: "AT*X*1"), energyKwh: 1)]
        try await openLive(app, id: "log-1", serve: false)
        app.handle(.escape)
        await app.settle()
        #expect(app.state.chargingBadgeCount == 1)
        app.handle(.enter)
        await app.settle()
        #expect(app.state.route == .detail)
        fake.running.append(Chargelog(id: "log-3", status: .started, connector: Connector(id: "s0-c2", evseId: "AT*X*3"), energyKwh: 0))
        fake.startResult = .success("log-3")
        app.handle(.down)
        app.handle(.down)
        try await app.startAndConfirm()
        await app.settle()
        #expect(app.state.live?.chargelogId == "log-3")
        #expect(app.state.chargingBadgeCount == 2, "the header shows both: ● 2 charging")
        app.handle(.char("l"))
        #expect(app.state.sessionChooser?.sessions.map(\.id).sorted() == ["log-1", "log-3"])
        app.handle(.escape)
        #expect(app.state.sessionChooser == nil)
        fake.stopResult = .success(
            StopResult(chargelog: Chargelog(id: "log-3", status: .stopped, energyKwh: 0.5), wasAlreadyStopped: false)
        )
        fake.running.removeAll { $0.id == "log-3" }
        app.handle(.char("s"))
        app.handle(.char("y"))
        await app.settle()
        #expect(app.state.route == .summary)
        app.handle(.enter)
        await app.settle()
        #expect(app.state.route == .stations)
        #expect(app.state.sessionInBackground, "the first session is still known")
        #expect(app.state.chargingBadgeCount == 1)
        app.handle(.char("q"))
        #expect(app.state.confirm?.purpose == .quit, "quitting asks while a session runs")
        app.handle(.char("n"))
        app.handle(.char("l"))
        await app.settle()
        #expect(app.state.route == .live)
        #expect(app.state.live?.chargelogId == "log-1")
        #expect(fake.liveSubscriptions.last == "log-1", "the first session is followed again")
    }

    @Test func theChooserOpensThePickedSession() async throws {
        fake.serve(3)
        fake.running = [
            Chargelog(id: "a", status: .started, connector: Connector(id: "c1", evseId: "AT*A"), energyKwh: 1),
            Chargelog(id: "b", status: .started, connector: Connector(id: "c2", evseId: "AT*B"), energyKwh: 2),
        ]
        // After sign-in the first opens; the other is one `l` away.
        let app = await makeApp()
        #expect(app.state.live?.chargelogId == "a")
        #expect(app.state.chargingBadgeCount == 2)
        app.handle(.char("l"))
        #expect(app.state.sessionChooser?.sessions.map(\.title) == ["AT*A", "AT*B"])
        app.handle(.down)
        app.handle(.enter)
        await app.settle()
        #expect(app.state.live?.chargelogId == "b")
        #expect(app.state.route == .live)
        #expect(fake.liveSubscriptions.last == "b")
    }
}
