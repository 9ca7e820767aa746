import Foundation
import GRDB

/// The sandbox's SQLite database: schema migrations and the connection.
///
/// One serial queue (`DatabaseQueue`): the sandbox serves a handful of users, and serial
/// writes make the start/stop state machines free of races by construction.
struct SandboxDatabase: Sendable {
    let queue: DatabaseQueue

    /// Bump when the schema or the seeded data changes: cached database files are keyed on it.
    static let dataVersion = 6

    init(path: String?) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // A radius search touches a few hundred R*Tree and station pages spread over the
            // file: map the file and keep a larger page cache, so repeated searches read
            // memory instead of issuing reads (3.9 → see docs/PERFORMANCE.md, P4 on a file).
            try db.execute(sql: "PRAGMA cache_size = -32768")  // 32 MB
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")  // up to 1 GB, as needed
            db.add(function: Self.fold)
            db.add(function: OpeningHoursClock.function)
        }
        if let path {
            queue = try DatabaseQueue(path: path, configuration: config)
        } else {
            queue = try DatabaseQueue(configuration: config)
        }
        try Self.migrator.migrate(queue)
    }

    /// `fold(text)`: lower case for every letter (Ö → ö, Σ → σ). SQLite's `LIKE` and
    /// `lower()` fold ASCII only, so "öamtc" would not find ÖAMTC. A function rather than a
    /// stored folded column: no migration of cached databases, and searches only call it
    /// when the search text has non-ASCII letters (ASCII ones `LIKE` folds itself).
    static let fold = DatabaseFunction("fold", argumentCount: 1, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]) else { return nil }
        return text.lowercased()
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE station (
                        num INTEGER PRIMARY KEY, uid TEXT NOT NULL, label TEXT NOT NULL,
                        display_name TEXT NOT NULL, street TEXT, house_number TEXT, zip TEXT, city TEXT,
                        country TEXT, lat REAL NOT NULL, lon REAL NOT NULL, is_roaming INTEGER NOT NULL,
                        is_silent INTEGER NOT NULL, time_zone TEXT NOT NULL, opening_hours TEXT NOT NULL);
                    -- station.uid and connector.uid get their unique indexes from the seeder,
                    -- after the rows are in (Seeder.seed).
                    CREATE VIRTUAL TABLE station_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon, +lat, +lon);
                    CREATE TABLE connector (
                        num INTEGER PRIMARY KEY, uid TEXT NOT NULL,
                        station_num INTEGER NOT NULL REFERENCES station(num), label TEXT NOT NULL,
                        evse_id TEXT NOT NULL, plug_type TEXT NOT NULL, power_type TEXT NOT NULL,
                        max_power REAL NOT NULL, price REAL NOT NULL, currency TEXT NOT NULL,
                        status TEXT NOT NULL, status_updated_at REAL NOT NULL);
                    CREATE INDEX connector_station ON connector(station_num);
                    CREATE TABLE user (
                        num INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, username TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL, email TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL,
                        rounds INTEGER NOT NULL, has_contract INTEGER NOT NULL);
                    CREATE TABLE card (
                        uid TEXT PRIMARY KEY, user_num INTEGER NOT NULL REFERENCES user(num),
                        tag_id TEXT NOT NULL, number TEXT NOT NULL, label TEXT NOT NULL, expiry REAL NOT NULL);
                    CREATE TABLE token (
                        hash TEXT PRIMARY KEY, user_num INTEGER NOT NULL, kind TEXT NOT NULL,
                        pair TEXT NOT NULL, expires_at REAL NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE attempt (
                        uid TEXT PRIMARY KEY, user_num INTEGER NOT NULL, connector_uid TEXT NOT NULL,
                        tag_id TEXT NOT NULL, created_at REAL NOT NULL, chargelog_uid TEXT,
                        failure TEXT, silent INTEGER NOT NULL DEFAULT 0, roaming INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE chargelog (
                        uid TEXT PRIMARY KEY, user_num INTEGER NOT NULL, connector_uid TEXT NOT NULL,
                        roaming INTEGER NOT NULL, created_at REAL NOT NULL, started_at REAL NOT NULL,
                        stopped_at REAL, energy_final REAL, price REAL NOT NULL, currency TEXT NOT NULL,
                        rate_name TEXT NOT NULL, auth_id TEXT NOT NULL, car_kw REAL NOT NULL,
                        battery_kwh REAL NOT NULL, soc_start REAL NOT NULL);
                    CREATE INDEX chargelog_user ON chargelog(user_num, created_at);
                    CREATE INDEX chargelog_open ON chargelog(stopped_at);
                    CREATE TABLE document (
                        uid TEXT PRIMARY KEY, user_num INTEGER NOT NULL, type TEXT NOT NULL,
                        title TEXT NOT NULL, date REAL NOT NULL);
                    CREATE TABLE failed_login (username TEXT NOT NULL, at REAL NOT NULL);
                    """
            )
        }
        m.registerMigration("v2-token-family") { db in
            // The sign-in a token pair descends from, so a reused refresh token can end all of
            // it. NULL (rows from before) means the pair is its own family.
            try db.execute(sql: "ALTER TABLE token ADD COLUMN family TEXT")
        }
        return m
    }
}
