import ArgumentParser
import ChargeCore
import ChargeTUI
import Foundation

/// The stable JSON shapes of the scripting subcommands (docs/CLI.md). Keys are snake_case;
/// a value the server did not give is null, never left out; dates are ISO 8601 in UTC.
/// New keys may be added later; existing ones keep their name and meaning.
enum JSONShape {
    typealias Object = [String: Any]

    static func connector(_ c: Connector) -> Object {
        [
            "id": c.id, "label": c.label ?? NSNull(), "evse_id": c.evseId ?? NSNull(), "status": c.status.apiValue,
            "plug_type": c.plugType.apiValue, "power_type": c.powerType.rawValue, "max_power_kw": number(c.maxPowerKw),
            "price_per_kwh": number(c.pricePerKwh), "currency": c.currency ?? NSNull(), "status_updated_at": date(c.statusUpdatedAt),
        ]
    }

    static func station(_ s: Station) -> Object {
        [
            "id": s.id, "name": s.name, "address": s.address.singleLine, "city": s.address.city ?? NSNull(),
            "country": s.address.country ?? NSNull(),
            "latitude": number(s.location?.latitude), "longitude": number(s.location?.longitude), "distance_km": number(s.distanceKm),
            "roaming": s.isRoaming, "available_connectors": s.availableCount, "max_power_kw": number(s.maxPowerKw),
            "plug_types": s.plugTypes.map(\.apiValue), "open_now": openNow(s.openingStatus(at: Date())),
            "connectors": s.connectors.map(connector),
        ]
    }

    /// True or false when the opening hours say so for certain, null when they cannot
    /// (no hours, hours not understood, or no time zone for them).
    static func openNow(_ status: OpeningStatus) -> Any {
        switch status {
        case .alwaysOpen, .open: true
        case .closed: false
        case .unknown: NSNull()
        }
    }

    static func session(_ l: Chargelog) -> Object {
        [
            "id": l.id, "status": l.status.rawValue, "running": l.status.isRunning, "connector_id": l.connector?.id ?? NSNull(),
            "evse_id": l.connector?.evseId ?? NSNull(), "started_at": date(l.dateStart), "ended_at": date(l.dateEnd),
            "energy_kwh": number(l.energyKwh), "cost": number(l.cost?.total ?? l.cost?.grossAmount),
            "currency": l.cost?.currency ?? l.connector?.currency ?? NSNull(), "rate": l.rateName ?? NSNull(),
        ]
    }

    /// One line of `session --watch`.
    static func snapshot(_ s: SessionSnapshot) -> Object {
        [
            "id": s.chargelog.id, "status": s.chargelog.status.rawValue, "running": s.chargelog.status.isRunning,
            "observed_at": date(s.observedAt), "elapsed_s": number((s.elapsed * 10).rounded() / 10),
            "energy_kwh": number(s.chargelog.energyKwh),
            "power_kw": number(s.powerKw), "cost": number(s.costSoFar), "currency": s.currency ?? NSNull(),
        ]
    }

    static func document(_ d: AccountDocument) -> Object {
        [
            "id": d.id, "kind": d.kind.rawValue, "title": d.title ?? NSNull(), "date": date(d.documentDate),
            "download_link": d.downloadLink ?? NSNull(),
        ]
    }

    static func date(_ d: Date?) -> Any {
        guard let d else { return NSNull() }
        return ISO8601DateFormatter.string(from: d, timeZone: .gmt, formatOptions: [.withInternetDateTime])
    }

    /// A number rounded to 4 decimals (no float noise like 0.35000000000000003), or null.
    static func number(_ x: Double?) -> Any {
        guard let x, x.isFinite else { return NSNull() }
        let rounded = (x * 10_000).rounded() / 10_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return Int(rounded) }
        return rounded
    }

    /// Prints `value` as JSON: one line when `compact` (`--watch`), else indented; keys sorted.
    static func print(_ value: Object, compact: Bool = false) throws {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if !compact { options.insert(.prettyPrinted) }
        var data = try JSONSerialization.data(withJSONObject: value, options: options)
        data.append(0x0A)
        try Output.write(data)
    }
}

/// Standard output for the subcommands. A reader that went away (`… | head -3`) ends the
/// command quietly with 141 (128 + SIGPIPE), as a shell pipeline expects, not with a crash.
enum Output {
    static func write(_ data: Data) throws {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            throw ExitCode(141)
        }
    }

    static func line(_ text: String) throws { try write(Data((text + "\n").utf8)) }
}

/// A plain text table for people. Every cell is made display-safe (`DisplayText`: server
/// text cannot break a row or move the columns) and columns are aligned by display width.
struct TextTable {
    var headers: [String]
    var rightAligned: Set<Int> = []
    var rows: [[String]] = []

    mutating func add(_ cells: [String]) { rows.append(cells.map { DisplayText.safe($0) }) }

    func render(maxWidth: Int = 60) -> String {
        let all = [headers] + rows
        var widths = headers.map { TextWidth.of($0) }
        for row in all {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = min(maxWidth, max(widths[i], TextWidth.of(cell))) }
        }
        return all.map { row in
            row.enumerated().map { i, cell in
                let last = i == row.count - 1 && !rightAligned.contains(i)
                return last ? cell : TextWidth.fit(cell, widths[i], alignRight: rightAligned.contains(i))
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    func print() throws { try Output.write(Data(render().utf8)) }
}

/// Numbers and dates for tables (English, like the rest of the command line).
enum CellFormat {
    static func number(_ x: Double?, _ digits: Int) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.\(digits)f", x)
    }
    static func money(_ x: Double?, _ currency: String?) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.2f", x) + (currency.map { " \($0)" } ?? "")
    }
    static func date(_ d: Date?) -> String {
        guard let d else { return "–" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: d)
    }
}
