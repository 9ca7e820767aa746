import Foundation

/// A day of the week, Monday first (ISO 8601), as opening hours name them.
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable {
    case monday = 0
    case tuesday, wednesday, thursday, friday, saturday, sunday

    /// The API's spelling, any case, surrounding blanks ignored ("MONDAY", "monday ").
    public init?(apiValue: some StringProtocol) {
        let names = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
        guard let i = names.firstIndex(of: apiValue.trimmingCharacters(in: .whitespaces).uppercased()) else { return nil }
        self.init(rawValue: i)
    }

    /// Foundation's weekday number (1 = Sunday … 7 = Saturday), for calendar symbols.
    public var gregorianNumber: Int { rawValue == 6 ? 1 : rawValue + 2 }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// A local time on some day ahead: when a station opens or closes, as its sign would say.
public struct OpeningTime: Sendable, Hashable, CustomStringConvertible {
    public var weekday: Weekday
    /// 0…24; 24 only with `minute` 0 ("24:00", the end of `weekday`).
    public var hour: Int
    public var minute: Int
    /// Calendar days from now in the station's zone: 0 today, 1 tomorrow, up to 7 (the same
    /// weekday next week).
    public var daysFromNow: Int

    public init(weekday: Weekday, hour: Int, minute: Int, daysFromNow: Int) {
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
        self.daysFromNow = daysFromNow
    }

    /// "21:00" (24-hour clock, as the API writes times).
    public var clock: String { String(format: "%02d:%02d", hour, minute) }

    public var description: String { "\(weekday) \(clock) (+\(daysFromNow)d)" }
}

/// Whether a station is open at some moment, from its opening hours.
public enum OpeningStatus: Sendable, Hashable {
    /// The hours cover every minute of the week ("Open 24/7"); needs no time zone.
    case alwaysOpen
    /// Open now, until `closesAt` (the end of the open stretch, over midnight if need be).
    case open(closesAt: OpeningTime)
    /// Closed now; opens again at `opensAt`.
    case closed(opensAt: OpeningTime)
    /// Nothing trustworthy can be said: no hours, hours this app cannot read, or no usable
    /// time zone for hours that depend on one. Shown as neither open nor closed.
    case unknown

    /// True only when the hours say so for certain (an unknown status is not closed).
    public var isClosed: Bool {
        if case .closed = self { return true }
        return false
    }
}

/// A station's opening hours as a weekly schedule: the API's entries (untrusted text)
/// turned into open stretches of the week, evaluated at a given moment in a given zone.
///
/// Pure and cheap: made once per station, no clock of its own (the caller passes `now`).
/// Readings of the entries (each checked, none guessed):
/// - `dayOfWeek`: one day ("MONDAY") or a range ("MONDAY-FRIDAY"); a range whose end comes
///   before its start wraps over the weekend ("SATURDAY-MONDAY" is Sat, Sun, Mon); a range
///   from a day to itself is that one day. Any case, blanks around the parts ignored; a
///   hyphen or an en dash between the days.
/// - `from`/`to`: "H:MM" or "HH:MM" (an optional ":00" seconds part), 00:00…23:59; `to` may
///   be "24:00" (the end of the day). `to` before `from` runs past midnight into the next
///   day (22:00–06:00). `from` equal to `to` is ambiguous (closed? all day?): not read.
/// - Several entries add up (open when any entry says open).
/// - If ANY entry cannot be read, the whole schedule is unknown: the unread entry might
///   have said open at the very moment the others say closed.
/// - No entries: unknown (many tenants send none; absence is not "closed").
public struct OpeningSchedule: Sendable, Hashable {
    /// Minutes in a week, Monday 00:00 local = 0.
    public static let weekMinutes = 7 * 24 * 60

    /// Merged open stretches as [start, end) in week minutes, sorted, start in
    /// 0..<weekMinutes, end ≤ start + weekMinutes (an end past the week wraps to Monday).
    /// nil: the hours could not be read (or there were none).
    public let stretches: [Range<Int>]?

    public init(_ hours: [OpeningHours]) {
        guard !hours.isEmpty else {
            stretches = nil
            return
        }
        var raw: [Range<Int>] = []
        for entry in hours {
            guard let days = Self.days(entry.dayOfWeek), let from = Self.minutes(entry.from, allowEndOfDay: false),
                let to = Self.minutes(entry.to, allowEndOfDay: true), from != to
            else {
                stretches = nil
                return
            }
            let length = to > from ? to - from : to + 1440 - from
            for d in days { raw.append(d.rawValue * 1440 + from..<d.rawValue * 1440 + from + length) }
        }
        stretches = Self.merge(raw)
    }

    /// Whether the hours were read (a status other than `.unknown` is possible).
    public var isKnown: Bool { stretches != nil }

    /// Whether the stretches cover the whole week.
    public var isAlwaysOpen: Bool { stretches?.first.map { $0.count >= Self.weekMinutes } ?? false }

    /// The status at `date`, read on the wall clock of `timeZone` (so daylight-saving days
    /// need no special case: 02:30 on the spring-forward day never happens, and on the
    /// fall-back day it happens twice, open or closed alike both times).
    public func status(at date: Date, timeZone: TimeZone) -> OpeningStatus {
        guard let stretches, !stretches.isEmpty else { return .unknown }
        if isAlwaysOpen { return .alwaysOpen }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        guard let weekday = c.weekday, let hour = c.hour, let minute = c.minute else { return .unknown }
        // Foundation: 1 = Sunday … 7 = Saturday; here Monday = 0.
        let now = ((weekday + 5) % 7) * 1440 + hour * 60 + minute
        // Unrolled over two weeks so a stretch crossing Sunday midnight is one range.
        let unrolled = stretches + stretches.map { $0.lowerBound + Self.weekMinutes..<$0.upperBound + Self.weekMinutes }
        if let open = unrolled.first(where: { $0.contains(now) || $0.contains(now + Self.weekMinutes) }) {
            let end = open.contains(now) ? open.upperBound : open.upperBound - Self.weekMinutes
            return .open(closesAt: Self.time(at: end, from: now, isEnd: true))
        }
        let next = unrolled.first { $0.lowerBound > now }?.lowerBound ?? stretches[0].lowerBound + Self.weekMinutes
        return .closed(opensAt: Self.time(at: next, from: now, isEnd: false))
    }

    /// `minute` (week minutes, maybe past the week) as a weekday and clock time. An end at
    /// midnight is "24:00" of the day before, as hours are written.
    static func time(at minute: Int, from now: Int, isEnd: Bool) -> OpeningTime {
        let shifted = isEnd && minute % 1440 == 0 ? minute - 1 : minute
        let day = shifted / 1440
        let weekday = Weekday(rawValue: day % 7) ?? .monday
        let inDay = isEnd && minute % 1440 == 0 ? 1440 : minute % 1440
        return OpeningTime(weekday: weekday, hour: inDay / 60, minute: inDay % 60, daysFromNow: day - now / 1440)
    }

    /// The days of a `dayOfWeek` value, or nil when it is not one this reading knows.
    static func days(_ text: String) -> [Weekday]? {
        guard text.count <= 40 else { return nil }
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "–" }
        switch parts.count {
        case 1:
            return Weekday(apiValue: parts[0]).map { [$0] }
        case 2:
            guard let a = Weekday(apiValue: parts[0]), let b = Weekday(apiValue: parts[1]) else { return nil }
            let count = (b.rawValue - a.rawValue + 7) % 7 + 1
            return (0..<count).compactMap { Weekday(rawValue: (a.rawValue + $0) % 7) }
        default:
            return nil
        }
    }

    /// Minutes after midnight of "HH:MM" (or "H:MM", "HH:MM:00"); "24:00" only as an end.
    static func minutes(_ text: String, allowEndOfDay: Bool) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count <= 8, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") }) else { return nil }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || (parts.count == 3 && parts[2] == "00"),
            (1...2).contains(parts[0].count), parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1]), (0..<60).contains(m)
        else { return nil }
        if h == 24 && m == 0 && allowEndOfDay { return 1440 }
        guard (0..<24).contains(h) else { return nil }
        return h * 60 + m
    }

    /// Sorted, overlapping or touching stretches joined; one that wraps past the week's end
    /// is joined with those at its start.
    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        // A stretch running past Sunday midnight swallows the ones it reaches on Monday.
        while out.count > 1, let last = out.last, let first = out.first, last.upperBound - weekMinutes >= first.lowerBound {
            out[out.count - 1] = last.lowerBound..<max(last.upperBound, first.upperBound + weekMinutes)
            out.removeFirst()
        }
        return out.contains { $0.count >= weekMinutes } ? [0..<weekMinutes] : out
    }
}

extension Station {
    /// The station's opening hours as a schedule (see `OpeningSchedule` for the readings).
    public var openingSchedule: OpeningSchedule { OpeningSchedule(openingHours) }

    /// The station's own time zone, if `timeZone` is an IANA id this system knows. Text that
    /// is not shaped like one ("../x", blanks, 200 characters) is refused before Foundation
    /// sees it. No fallback to the device's zone: a station in Vienna seen from a laptop in
    /// New York would be called open when it is shut.
    public var zone: TimeZone? { Self.zone(timeZone) }

    /// Open, closed or unknown at `date`, in the station's own time zone. Hours that cover
    /// the whole week are "always open" even without a zone; any other answer needs one.
    public func openingStatus(at date: Date) -> OpeningStatus {
        let schedule = openingSchedule
        if schedule.isAlwaysOpen { return .alwaysOpen }
        guard let zone else { return .unknown }
        return schedule.status(at: date, timeZone: zone)
    }

    private static let zones = LockedZones()

    static func zone(_ id: String?) -> TimeZone? {
        guard let id, (1...64).contains(id.utf8.count), !id.contains(".."), let first = id.unicodeScalars.first,
            first.properties.isAlphabetic, first.isASCII,
            id.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/_+-".unicodeScalars.contains($0))
            })
        else { return nil }
        return zones.zone(id)
    }
}

/// Time zones by id, looked up once each (a list of a thousand stations has a handful).
private final class LockedZones: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: TimeZone?] = [:]

    func zone(_ id: String) -> TimeZone? {
        lock.lock()
        defer { lock.unlock() }
        if let hit = known[id] { return hit }
        let zone = TimeZone(identifier: id)
        if known.count < 1000 { known[id] = zone }
        return zone
    }
}
