import ChargeCore
import ChargeSandbox
import ChargeTestSupport
import Foundation
import Testing

/// The sandbox's hostile names (`hostileNames`) through the real client over loopback:
/// the six nearest stations arrive display-safe, with their letters.
@Suite(.timeLimit(.minutes(3))) struct HostileSandboxTests {
    @Test func hostileNamesArriveDisplaySafe() async throws {
        var config = SandboxHarness.configuration(stations: 300)
        config.hostileNames = true
        try await SandboxHarness.with(config) { sandbox in
            let client = try await SandboxHarness.signedInClient(sandbox)
            let here = GeoPoint(latitude: Sandbox.defaultPosition.latitude, longitude: Sandbox.defaultPosition.longitude)
            let page = try await client.stations(filter: StationFilter(position: here, radiusKm: 5), offset: 0, limit: 6)
            await client.shutdown()
            let names = page.items.map(\.name)
            for marker in ["Zeilen", "Tabulator", "Titel", "Bidi", "Zero", "Breit"] {
                #expect(names.contains { $0.hasPrefix(marker) }, "\(marker) in \(names)")
            }
            for station in page.items {
                let texts = [station.name, station.address.singleLine] + station.connectors.compactMap(\.label)
                for text in texts {
                    #expect(!text.unicodeScalars.contains(where: DisplayTextTests.isUnsafe), "\(text.debugDescription)")
                }
            }
            #expect(names.contains("Zeilen bruch Wagen Ladepunkt"))
            #expect(names.contains { $0.contains("東京駅") && $0.contains("🔌") })
            let street = try #require(page.items.first { $0.name.hasPrefix("Zeilen") }?.address.street)
            #expect(street == "Sterneck straße 7")
        }
    }
}
