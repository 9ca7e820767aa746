import ChargeCore
import ChargeSandbox
import ChargeSchema
import ChargeTestSupport
import Foundation
import Testing

/// The "open now" filter end to end through the client: the sandbox's reading of the hours
/// (server side, so counts and pages stay right) agrees with the client's, at a shop's
/// opening time and after it; a server whose CpFilter lacks `openNow` gets a clear refusal.
@Suite(.timeLimit(.minutes(3))) struct OpenNowSearchTests {
    static let salzburg = GeoPoint(latitude: 47.8095, longitude: 13.055)

    /// A wall-clock time in Vienna (2026-11-26 is a Thursday).
    static func vienna(_ day: Int, _ hour: Int, _ minute: Int = 0, month: Int = 11) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Vienna") ?? .gmt
        return c.date(from: DateComponents(year: 2026, month: month, day: day, hour: hour, minute: minute)) ?? .distantPast
    }

    static func everything(_ client: ChargeClient, _ filter: StationFilter) async throws -> (ids: [String], total: Int) {
        var ids: [String] = []
        var total = 0
        repeat {
            let page = try await client.stations(filter: filter, offset: ids.count, limit: 100)
            total = page.totalCount
            ids += page.items.map(\.id)
            if page.items.isEmpty { break }
        } while ids.count < total
        return (ids, total)
    }

    /// Thursday 10:00 and 22:55, Sunday noon, Saturday 20:59 (November, CET); Monday
    /// 07:30 after the spring change (CEST: 05:30 UTC, which CET would call 06:30, shut).
    @Test(arguments: [(11, 26, 10, 0), (11, 26, 22, 55), (11, 29, 12, 0), (11, 28, 20, 59), (3, 30, 7, 30), (3, 30, 6, 59)])
    func theServersOpenNowIsTheClientsReading(month: Int, day: Int, hour: Int, minute: Int) async throws {
        let now = Self.vienna(day, hour, minute, month: month)
        var config = SandboxHarness.configuration(stations: 600)
        config.clock = ManualSandboxClock(start: now)
        try await SandboxHarness.with(config) { sb in
            let client = try await SandboxHarness.signedInClient(sb)
            let base = StationFilter(position: Self.salzburg, radiusKm: 20)
            var all: [Station] = []
            while true {
                let page = try await client.stations(filter: base, offset: all.count, limit: 100)
                all += page.items
                if !page.hasMore || page.items.isEmpty { break }
            }
            var open = base
            open.openNow = true
            let filtered = try await Self.everything(client, open)
            let expected = all.filter { s in
                switch s.openingStatus(at: now) {
                case .open, .alwaysOpen: true
                case .closed, .unknown: false
                }
            }
            #expect(filtered.total == filtered.ids.count, "the count is the rows paged through")
            #expect(filtered.ids == expected.map(\.id), "nearest first, the same stations as the client's reading")
            let shops = all.filter { $0.openingStatus(at: now).isClosed }
            let shopHours = all.contains { $0.openingHours.first?.dayOfWeek == "MONDAY-SATURDAY" }
            #expect(shopHours, "the data set has shop hours to test with")
            if (7 * 60 + 30...20 * 60 + 59).contains(hour * 60 + minute) && day != 29 {
                #expect(shops.isEmpty && filtered.total == all.count, "every shop is open")
            } else {
                #expect(!shops.isEmpty && filtered.total == all.count - shops.count, "the shops are shut")
            }
        }
    }

    @Test func aServerWithoutOpenNowSaysSoAndStillSearches() async throws {
        var config = SandboxHarness.configuration(stations: 200)
        let line = "  openNow: Boolean            # open now by openingHours, in each station's timeZone\n"
        #expect(ReferenceSchema.sdl.contains(line), "the reference schema's openNow line changed: update this test")
        config.schemaSDL = ReferenceSchema.sdl.replacingOccurrences(of: line, with: "")
        try await SandboxHarness.with(config) { sb in
            let client = try await SandboxHarness.signedInClient(sb)
            let base = StationFilter(position: Self.salzburg, radiusKm: 5)
            let plain = try await client.stations(filter: base, offset: 0, limit: 20)
            #expect(plain.totalCount > 0, "without the filter the search works")
            var open = base
            open.openNow = true
            await #expect(throws: ChargeError.badInput(StationFilter.openNowUnsupported)) {
                _ = try await client.stations(filter: open, offset: 0, limit: 20)
            }
        }
    }
}
