import Foundation
import GRDB

/// Whether a station is open at an instant, for the search's `openNow` filter [ours]: its
/// `opening_hours` JSON read on the wall clock of its `time_zone`.
///
/// The sandbox shares only the schema with the client, so this is its own reading, kept to
/// the same rules as the client's (`OpeningSchedule`): a day or a day range (wrapping over
/// the weekend), "HH:MM" times, "24:00" as an end, an end before the start running past
/// midnight. Hours it cannot read, or an unknown zone, are not "open": the filter keeps
/// only stations known to be open. Each distinct hours text is read once into a
/// minute-by-minute week (a handful of texts in the data set).
enum OpeningHoursClock {
    static let weekMinutes = 7 * 1440

    /// A read hours text: the open minutes of the week, and whether that is all of them.
    struct Week {
        let open: [Bool]
        let always: Bool
    }

    private static let weeks = LockedValue<[String: Week?]>([:])
    private static let zones = LockedValue<[String: TimeZone?]>([:])
    private static let clocks = LockedValue<[String: (epochMinute: Int, weekMinute: Int)]>([:])

    /// `open_at(opening_hours, time_zone, epoch_seconds)`: 1 when open, 0 otherwise.
    static let function = DatabaseFunction("open_at", argumentCount: 3, pure: true) { values in
        guard let hours = String.fromDatabaseValue(values[0]), let zoneID = String.fromDatabaseValue(values[1]),
            let epoch = Double.fromDatabaseValue(values[2])
        else { return 0 }
        return isOpen(hours: hours, zone: zoneID, at: Date(timeIntervalSince1970: epoch)) ? 1 : 0
    }

    static func isOpen(hours: String, zone zoneID: String, at date: Date) -> Bool {
        guard let week = week(hours) else { return false }
        if week.always { return true }
        guard let minute = weekMinute(zoneID, at: date) else { return false }
        return week.open[minute]
    }

    /// The minute of the week (Monday 00:00 = 0) on the wall clock of zone `id` at `date`:
    /// UTC plus the zone's offset at that instant (1970-01-01 was a Thursday). Remembered per
    /// zone for the current minute: a search asks it for every candidate row, and a search
    /// covers a few zones (reading the offset each time tripled a full scan's cost).
    static func weekMinute(_ id: String, at date: Date) -> Int? {
        let epochMinute = Int((date.timeIntervalSince1970 / 60).rounded(.down))
        if let hit = clocks.withLock({ $0[id] }), hit.epochMinute == epochMinute { return hit.weekMinute }
        guard let zone = zone(id) else { return nil }
        let local = epochMinute + zone.secondsFromGMT(for: date) / 60
        let minute = ((local + 3 * 1440) % weekMinutes + weekMinutes) % weekMinutes
        clocks.withLock { if $0.count < 256 || $0[id] != nil { $0[id] = (epochMinute, minute) } }
        return minute
    }

    static func zone(_ id: String) -> TimeZone? {
        if let hit = zones.withLock({ $0[id] }) { return hit }
        let zone = id.contains("..") || id.count > 64 ? nil : TimeZone(identifier: id)
        zones.withLock { $0[id] = zone }
        return zone
    }

    /// The open minutes of the week (Monday 00:00 = 0), or nil when the text is not read.
    static func week(_ json: String) -> Week? {
        if let hit = weeks.withLock({ $0[json] }) { return hit }
        let week = read(json).map { Week(open: $0, always: !$0.contains(false)) }
        weeks.withLock { if $0.count < 256 { $0[json] = week } }
        return week
    }

    private static func read(_ json: String) -> [Bool]? {
        guard let list = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]], !list.isEmpty else { return nil }
        let days = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
        var week = [Bool](repeating: false, count: weekMinutes)
        for entry in list {
            guard let day = entry["dayOfWeek"] as? String, let fromText = entry["from"] as? String, let toText = entry["to"] as? String,
                let from = minutes(fromText), from < 1440, let to = minutes(toText), from != to
            else { return nil }
            let parts = day.split(separator: "-", omittingEmptySubsequences: false).map {
                days.firstIndex(of: $0.trimmingCharacters(in: .whitespaces).uppercased())
            }
            guard (1...2).contains(parts.count), let first = parts[0], let last = parts[parts.count - 1] else { return nil }
            let length = to > from ? to - from : to + 1440 - from
            for d in 0...((last - first + 7) % 7) {
                let start = ((first + d) % 7) * 1440 + from
                for m in start..<start + length { week[m % weekMinutes] = true }
            }
        }
        return week
    }

    /// "HH:MM" → minutes after midnight; "24:00" → 1440.
    private static func minutes(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<60).contains(m) else { return nil }
        if h == 24 && m == 0 { return 1440 }
        guard (0..<24).contains(h) else { return nil }
        return h * 60 + m
    }
}
