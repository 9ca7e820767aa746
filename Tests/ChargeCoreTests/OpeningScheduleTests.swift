import ChargeTestSupport
import Foundation
import Testing

@testable import ChargeCore

/// Opening hours as the server may send them, evaluated in the station's own zone: ranges,
/// wrap-around, overnight, 24:00, daylight-saving days in Vienna, unknown zones, garbage.
@Suite(.timeLimit(.minutes(1))) struct OpeningScheduleTests {
    static let vienna = TimeZone(identifier: "Europe/Vienna")!
    static let shop = [OpeningHours(dayOfWeek: "MONDAY-SATURDAY", from: "07:00", to: "21:00")]
    static let always = [OpeningHours(dayOfWeek: "MONDAY-SUNDAY", from: "00:00", to: "24:00")]

    /// A wall-clock time in `zone` (2026-11-23 is a Monday).
    func local(_ day: Int, _ hour: Int, _ minute: Int = 0, month: Int = 11, zone: TimeZone = vienna) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = zone
        return c.date(from: DateComponents(year: 2026, month: month, day: day, hour: hour, minute: minute))!
    }

    func utc(_ iso: String) -> Date { try! Date(iso, strategy: .iso8601) }

    func status(_ hours: [OpeningHours], _ date: Date, zone: TimeZone = vienna) -> OpeningStatus {
        OpeningSchedule(hours).status(at: date, timeZone: zone)
    }

    func open(_ w: Weekday, _ h: Int, _ m: Int = 0, in days: Int) -> OpeningStatus {
        .open(closesAt: OpeningTime(weekday: w, hour: h, minute: m, daysFromNow: days))
    }

    func closed(_ w: Weekday, _ h: Int, _ m: Int = 0, in days: Int) -> OpeningStatus {
        .closed(opensAt: OpeningTime(weekday: w, hour: h, minute: m, daysFromNow: days))
    }

    @Test func aShopMondayToSaturday() {
        #expect(status(Self.shop, local(26, 10)) == open(.thursday, 21, in: 0))
        #expect(status(Self.shop, local(26, 22, 55)) == closed(.friday, 7, in: 1), "the issue's 22:55")
        #expect(status(Self.shop, local(28, 22, 55)) == closed(.monday, 7, in: 2), "Saturday night: Sunday is shut")
        #expect(status(Self.shop, local(29, 12)) == closed(.monday, 7, in: 1))
        #expect(status(Self.shop, local(26, 6, 59)) == closed(.thursday, 7, in: 0))
        #expect(status(Self.shop, local(26, 7)) == open(.thursday, 21, in: 0), "opening minute is open")
        #expect(status(Self.shop, local(26, 20, 59)) == open(.thursday, 21, in: 0))
        #expect(status(Self.shop, local(26, 21)) == closed(.friday, 7, in: 1), "closing minute is closed")
    }

    @Test func theStationsZoneDecidesNotTheDevices() {
        let instant = utc("2026-11-26T20:30:00Z")  // 21:30 in Vienna, 20:30 in UTC, 15:30 in New York
        #expect(status(Self.shop, instant).isClosed)
        #expect(status(Self.shop, instant, zone: TimeZone(identifier: "UTC")!) == open(.thursday, 21, in: 0))
        let station = Station(id: "s", name: "S", timeZone: "Europe/Vienna", openingHours: Self.shop)
        #expect(station.openingStatus(at: instant) == closed(.friday, 7, in: 1))
    }

    @Test func alwaysOpenInAnyShapeAndWithoutAZone() {
        #expect(status(Self.always, local(26, 3)) == .alwaysOpen)
        let split = [
            OpeningHours(dayOfWeek: "monday-friday", from: "00:00", to: "24:00"),
            OpeningHours(dayOfWeek: "Saturday-Sunday", from: "0:00", to: "24:00"),
        ]
        #expect(status(split, local(29, 23, 59)) == .alwaysOpen)
        let overnight = [OpeningHours(dayOfWeek: "MONDAY-SUNDAY", from: "06:00", to: "06:00:00")]
        #expect(!OpeningSchedule(overnight).isKnown, "from = to is ambiguous, not 24 h")
        for zone in [nil, "Mars/Olympus", "../../etc/passwd"] {
            let s = Station(id: "s", name: "S", timeZone: zone, openingHours: Self.always)
            #expect(s.openingStatus(at: local(26, 3)) == .alwaysOpen, "24/7 needs no zone (\(zone ?? "nil"))")
        }
    }

    @Test func aSingleDayAndTheSameDayNextWeek() {
        let hours = [OpeningHours(dayOfWeek: "MONDAY", from: "08:00", to: "12:00")]
        #expect(status(hours, local(23, 10)) == open(.monday, 12, in: 0))
        #expect(status(hours, local(23, 13)) == closed(.monday, 8, in: 7))
        #expect(status(hours, local(29, 23)) == closed(.monday, 8, in: 1))
    }

    @Test func aRangeWrapsOverTheWeekend() {
        let hours = [OpeningHours(dayOfWeek: "SATURDAY-MONDAY", from: "10:00", to: "18:00")]
        #expect(status(hours, local(29, 12)) == open(.sunday, 18, in: 0))
        #expect(status(hours, local(23, 12)) == open(.monday, 18, in: 0))
        #expect(status(hours, local(24, 12)) == closed(.saturday, 10, in: 4))
        #expect(OpeningSchedule.days("FRIDAY – TUESDAY") == [.friday, .saturday, .sunday, .monday, .tuesday])
        #expect(OpeningSchedule.days("WEDNESDAY-WEDNESDAY") == [.wednesday])
    }

    @Test func overnightHoursRunIntoTheNextDay() {
        let nights = [OpeningHours(dayOfWeek: "MONDAY-FRIDAY", from: "22:00", to: "06:00")]
        #expect(status(nights, local(28, 3)) == open(.saturday, 6, in: 0), "Friday's night reaches Saturday")
        #expect(status(nights, local(23, 3)) == closed(.monday, 22, in: 0), "Sunday has no night")
        #expect(status(nights, local(24, 23)) == open(.wednesday, 6, in: 1))
        // Sunday night joins Monday morning across the week's end.
        let joined = [
            OpeningHours(dayOfWeek: "SUNDAY", from: "22:00", to: "06:00"),
            OpeningHours(dayOfWeek: "MONDAY", from: "06:00", to: "12:00"),
        ]
        #expect(status(joined, local(29, 23)) == open(.monday, 12, in: 1))
        #expect(status(joined, local(23, 3)) == open(.monday, 12, in: 0))
        #expect(status(joined, local(23, 12)) == closed(.sunday, 22, in: 6))
    }

    @Test func twentyFourHundredIsTheEndOfTheDay() {
        let late = [OpeningHours(dayOfWeek: "FRIDAY", from: "18:00", to: "24:00")]
        #expect(status(late, local(27, 20)) == open(.friday, 24, in: 0))
        #expect(OpeningTime(weekday: .friday, hour: 24, minute: 0, daysFromNow: 0).clock == "24:00")
        let more = late + [OpeningHours(dayOfWeek: "SATURDAY", from: "00:00", to: "02:00")]
        #expect(status(more, local(27, 20)) == open(.saturday, 2, in: 1), "continues past midnight")
        let toMidnight = [OpeningHours(dayOfWeek: "SUNDAY", from: "20:00", to: "00:00")]
        #expect(status(toMidnight, local(29, 21)) == open(.sunday, 24, in: 0), "00:00 as an end is midnight")
        #expect(!OpeningSchedule([OpeningHours(dayOfWeek: "MONDAY", from: "24:00", to: "24:00")]).isKnown)
    }

    @Test func daylightSavingDaysInVienna() {
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST. Hours Sunday 03:00–05:00.
        let early = [OpeningHours(dayOfWeek: "SUNDAY", from: "03:00", to: "05:00")]
        #expect(status(early, utc("2026-03-29T00:59:00Z")) == closed(.sunday, 3, in: 0), "01:59 CET")
        #expect(status(early, utc("2026-03-29T01:00:00Z")) == open(.sunday, 5, in: 0), "one minute later it is 03:00 CEST")
        #expect(status(early, utc("2026-03-29T02:59:00Z")) == open(.sunday, 5, in: 0), "04:59 CEST")
        #expect(status(early, utc("2026-03-29T03:00:00Z")) == closed(.sunday, 3, in: 7))
        // 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:15 happens twice, open both times.
        let twice = [OpeningHours(dayOfWeek: "SUNDAY", from: "02:00", to: "02:30")]
        #expect(status(twice, utc("2026-10-25T00:15:00Z")) == open(.sunday, 2, 30, in: 0), "02:15 CEST")
        #expect(status(twice, utc("2026-10-25T00:45:00Z")) == closed(.sunday, 2, in: 7), "02:45 CEST")
        #expect(status(twice, utc("2026-10-25T01:15:00Z")) == open(.sunday, 2, 30, in: 0), "02:15 CET, the second time")
        // A shop on the Saturday before each change.
        #expect(status(Self.shop, utc("2026-03-28T19:30:00Z")) == open(.saturday, 21, in: 0), "20:30 CET")
        #expect(status(Self.shop, utc("2026-10-24T19:30:00Z")) == closed(.monday, 7, in: 2), "21:30 CEST")
    }

    @Test func anUnknownOrMissingZoneIsUnknownNotAGuess() {
        for zone in [
            nil, "", "Mars/Olympus", "../../etc/passwd", "Europe/Vienna ", "Europe\u{0}/Vienna", String(repeating: "A", count: 200),
        ] {
            let s = Station(id: "s", name: "S", timeZone: zone, openingHours: Self.shop)
            #expect(s.openingStatus(at: local(26, 10)) == .unknown, "\(String(describing: zone))")
        }
        #expect(
            Station(id: "s", name: "S", timeZone: "Europe/Berlin", openingHours: Self.shop).openingStatus(at: local(26, 10)) != .unknown
        )
    }

    @Test(arguments: [
        [OpeningHours(dayOfWeek: "FUNDAY", from: "07:00", to: "21:00")],
        [OpeningHours(dayOfWeek: "MONDAY-", from: "07:00", to: "21:00")],
        [OpeningHours(dayOfWeek: "MONDAY-TUESDAY-FRIDAY", from: "07:00", to: "21:00")],
        [OpeningHours(dayOfWeek: "", from: "07:00", to: "21:00")],
        [OpeningHours(dayOfWeek: "MONDAY", from: "7", to: "21:00")],
        [OpeningHours(dayOfWeek: "MONDAY", from: "07:60", to: "21:00")],
        [OpeningHours(dayOfWeek: "MONDAY", from: "07:00", to: "25:00")],
        [OpeningHours(dayOfWeek: "MONDAY", from: "07:00", to: "24:01")],
        [OpeningHours(dayOfWeek: "MONDAY", from: "-1:00", to: "21:00")],
        [OpeningHours(dayOfWeek: "MONDAY", from: "07:00", to: "")],
        [OpeningHours(dayOfWeek: "MONDAY", from: "07:00", to: "9pm")],
        [OpeningHours(dayOfWeek: "MONDAY", from: "٠٧:٠٠", to: "21:00")],
        [OpeningHours(dayOfWeek: "MONDAY", from: "07:00:30", to: "21:00")],
        [OpeningHours(dayOfWeek: "MONDAY", from: "08:00", to: "08:00")],
        [OpeningHours(dayOfWeek: String(repeating: "MONDAY", count: 100), from: "07:00", to: "21:00")],
        // One unreadable entry makes the whole schedule unknown: it might have said "open".
        shop + [OpeningHours(dayOfWeek: "SUNDAY", from: "ten", to: "four")],
        [],
    ])
    func garbageIsUnknown(_ hours: [OpeningHours]) {
        #expect(!OpeningSchedule(hours).isKnown)
        #expect(status(hours, local(26, 10)) == .unknown)
        #expect(status(hours, local(29, 10)) == .unknown)
    }

    @Test func lenientWhereTheMeaningIsClear() {
        let hours = [OpeningHours(dayOfWeek: " tuesday – thursday ", from: " 7:00 ", to: "21:00:00")]
        #expect(status(hours, local(26, 10)) == open(.thursday, 21, in: 0))
    }

    /// Random schedules against a minute-by-minute reading of the week (UTC, so week
    /// minutes and instants line up). Seeded; the seed is printed on a failure.
    @Test func randomSchedulesAgreeWithAMinuteByMinuteReading() {
        let seed = UInt64(ProcessInfo.processInfo.environment["OPENING_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64.max)
        var rng = SeededRandom(seed)
        let names = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
        let utcZone = TimeZone(identifier: "UTC")!
        let monday = utc("2026-11-23T00:00:00Z")
        let week = OpeningSchedule.weekMinutes
        for round in 0..<100 {
            var hours: [OpeningHours] = []
            var open = [Bool](repeating: false, count: week)
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let a = Int.random(in: 0..<7, using: &rng)
                let b = Bool.random(using: &rng) ? a : Int.random(in: 0..<7, using: &rng)
                let from = Int.random(in: 0..<96, using: &rng) * 15
                var to = Int.random(in: 0...96, using: &rng) * 15
                if to == from { to = (from + 60) % 1440 }
                let clock = { (m: Int) in String(format: "%02d:%02d", m / 60, m % 60) }
                hours.append(OpeningHours(dayOfWeek: a == b ? names[a] : "\(names[a])-\(names[b])", from: clock(from), to: clock(to)))
                let length = to > from ? to - from : to + 1440 - from
                for d in 0...((b - a + 7) % 7) {
                    let start = ((a + d) % 7) * 1440 + from
                    for m in start..<start + length { open[m % week] = true }
                }
            }
            let schedule = OpeningSchedule(hours)
            let always = open.allSatisfy { $0 }
            for _ in 0..<10 {
                let now = Int.random(in: 0..<week, using: &rng)
                let got = schedule.status(at: monday.addingTimeInterval(Double(now * 60)), timeZone: utcZone)
                let expected: OpeningStatus
                if always {
                    expected = .alwaysOpen
                } else if open[now] {
                    let end = (1...week).first { !open[(now + $0) % week] }! + now
                    expected = .open(closesAt: OpeningSchedule.time(at: end, from: now, isEnd: true))
                } else {
                    let start = (1...week).first { open[(now + $0) % week] }! + now
                    expected = .closed(opensAt: OpeningSchedule.time(at: start, from: now, isEnd: false))
                }
                #expect(got == expected, "seed \(seed) (OPENING_SEED), round \(round): \(hours) at week minute \(now)")
                if got != expected { return }
            }
        }
    }
}

/// The suite target's SplitMix64 as a generator for the standard library's `random(using:)`.
