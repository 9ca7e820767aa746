import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

@testable import ChargeTUI

/// The live panel at 80×24 when the car stops drawing: the warning sits under the status,
/// whole, and goes when energy flows again.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct NoEnergyScreenTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }

    @Test func theWarningShowsUnderTheStatusAndGoesAgain() async throws {
        fake.serve(3)
        fake.cardsResult = [ChargingCard(id: "k1", tagId: "T1")]
        let app = driver.makeApp()
        await driver.signIn(app)
        app.handle(.enter)
        try await waitUntil("the station") { app.state.detail?.loading == false && app.state.detail?.rows.isEmpty == false }
        try await app.startAndConfirm()
        try await waitUntil("the live panel") { app.state.route == .live && fake.liveContinuation != nil }
        let now = driver.clock.now()
        func yield(_ status: ConnectorStatus, kwh: Double) async throws {
            let log = Chargelog(
                id: "log-1",
                status: .started,
                connector: Connector(id: "s0-c0", status: status),
                dateStart: now,
                energyKwh: kwh
            )
            fake.liveContinuation?.yield(
                SessionSnapshot(chargelog: log, observedAt: now, elapsed: 60, powerKw: 3, costSoFar: nil, currency: "EUR")
            )
            try await waitUntil("the reading") { app.state.live?.energyKwh == kwh }
        }
        try await yield(.suspendedEV, kwh: 40)
        let lines = render(app, 24, 80).lines
        let status = try #require(lines.firstIndex { $0.contains("Charging") && !$0.contains("ChargeTerm") })
        #expect(lines[status + 1].contains("⚠ The car stopped charging: it is full, or its limit or timer was reached."))
        try await yield(.charging, kwh: 40.5)
        #expect(!render(app, 24, 80).text.contains("⚠"))
    }
}
