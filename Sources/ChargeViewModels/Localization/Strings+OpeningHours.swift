import ChargeCore
import Foundation

/// Strings for opening hours (issue 15): the detail's open/closed line, the list's mark,
/// the "open now" filter. Kept beside the main table so each can change without the other.
extension Strings {
    private func choose(_ en: String, _ de: String) -> String { language == .de ? de : en }

    /// The label before the hours as the server sent them.
    public var hoursLabel: String { choose("Hours", "Öffnungszeiten") }
    public var openNow: String { choose("Open now", "Jetzt geöffnet") }
    public var openAlways: String { choose("Open 24/7", "Rund um die Uhr geöffnet") }
    public var closedNow: String { choose("Closed", "Geschlossen") }
    /// The filter dialog's item, and the list header's word for it.
    public var onlyOpenNow: String { choose("Only open now", "Nur jetzt geöffnet") }
    /// The server refused the "open now" filter (a tenant whose station search lacks it).
    public var openNowUnsupported: String {
        choose(
            "This server cannot filter by opening hours: \"open now\" is off, all stations are shown.",
            "Dieser Server kann nicht nach Öffnungszeiten filtern: \"jetzt geöffnet\" ist aus, alle Stationen werden gezeigt."
        )
    }

    /// A weekday's short name in the UI language ("Mon", "Mo"), from Foundation's calendar.
    public func weekdayShort(_ day: Weekday) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.locale = language.locale
        let names = calendar.shortStandaloneWeekdaySymbols
        let i = day.gregorianNumber - 1
        return names.indices.contains(i) ? names[i].replacingOccurrences(of: ".", with: "") : "\(day)"
    }

    /// "21:00" today, "Mon 07:00" on another day.
    func when(_ t: OpeningTime) -> String { t.daysFromNow == 0 ? t.clock : "\(weekdayShort(t.weekday)) \(t.clock)" }

    /// "Open now · closes 21:00", "Closed · opens Mon 07:00", "Open 24/7"; empty when the
    /// status is unknown (nothing is said rather than something made up).
    public func openingLine(_ status: OpeningStatus) -> String {
        switch status {
        case .alwaysOpen: openAlways
        case .open(let closes):
            "\(openNow) · " + (closes.daysFromNow == 0 ? choose("closes ", "schließt um ") : choose("closes ", "schließt "))
                + when(closes)
        case .closed(let opens):
            "\(closedNow) · " + (opens.daysFromNow == 0 ? choose("opens ", "öffnet um ") : choose("opens ", "öffnet ")) + when(opens)
        case .unknown: ""
        }
    }
}
