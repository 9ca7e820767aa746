import ChargeCore
import ChargeSandbox
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Logging
import Testing

/// The whole flow through the view models against the real core and the sandbox:
/// sign in → stations → start → live → stop → summary.
@MainActor
@Suite(.timeLimit(.minutes(3))) struct AppAgainstSandboxTests {
    @Test func signInFindStartWatchStop() async throws {
        let sb = try await Sandbox(
            configuration: SandboxHarness.configuration(),
            logger: Logger(label: "sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        try await sb.start()
        do {
            var logger = Logger(label: "vm.test")
            logger.logLevel = .critical
            let client = try ChargeClient(configuration: SandboxHarness.endpoint(sb), logger: logger, attemptPollInterval: 0.05)
            defer { Task { await client.shutdown() } }
            let settings = AppSettings(
                language: .en,
                position: GeoPoint(latitude: Sandbox.defaultPosition.latitude, longitude: Sandbox.defaultPosition.longitude),
                radiusKm: 5,
                signInHint: (Sandbox.demoUser, Sandbox.demoPassword)
            )
            let app = AppViewModel(
                services: AppServices(auth: client, stations: client, charging: client),
                settings: settings,
                time: SystemTimeSource()
            )
            app.start()
            for c in Sandbox.demoPassword { app.handle(.char(c)) }
            app.handle(.enter)
            try await waitUntil("stations") { app.state.route == .stations && !app.state.stations.rows.isEmpty }
            #expect(app.state.stations.countLine.hasSuffix("within 5 km"))
            #expect(app.state.userName == "Demo User")
            app.handle(.enter)
            try await waitUntil("detail") { app.state.detail?.loading == false && app.state.detail?.rows.isEmpty == false }
            #expect(app.state.detail?.rows.first?.status == "Available")
            app.handle(.enter)
            // Nothing is sent before the user has seen the price and the card that pays.
            try await waitUntil("the confirmation") { app.state.detail?.start.confirmation != nil }
            let confirmation = try #require(app.state.detail?.start.confirmation)
            #expect(confirmation.priceLine.hasSuffix("EUR/kWh") && !confirmation.priceUnknown)
            #expect(confirmation.cards.count == 2, "the demo user has two cards")
            #expect(app.state.running.isEmpty && app.state.live == nil)
            app.handle(.enter)
            try await waitUntil("live kWh > 0") { (app.state.live?.energyText).map { $0 != "0.00 kWh" } ?? false }
            #expect(app.state.route == .live)
            #expect(app.state.live?.statusText == "Charging")
            app.handle(.char("s"))
            app.handle(.char("y"))
            try await waitUntil("summary") { app.state.route == .summary }
            #expect(app.state.summary?.energyText.hasSuffix("kWh") == true)
            #expect(try await client.runningSessions().isEmpty)
            app.shutdown()
        } catch {
            await sb.stop()
            throw error
        }
        await sb.stop()
    }
}
