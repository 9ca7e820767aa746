import ChargeCore
import Foundation

/// Number and time formatting for the screens, so the front end never formats.
public enum Format {
    /// "0.25 km", "12 km".
    public static func distance(_ km: Double?) -> String {
        guard let km, km.isFinite else { return "–" }
        return km < 10 ? String(format: "%.2f km", km) : String(format: "%.0f km", km)
    }

    /// "22 kW", "3.7 kW".
    public static func power(_ kw: Double?) -> String {
        guard let kw, kw.isFinite else { return "–" }
        return kw.rounded() == kw || kw >= 100 ? String(format: "%.0f kW", kw) : String(format: "%.1f kW", kw)
    }

    /// Live power with one decimal: "10.9 kW".
    public static func livePower(_ kw: Double?) -> String {
        guard let kw, kw.isFinite else { return "– kW" }
        return String(format: "%.1f kW", kw)
    }

    /// "12.41 kWh".
    public static func energy(_ kwh: Double) -> String { String(format: "%.2f kWh", max(0, kwh)) }

    /// "4.34 EUR"; nil amount gives "–".
    public static func money(_ amount: Double?, _ currency: String?) -> String {
        guard let amount, amount.isFinite else { return "–" }
        return String(format: "%.2f %@", amount, currency ?? "")
            .trimmingCharacters(in: .whitespaces)
    }

    /// "0.39 EUR/kWh".
    public static func price(_ perKwh: Double?, _ currency: String?) -> String {
        guard let perKwh else { return "–" }
        return String(format: "%.2f %@/kWh", perKwh, currency ?? "")
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

    /// "2026-11-25 14:03" in the local time zone.
    public static func dateTime(_ date: Date?) -> String {
        guard let date else { return "–" }
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// "Type 2 · CCS".
    public static func plugs(_ plugs: [PlugType]) -> String { plugs.map(\.description).joined(separator: " · ") }

    /// "47.8095,13.0550".
    public static func position(_ p: GeoPoint) -> String { String(format: "%.4f,%.4f", p.latitude, p.longitude) }

    /// "lat,lon" → point; nil when malformed or out of range.
    public static func parsePosition(_ text: String) -> GeoPoint? { ConfigLayer.position(text) }
}
