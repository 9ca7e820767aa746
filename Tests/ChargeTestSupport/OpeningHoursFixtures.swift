import ChargeCore
import Foundation

/// Stations with opening hours for tests of the open/closed line, the list mark and the
/// "open now" filter, and the moments that make their status known.
public enum OpeningHoursFixtures {
    public static let shopHours = [OpeningHours(dayOfWeek: "MONDAY-SATURDAY", from: "07:00", to: "21:00")]
    public static let alwaysHours = [OpeningHours(dayOfWeek: "MONDAY-SUNDAY", from: "00:00", to: "24:00")]

    /// A wall-clock time in Vienna (2026-11-23 is a Monday, the 26th a Thursday).
    public static func vienna(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Vienna") ?? TimeZone(secondsFromGMT: 3600) ?? .current
        return c.date(from: DateComponents(year: 2026, month: 11, day: day, hour: hour, minute: minute)) ?? .distantPast
    }

    /// `FakeServices.station` with hours and a zone.
    public static func station(
        _ id: String,
        km: Double,
        hours: [OpeningHours],
        zone: String? = "Europe/Vienna",
        statuses: [ConnectorStatus] = [.available]
    ) -> Station {
        var s = FakeServices.station(id, km: km, statuses: statuses)
        s.name = "Station \(id)"
        s.timeZone = zone
        s.openingHours = hours
        return s
    }

    /// A shop (Mon–Sat 07–21), a 24/7 station, one with unreadable hours, one without a zone.
    public static let mixed: [Station] = [
        station("shop", km: 0.1, hours: shopHours),
        station("always", km: 0.2, hours: alwaysHours),
        station("garbled", km: 0.3, hours: [OpeningHours(dayOfWeek: "FUNDAY", from: "7", to: "late")]),
        station("nozone", km: 0.4, hours: shopHours, zone: nil),
    ]

    /// Serves `stations` from `fake`, honouring nothing but paging (a server's filters are
    /// not the point of these tests); with `refuseOpenNow`, a search with `openNow` fails
    /// as against a server without the field.
    public static func serve(_ stations: [Station], on fake: FakeServices, refuseOpenNow: Bool = false) {
        fake.stationsResult = { f, o, l in
            if refuseOpenNow && f.openNow { return .failure(.badInput(StationFilter.openNowUnsupported)) }
            return .success(Page(items: Array(stations.dropFirst(o).prefix(l)), totalCount: stations.count, offset: o, limit: l))
        }
    }
}
