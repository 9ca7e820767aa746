import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// The status line belongs to the screen that shows: work of another screen that ends late
/// does not wipe it (soak, fault seed 2069055784: a list reload ending during a start cleared
/// "Sending the start request", and the start looked frozen for 30 s).
@MainActor
@Suite(.timeLimit(.minutes(1))) struct StatusOwnershipTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }

    func makeApp() async -> AppViewModel {
        let app = driver.makeApp()
        await driver.signIn(app)
        return app
    }

    @Test func aListReloadEndingDuringAStartLeavesTheStartsLine() async throws {
        let app = await makeApp()
        fake.serve(3)
        app.handle(.char("r"))
        await app.settle()
        try #require(app.state.stations.stations.count == 3)

        let (listGate, listOpen) = AsyncStream<Void>.makeStream()
        let (startGate, startOpen) = AsyncStream<Void>.makeStream()
        fake.stationsGate = listGate
        fake.startGate = startGate
        fake.cardsResult = [ChargingCard(id: "c", tagId: "T")]
        app.handle(.char("r"))  // a reload that will end late
        app.handle(.enter)  // the station, while the list still loads
        try await waitUntil("the detail") { app.state.route == .detail }
        try await app.startAndConfirm()
        let started = app.state.strings.stepStarted
        try await waitUntil("the start's progress") { app.state.status.message == started }

        listOpen.yield()
        listOpen.finish()
        try await waitUntil("the reload to end") { !app.state.stations.loading }
        #expect(app.state.route == .detail)
        #expect(app.state.status.message == started, "the reload's end wiped the start's line: \(app.state.status)")

        startOpen.yield()
        startOpen.finish()
        try await waitUntil("the live panel") { app.state.route == .live }
    }
}
