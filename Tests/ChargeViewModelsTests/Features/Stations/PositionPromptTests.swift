import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// Without a configured position the list asks for one instead of searching around 0,0.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct PositionPromptTests {
    @Test func asksForAPositionThenSearches() async {
        let driver = AppDriver()
        let fake = driver.fake
        fake.serve(3)
        let app = driver.makeApp(AppDriver.settings(position: nil, hint: false), viewport: nil)
        await driver.signIn(app, as: "u", password: "pw")
        #expect(app.state.route == .stations)
        #expect(fake.stationRequests.isEmpty, "no search around 0,0")
        #expect(app.state.status.message?.hasPrefix("Where are you?") == true)
        guard case .position = app.state.stations.editing else {
            Issue.record("the position field should be open")
            return
        }
        driver.type(app, "47.8,13.05")
        app.handle(.enter)
        await app.settle()
        #expect(fake.stationRequests.first?.0.position == GeoPoint(latitude: 47.8, longitude: 13.05))
        #expect(app.state.stations.rows.count == 3)
    }
}
