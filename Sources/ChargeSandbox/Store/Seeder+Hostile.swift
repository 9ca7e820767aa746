import Foundation
import GRDB

/// Test data for the client's untrusted-text boundary: the six stations nearest a point
/// get names, addresses and connector labels holding what a roaming operator's data may
/// hold (newline, CR, tab, ESC sequences including an OSC window-title one, C1 controls,
/// DEL, bidi overrides and isolates, zero-width characters, stacked and lone combining
/// marks, CJK and emoji). Each name also carries a plain word (`marker`) so a test can
/// find the row. Opt-in (`hostileNames`): the demo data stays clean.
enum HostileNames {
    /// (display name, street) per station, nearest first; `marker` words are ASCII.
    static let entries: [(marker: String, name: String, street: String)] = [
        ("Zeilen", "Zeilen\nbruch\rWagen Ladepunkt", "Sterneck\nstraße\t7"),
        ("Tabulator", "Tabulator\tMitte\u{7F}\u{08} Laden", "Linzer\u{0085}Gasse\u{009B}31m"),
        ("Titel", "Titel\u{1B}]0;PWNED\u{07}\u{1B}[31mRot\u{1B}[0m Station", "\u{1B}[2JRainerstraße"),
        ("Bidi", "Bidi \u{202E}evil\u{202C} \u{2066}iso\u{2069} Park", "Alpen\u{202D}straße\u{200F}"),
        (
            "Zero", "Zero\u{200B}Width\u{200D}Join\u{FEFF} Cafe\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}\u{0301}\u{0301} \u{0301}lone",
            "Schwarz\u{2060}straße"
        ),
        ("Breit", "Breit 東京駅 充電 ⚡🔌🚗👨\u{200D}👩\u{200D}👧", "Getreidegasse 中央"),
    ]

    /// Rewrites the stations nearest `center` (by the same flat-earth ordering the seeder's
    /// cities use; exact enough at a few hundred metres).
    static func apply(_ db: Database, near center: (latitude: Double, longitude: Double)) throws {
        let k = cos(center.latitude * .pi / 180)
        let nums = try Int.fetchAll(
            db,
            sql: """
                SELECT num FROM station
                ORDER BY (lat - ?) * (lat - ?) + (lon - ?) * (lon - ?) * ? LIMIT ?
                """,
            arguments: [center.latitude, center.latitude, center.longitude, center.longitude, k * k, entries.count]
        )
        for (num, entry) in zip(nums, entries) {
            try db.execute(
                sql: "UPDATE station SET label = ?, display_name = ?, street = ?, city = ? WHERE num = ?",
                arguments: [entry.name, entry.name, entry.street, "Salzburg\u{1B}[5m", num]
            )
            try db.execute(sql: "UPDATE connector SET label = label || ? WHERE station_num = ?", arguments: ["\t\u{1B}[7m\u{202E}x", num])
        }
    }
}
