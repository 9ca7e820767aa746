import ChargeCore
import Foundation

/// Number and time formatting for the screens, so the front end never formats.
public enum Format {
    /// A number with `digits` decimals in the language's conventions ("12.41" / "12,41"),
    /// through Foundation's locale-aware formatting (never `String(format:)`, which knows
    /// only the C locale's point).
    public static func number(_ x: Double, digits: Int, _ language: Language = .en) -> String {
        x.formatted(FloatingPointFormatStyle<Double>(locale: language.locale).precision(.fractionLength(digits)))
    }

    /// "0.25 km", "12 km" (German "0,25 km").
    public static func distance(_ km: Double?, _ language: Language = .en) -> String {
        guard let km, km.isFinite else { return "–" }
        return "\(number(km, digits: km < 10 ? 2 : 0, language)) km"
    }

    /// A search radius without needless decimals: "5 km", "2.5 km" (German "2,5 km").
    public static func radius(_ km: Double, _ language: Language = .en) -> String {
        guard km.isFinite else { return "–" }
        return km.formatted(FloatingPointFormatStyle<Double>(locale: language.locale).precision(.fractionLength(0...2))) + " km"
    }

    /// "22 kW", "3.7 kW" (German "3,7 kW").
    public static func power(_ kw: Double?, _ language: Language = .en) -> String {
        guard let kw, kw.isFinite else { return "–" }
        return "\(number(kw, digits: kw.rounded() == kw || kw >= 100 ? 0 : 1, language)) kW"
    }

    /// Live power with one decimal: "10.9 kW".
    public static func livePower(_ kw: Double?, _ language: Language = .en) -> String {
        guard let kw, kw.isFinite else { return "– kW" }
        return "\(number(kw, digits: 1, language)) kW"
    }

    /// "12.41 kWh" (German "12,41 kWh").
    public static func energy(_ kwh: Double, _ language: Language = .en) -> String { "\(number(max(0, kwh), digits: 2, language)) kWh" }

    /// "4.34 EUR" (German "4,34 €", Foundation's currency style); nil amount gives "–".
    public static func money(_ amount: Double?, _ currency: String?, _ language: Language = .en) -> String {
        guard let amount, amount.isFinite else { return "–" }
        return amountText(amount, currency, language)
    }

    /// "0.39 EUR/kWh" (German "0,39 €/kWh").
    public static func price(_ perKwh: Double?, _ currency: String?, _ language: Language = .en) -> String {
        guard let perKwh, perKwh.isFinite else { return "–" }
        return amountText(perKwh, currency, language) + "/kWh"
    }

    /// English keeps the ISO code after the number ("0.39 EUR"); German writes what a
    /// German reader expects ("0,39 €"). The no-break space Foundation puts before the
    /// symbol becomes a plain one (a terminal shows them alike; tests and search match it).
    static func amountText(_ amount: Double, _ currency: String?, _ language: Language) -> String {
        let code = (currency ?? "").trimmingCharacters(in: .whitespaces)
        guard language == .de, code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return "\(number(amount, digits: 2, language)) \(code)".trimmingCharacters(in: .whitespaces)
        }
        let text = amount.formatted(FloatingPointFormatStyle<Double>.Currency(code: code.uppercased(), locale: language.locale))
        return text.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
    }

    /// "01:02:03".
    public static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        return String(format: "%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
    }

    /// "9:58" for countdowns.
    public static func countdown(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded(.up)))
        return String(format: "%d:%02d", s / 60, s % 60)
    }

    /// How old a status is: "just now", "5 min ago", "2 h ago" (German: "vor 5 min").
    public static func age(_ date: Date?, now: Date, language: Language) -> String {
        guard let date else { return "" }
        let s = max(0, now.timeIntervalSince(date))
        let de = language == .de
        if s < 90 { return de ? "gerade eben" : "just now" }
        if s < 3600 { return de ? "vor \(Int(s / 60)) min" : "\(Int(s / 60)) min ago" }
        if s < 86400 * 2 { return de ? "vor \(Int(s / 3600)) h" : "\(Int(s / 3600)) h ago" }
        return de ? "vor \(Int(s / 86400)) Tagen" : "\(Int(s / 86400)) days ago"
    }

    /// "2026-11-25 14:03" in the local time zone; German "25.11.2026, 14:03" (Foundation's
    /// numeric date style for de_DE).
    public static func dateTime(_ date: Date?, _ language: Language = .en) -> String {
        guard let date else { return "–" }
        if language == .de {
            return date.formatted(Date.FormatStyle(date: .numeric, time: .shortened, locale: language.locale, timeZone: .current))
        }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// The day (or range of days) of an opening-hours entry as the API sends it ("MONDAY",
    /// "MONDAY-SUNDAY") in the user's language, names from Foundation's calendar:
    /// "Monday–Sunday", "Montag–Sonntag". A part this app does not know is shown as sent.
    public static func dayName(_ apiDay: String, _ language: Language = .en) -> String {
        let days = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"]
        var calendar = Calendar(identifier: .gregorian)
        calendar.locale = language.locale
        let names = calendar.weekdaySymbols
        return apiDay.split(separator: "-", omittingEmptySubsequences: false).map { part in
            guard let index = days.firstIndex(of: part.uppercased()), index < names.count else { return part.capitalized }
            return names[index]
        }.joined(separator: "–")
    }

    /// "Type 2 · CCS".
    public static func plugs(_ plugs: [PlugType]) -> String { plugs.map(\.description).joined(separator: " · ") }

    /// "47.8095,13.0550".
    public static func position(_ p: GeoPoint) -> String { String(format: "%.4f,%.4f", p.latitude, p.longitude) }

    /// "lat,lon" → point; nil when malformed or out of range.
    public static func parsePosition(_ text: String) -> GeoPoint? { ConfigLayer.position(text) }
}
