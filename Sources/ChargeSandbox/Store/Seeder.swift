import Foundation
import GRDB
import GRDBSQLite

/// Builds the deterministic demo data set: stations around real cities, users, cards,
/// past sessions and invoices. The same seed and count give byte-identical data.
struct Seeder {
    struct City {
        let name: String, country: String, zipPrefix: String, lat: Double, lon: Double
        let currency: String, timeZone: String, evsePrefix: String, streets: [String]
    }

    static let cities: [City] = [
        City(
            name: "Salzburg",
            country: "AT",
            zipPrefix: "50",
            lat: 47.8095,
            lon: 13.0550,
            currency: "EUR",
            timeZone: "Europe/Vienna",
            evsePrefix: "AT*HTB",
            streets: [
                "Getreidegasse", "Linzer Gasse", "Rainerstraße", "Ignaz-Harrer-Straße", "Alpenstraße", "Sterneckstraße", "Schwarzstraße",
                "Münchner Bundesstraße", "Aigner Straße", "Vogelweiderstraße", "Maxglaner Hauptstraße", "Innsbrucker Bundesstraße",
            ]
        ),
        City(
            name: "Wien",
            country: "AT",
            zipPrefix: "1",
            lat: 48.2082,
            lon: 16.3738,
            currency: "EUR",
            timeZone: "Europe/Vienna",
            evsePrefix: "AT*HTB",
            streets: [
                "Mariahilfer Straße", "Favoritenstraße", "Landstraßer Hauptstraße", "Wiedner Hauptstraße", "Praterstraße", "Alser Straße",
                "Währinger Straße", "Simmeringer Hauptstraße", "Thaliastraße", "Brünner Straße",
            ]
        ),
        City(
            name: "München",
            country: "DE",
            zipPrefix: "80",
            lat: 48.1351,
            lon: 11.5820,
            currency: "EUR",
            timeZone: "Europe/Berlin",
            evsePrefix: "DE*HTB",
            streets: [
                "Leopoldstraße", "Sendlinger Straße", "Lindwurmstraße", "Rosenheimer Straße", "Landsberger Straße", "Dachauer Straße",
                "Schleißheimer Straße", "Ungererstraße", "Wasserburger Landstraße",
            ]
        ),
        City(
            name: "Zürich",
            country: "CH",
            zipPrefix: "80",
            lat: 47.3769,
            lon: 8.5417,
            currency: "CHF",
            timeZone: "Europe/Zurich",
            evsePrefix: "CH*HTB",
            streets: [
                "Bahnhofstrasse", "Langstrasse", "Badenerstrasse", "Seefeldstrasse", "Hardturmstrasse", "Winterthurerstrasse",
                "Birmensdorferstrasse", "Forchstrasse",
            ]
        ),
        City(
            name: "Berlin",
            country: "DE",
            zipPrefix: "10",
            lat: 52.5200,
            lon: 13.4050,
            currency: "EUR",
            timeZone: "Europe/Berlin",
            evsePrefix: "DE*HTB",
            streets: [
                "Kurfürstendamm", "Friedrichstraße", "Karl-Marx-Allee", "Schönhauser Allee", "Sonnenallee", "Frankfurter Allee",
                "Hermannstraße", "Torstraße", "Kantstraße", "Müllerstraße",
            ]
        ),
    ]

    static let operators = ["be.ENERGISED", "Stadtwerke", "ÖAMTC", "Ladepark", "EnergieNetz", "Parkhaus", "Hotel", "Supermarkt"]

    /// A UUID-shaped id from the generator (deterministic, unlike `UUID()`).
    static func uuid(_ rng: inout SplitMix64) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: 36)
        var a = rng.next()
        var b = rng.next()
        var i = 0
        for position in 0..<36 {
            if position == 8 || position == 13 || position == 18 || position == 23 {
                bytes[position] = UInt8(ascii: "-")
                continue
            }
            let nibble: UInt64
            if i < 16 {
                nibble = a & 0xF
                a >>= 4
            } else {
                nibble = b & 0xF
                b >>= 4
            }
            i += 1
            bytes[position] = position == 14 ? UInt8(ascii: "4") : position == 19 ? UInt8(ascii: "a") : hex[Int(nibble)]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    let stationCount: Int
    let seed: UInt64
    let now: Date
    let passwordRounds: Int
    /// Stations done and the total, about every 1% (see `SandboxConfiguration.seedingProgress`).
    var progress: (@Sendable (Int, Int) -> Void)? = nil

    func seed(_ db: Database) throws {
        var rng = SplitMix64(seed: seed)
        let insertStation = try BulkInsert(
            db,
            """
            INSERT INTO station (num, uid, label, display_name, street, house_number, zip, city, country, lat, lon, is_roaming, is_silent, time_zone, opening_hours)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        let insertTree = try BulkInsert(
            db,
            "INSERT INTO station_rtree (id, min_lat, max_lat, min_lon, max_lon, lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        let insertConnector = try BulkInsert(
            db,
            """
            INSERT INTO connector (uid, station_num, label, evse_id, plug_type, power_type, max_power, price, currency, status, status_updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        // Spread grows with the count so a million stations still look like cities.
        let spreadKm = 15 * max(1, (Double(stationCount) / 3000).squareRoot() / 4)
        let hoursAlways = #"[{"dayOfWeek":"MONDAY-SUNDAY","from":"00:00","to":"24:00"}]"#
        let hoursShop = #"[{"dayOfWeek":"MONDAY-SATURDAY","from":"07:00","to":"21:00"}]"#
        let progressStep = max(1, stationCount / 100)
        for num in 1...max(1, stationCount) {
            if let progress, num % progressStep == 0 { progress(num, stationCount) }
            let city = Self.cities[(num - 1) % Self.cities.count]
            var lat: Double
            var lon: Double
            let isAnchor = num <= Self.cities.count  // one well-placed, healthy station per city centre
            if isAnchor {
                lat = city.lat + 0.0018
                lon = city.lon + 0.0021  // ~0.25 km from the centre
            } else {
                let r = spreadKm * rng.unit().squareRoot()
                let angle = rng.unit() * 2 * .pi
                lat = city.lat + r * cos(angle) / 111.32
                lon = city.lon + r * sin(angle) / (111.32 * cos(city.lat * .pi / 180))
            }
            let street = rng.pick(city.streets)
            let houseNumber = String(1 + rng.next() % 120)
            let zipNumber = 10 + rng.next() % 80  // two digits; three-digit zips get a leading zero
            let zip = city.zipPrefix + (city.zipPrefix.count == 1 ? "0" : "") + String(zipNumber)
            let op = rng.pick(Self.operators)
            let label = "\(op) \(street)"
            let roaming = !isAnchor && rng.unit() < 0.05
            let silent = !isAnchor && !roaming && rng.unit() < 0.02
            let uid = Self.uuid(&rng)
            try insertStation.run(
                .int(num),
                .text(uid),
                .text(label),
                .text("\(label) \(houseNumber)"),
                .text(street),
                .text(houseNumber),
                .text(zip),
                .text(city.name),
                .text(city.country),
                .double(lat),
                .double(lon),
                .bool(roaming),
                .bool(silent),
                .text(city.timeZone),
                .text(rng.unit() < 0.8 ? hoursAlways : hoursShop)
            )
            try insertTree.run(.int(num), .double(lat), .double(lat), .double(lon), .double(lon), .double(lat), .double(lon))

            let isDC = isAnchor ? num % 2 == 0 : rng.unit() < 0.3
            let count = isAnchor ? 4 : 1 + Int(rng.next() % 8)
            for i in 1...count {
                let plug: String
                let power: String
                let kw: Double
                let price: Double
                if isDC && i <= max(1, count - 1) {
                    if i == 2 && rng.unit() < 0.5 {
                        plug = "CHADEMO"
                        kw = 50
                    } else {
                        plug = "CCS"
                        kw = rng.pick([50.0, 50, 75, 150, 150, 300, 350])
                    }
                    power = "DC"
                    price = 0.49 + Double(rng.next() % 31) / 100
                } else if !isAnchor && rng.unit() < 0.06 {
                    plug = "SCHUKO"
                    power = "AC"
                    kw = 3.7
                    price = 0.30
                } else {
                    plug = "TYPE_2"
                    power = "AC"
                    kw = rng.unit() < 0.6 ? 22 : 11
                    price = 0.35 + Double(rng.next() % 15) / 100
                }
                let roll = rng.unit()
                let status =
                    isAnchor ? "Available" : roll < 0.03 ? "Faulted" : roll < 0.05 ? "Unavailable" : roll < 0.27 ? "Charging" : "Available"
                let age = isAnchor ? 60 : rng.unit() < 0.1 ? 3600 * (2 + rng.unit() * 20) : rng.unit() * 1800
                try insertConnector.run(
                    .text(Self.uuid(&rng)),
                    .int(num),
                    .text("\(i)"),
                    .text("\(city.evsePrefix)*E\(num)*\(i)"),
                    .text(plug),
                    .text(power),
                    .double(kw),
                    .double((price * 100).rounded() / 100),
                    .text(city.currency),
                    .text(status),
                    .double(now.timeIntervalSince1970 - age)
                )
            }
        }
        // Unique ids are indexed after the rows are in: one sort instead of millions of
        // inserts at random places in a growing index (a third of seeding 1M stations).
        try db.execute(sql: "CREATE UNIQUE INDEX station_uid ON station(uid); CREATE UNIQUE INDEX connector_uid ON connector(uid)")
        try seedUsers(db, rng: &rng)
    }

    private func seedUsers(_ db: Database, rng: inout SplitMix64) throws {
        let users: [(String, String, String, String, Bool)] = [
            ("demo-user", "demo-user-password", "Demo User", "demo@example.com", true),
            ("demo-nocontract", "demo-nocontract-password", "Demo Without Contract", "nocontract@example.com", false),
            ("demo-other", "demo-other-password", "Another Driver", "other@example.com", true),
        ]
        for (i, (name, password, full, email, contract)) in users.enumerated() {
            let salt = Passwords.makeSalt(&rng)
            let hash = try Passwords.hash(password, salt: salt, rounds: passwordRounds)
            try db.execute(
                sql:
                    "INSERT INTO user (num, uid, username, name, email, salt, hash, rounds, has_contract) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [i + 1, Self.uuid(&rng), name, full, email, salt, hash, passwordRounds, contract]
            )
            if contract {
                try db.execute(
                    sql: "INSERT INTO card (uid, user_num, tag_id, number, label, expiry) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        Self.uuid(&rng), i + 1, String(format: "04%012llX", rng.next() & 0xFFFF_FFFF_FFFF), "HTB-\(100_000 + i * 7919)",
                        "\(full.split(separator: " ").first ?? "My") card", now.addingTimeInterval(86400 * 700).timeIntervalSince1970,
                    ]
                )
                if i == 0 {
                    // The demo user has a second card, so the start's confirmation offers a
                    // choice (issue 15). Fixed values: the generator's sequence stays as it was.
                    try db.execute(
                        sql: "INSERT INTO card (uid, user_num, tag_id, number, label, expiry) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [
                            "0c0ffee0-0000-4000-8000-000000000001", i + 1, "04C0FFEE000001", "HTB-900001", "Company card",
                            now.addingTimeInterval(86400 * 400).timeIntervalSince1970,
                        ]
                    )
                }
                // History: a few finished sessions and their invoices.
                let connectors = try String.fetchAll(db, sql: "SELECT uid FROM connector WHERE station_num <= 5 ORDER BY num LIMIT 4")
                for k in 0..<3 where !connectors.isEmpty {
                    let start = now.addingTimeInterval(-86400 * Double(3 + k * 6) - 3600)
                    let kwh = 8 + Double(rng.next() % 300) / 10
                    try db.execute(
                        sql: """
                            INSERT INTO chargelog (uid, user_num, connector_uid, roaming, created_at, started_at, stopped_at, energy_final, price, currency, rate_name, auth_id, car_kw, battery_kwh, soc_start)
                            VALUES (?, ?, ?, 0, ?, ?, ?, ?, 0.39, 'EUR', 'be.ENERGISED Basic', 'card', 11, 60, 0.3)
                            """,
                        arguments: [
                            Self.uuid(&rng), i + 1, connectors[k % connectors.count], start.timeIntervalSince1970,
                            start.timeIntervalSince1970 + 5, start.timeIntervalSince1970 + 3600 * kwh / 11, kwh,
                        ]
                    )
                    try db.execute(
                        sql: "INSERT INTO document (uid, user_num, type, title, date) VALUES (?, ?, 'invoice', ?, ?)",
                        arguments: [
                            Self.uuid(&rng), i + 1, "Invoice \(2026_0100 + k)", start.addingTimeInterval(86400).timeIntervalSince1970,
                        ]
                    )
                }
            }
        }
    }
}

/// A prepared insert bound straight through SQLite's C API. Seeding a million stations
/// means about six million rows; building GRDB argument arrays for each was a sixth of the
/// time. Values are bound exactly as GRDB binds them (text, int64, double; Bool as 0/1),
/// so the data is the same byte for byte.
struct BulkInsert {
    enum Value {
        case text(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
    }

    /// SQLite copies the text before `bind` returns (the C macro SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    let statement: Statement
    let connection: OpaquePointer?

    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection
    }

    func run(_ values: Value...) throws {
        let raw = statement.sqliteStatement
        defer {
            sqlite3_reset(raw)
            sqlite3_clear_bindings(raw)
        }
        for (i, value) in values.enumerated() {
            let column = Int32(i + 1)
            switch value {
            case .text(let s): _ = s.withCString { sqlite3_bind_text(raw, column, $0, -1, Self.transient) }
            case .int(let n): sqlite3_bind_int64(raw, column, Int64(n))
            case .double(let d): sqlite3_bind_double(raw, column, d)
            case .bool(let b): sqlite3_bind_int64(raw, column, b ? 1 : 0)
            }
        }
        let rc = sqlite3_step(raw)
        guard rc == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: rc),
                message: String(cString: sqlite3_errmsg(connection)),
                sql: statement.sql
            )
        }
    }
}
