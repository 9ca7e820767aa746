import Foundation
import GRDB
import GRDBSQLite
import GraphQL

/// An error the sandbox answers with: a message and a GraphQL error code (NOTES.md).
struct SandboxError: Error, Sendable {
    let message: String
    let code: String
    var retryAfter: Double?

    static func unauthenticated(_ m: String) -> SandboxError { SandboxError(message: m, code: "UNAUTHENTICATED") }
    static func badInput(_ m: String) -> SandboxError { SandboxError(message: m, code: "BAD_USER_INPUT") }
    static func notFound(_ m: String) -> SandboxError { SandboxError(message: m, code: "NOT_FOUND") }
    static func throttled(_ after: Double) -> SandboxError {
        SandboxError(message: "Too many failed sign-ins. Try again in \(Int(after.rounded(.up))) s.", code: "RATE_LIMITED", retryAfter: after)
    }

    var graphQLError: GraphQLError {
        var ext: [String: Map] = ["code": .string(code)]
        if let retryAfter { ext["retryAfter"] = .number(Number(retryAfter)) }
        return GraphQLError(message: message, extensions: ext)
    }
}

/// A value behind a lock (for small caches shared between requests).
final class LockedValue<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func withLock<R>(_ f: (inout T) -> R) -> R { lock.withLock { f(&value) } }
}

/// Who is calling, from the bearer token.
enum Caller: Sendable {
    case application
    case user(Int64)
    case refresh(user: Int64, pair: String)
    case invalid(String)
}

/// The sandbox's behaviour: auth, stations, charging. Every method reads `now` from the
/// injected clock and touches SQLite through one serial queue.
final class SandboxService: Sendable {
    typealias Record = [String: any Sendable]

    let db: SandboxDatabase
    let config: SandboxConfiguration
    let tokens: TokenSigner
    private let hoursCache = LockedValue<[String: [Record]]>([:])
    /// PBKDF2 derivations made by password checks: lets a test prove, without timing, that
    /// an unknown username costs a derivation like a known one.
    let passwordDerivations = LockedValue<Int>(0)

    init(db: SandboxDatabase, config: SandboxConfiguration) {
        self.db = db
        self.config = config
        self.tokens = TokenSigner()
    }

    var now: Double { config.clock.now().timeIntervalSince1970 }
    var speed: Double { max(0.001, config.speed) }

    // MARK: - Auth

    func caller(bearer: String?) -> Caller {
        guard let bearer, !bearer.isEmpty else { return .invalid("Missing bearer token.") }
        if config.psks.contains(where: { Passwords.constantTimeEqual($0, bearer) }) { return .application }
        if bearer.split(separator: ".").count == 3 {
            switch tokens.verify(bearer, now: now) {
            case .valid(let subject):
                guard let num = try? db.queue.read({ try Int64.fetchOne($0, sql: "SELECT num FROM user WHERE uid = ?", arguments: [subject]) }) else {
                    return .invalid("The access token names an unknown user.")
                }
                return .user(num)
            case .expired: return .invalid("The access token has expired. Sign in again.")
            case .invalid: return .invalid("The access token is not valid.")
            }
        }
        let hash = Passwords.tokenHash(bearer)
        let row = try? db.queue.read { try Row.fetchOne($0, sql: "SELECT user_num, kind, pair, expires_at, revoked, COALESCE(family, pair) AS family FROM token WHERE hash = ?", arguments: [hash]) }
        guard let row else { return .invalid("The token is not valid. Sign in again.") }
        if (row["revoked"] as Int64? ?? 0) != 0 {
            if (row["kind"] as String?) == "refresh" {
                // A refresh token that was already used: someone holds a copy. End the whole
                // sign-in it came from (OAuth 2.0 Security BCP, refresh token rotation).
                revokeFamily(row["family"])
                return .invalid(Self.reusedRefreshMessage)
            }
            return .invalid("The token was replaced by a refresh and is no longer valid.")
        }
        if (row["expires_at"] as Double? ?? 0) <= now {
            return .invalid((row["kind"] as String?) == "refresh" ? "The refresh token has expired. Sign in again." : "The session token has expired. Refresh the session or sign in again.")
        }
        let user: Int64 = row["user_num"]
        if (row["kind"] as String?) == "refresh" { return .refresh(user: user, pair: row["pair"]) }
        return .user(user)
    }

    func requireUser(_ caller: Caller) throws -> Int64 {
        switch caller {
        case .user(let n): return n
        case .invalid(let why): throw SandboxError.unauthenticated(why)
        case .application: throw SandboxError.unauthenticated("This needs a user session: sign in with initSession first.")
        case .refresh: throw SandboxError.unauthenticated("A refresh token can only be used with refreshSession.")
        }
    }

    func initSession(_ caller: Caller, username: String?, password: String?) throws -> Record {
        guard case .application = caller else {
            if case .invalid = caller { throw SandboxError.unauthenticated("Unknown application key (PSK).") }
            throw SandboxError.unauthenticated("initSession needs the application key (PSK) as bearer token.")
        }
        let t = now
        let outcome = try db.queue.write { db -> Record? in
            guard let row = try checkPassword(db, username: username, password: password, at: t) else { return nil }
            return try issuePair(db, user: row["num"], at: t, family: nil)
        }
        guard let outcome else { throw SandboxError.unauthenticated("Wrong username or password.") }
        return outcome
    }

    /// The one password check, with the failed-login throttle, for `initSession` and the
    /// approval page alike (the page once guessed passwords without limit). Returns the
    /// user's row, or nil for a wrong pair; throws only when throttled. Runs inside the
    /// caller's write transaction and never throws after recording a failure, so the record
    /// is committed (a throw would roll it back and throttling would never engage).
    ///
    /// An unknown username costs the same PBKDF2 as a known one (against a dummy salt), so
    /// timing does not tell which usernames exist.
    private func checkPassword(_ db: Database, username: String?, password: String?, at t: Double) throws -> Row? {
        let name = (username ?? "").trimmingCharacters(in: .whitespaces)
        let recent = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM failed_login WHERE username = ? AND at > ?", arguments: [name, t - config.throttleWindow]) ?? 0
        if recent >= config.throttleLimit {
            let oldest = try Double.fetchOne(db, sql: "SELECT MIN(at) FROM failed_login WHERE username = ? AND at > ?", arguments: [name, t - config.throttleWindow]) ?? t
            throw SandboxError.throttled(max(1, oldest + config.throttleWindow - t))
        }
        let row = try Row.fetchOne(db, sql: "SELECT num, uid, salt, hash, rounds FROM user WHERE username = ?", arguments: [name])
        let ok: Bool
        if let row {
            passwordDerivations.withLock { $0 += 1 }
            ok = Passwords.matches(password ?? "", salt: row["salt"], rounds: row["rounds"], expected: row["hash"])
        } else {
            passwordDerivations.withLock { $0 += 1 }
            _ = Passwords.matches(password ?? "", salt: Passwords.dummySalt, rounds: config.passwordHashRounds, expected: Passwords.dummyHash)
            ok = false
        }
        guard let row, ok else {
            try db.execute(sql: "INSERT INTO failed_login (username, at) VALUES (?, ?)", arguments: [name, t])
            return nil
        }
        try db.execute(sql: "DELETE FROM failed_login WHERE username = ?", arguments: [name])
        return row
    }

    static let reusedRefreshMessage = "This sign-in was ended because its refresh token was used twice, which means a copy of it exists. Sign in again."

    /// Rotates a refresh token. Its revocation happens inside the write transaction and
    /// must change exactly one row: of many parallel calls with one token exactly one gets
    /// a new pair. Any other is a reuse, and a reuse ends the whole token family (every pair
    /// descended from the same sign-in).
    func refreshSession(_ caller: Caller) throws -> Record {
        switch caller {
        case .refresh(let user, let pair):
            let t = now
            let outcome = try db.queue.write { db -> Record? in
                try db.execute(sql: "UPDATE token SET revoked = 1 WHERE pair = ? AND kind = 'refresh' AND revoked = 0", arguments: [pair])
                let won = db.changesCount == 1
                let family = try String.fetchOne(db, sql: "SELECT COALESCE(family, pair) FROM token WHERE pair = ? AND kind = 'refresh'", arguments: [pair]) ?? pair
                guard won else {
                    try db.execute(sql: "UPDATE token SET revoked = 1 WHERE COALESCE(family, pair) = ?", arguments: [family])
                    return nil  // committed, then refused below
                }
                try db.execute(sql: "UPDATE token SET revoked = 1 WHERE pair = ?", arguments: [pair])  // the pair's session token too
                return try issuePair(db, user: user, at: t, family: family)
            }
            guard let outcome else { throw SandboxError.unauthenticated(Self.reusedRefreshMessage) }
            return outcome
        case .invalid(let why): throw SandboxError.unauthenticated(why)
        default: throw SandboxError.unauthenticated("refreshSession needs the refresh token as bearer token.")
        }
    }

    /// Revokes every token of a family (after a refresh token was reused).
    private func revokeFamily(_ family: String) {
        _ = try? db.queue.write { db in
            try db.execute(sql: "UPDATE token SET revoked = 1 WHERE COALESCE(family, pair) = ?", arguments: [family])
        }
    }

    /// A new session/refresh pair. `family` is the sign-in it descends from (nil: a new one).
    private func issuePair(_ db: Database, user: Int64, at t: Double, family: String?) throws -> Record {
        let pair = UUID().uuidString
        let family = family ?? pair
        let session = Passwords.randomToken(prefix: "st"), refresh = Passwords.randomToken(prefix: "rt")
        try db.execute(sql: "INSERT INTO token (hash, user_num, kind, pair, expires_at, family) VALUES (?, ?, 'session', ?, ?, ?)",
                       arguments: [Passwords.tokenHash(session), user, pair, t + config.sessionTTL, family])
        try db.execute(sql: "INSERT INTO token (hash, user_num, kind, pair, expires_at, family) VALUES (?, ?, 'refresh', ?, ?, ?)",
                       arguments: [Passwords.tokenHash(refresh), user, pair, t + config.refreshTTL, family])
        return ["sessionToken": session, "refreshToken": refresh]
    }

    /// Checks a username/password pair (the device-flow approval page), with the same
    /// throttle as `initSession`. Returns the user's uid; throws `RATE_LIMITED` when
    /// throttled, `UNAUTHENTICATED` for a wrong pair.
    func verifyUser(username: String, password: String) throws -> String {
        let t = now
        let uid = try db.queue.write { db -> String? in
            try checkPassword(db, username: username, password: password, at: t).map { row -> String in row["uid"] }
        }
        guard let uid else { throw SandboxError.unauthenticated("Wrong username or password.") }
        return uid
    }

    func contact(_ user: Int64) throws -> Record {
        try db.queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT uid, name, email FROM user WHERE num = ?", arguments: [user]) else { throw SandboxError.notFound("User not found.") }
            return ["profile": ["id": row["uid"] as String, "name": row["name"] as String, "email": row["email"] as String] as Record]
        }
    }

    func registerContact(_ caller: Caller, name: String?, email: String?, password: String?) throws -> Record {
        guard case .application = caller else { throw SandboxError.unauthenticated("registerContact needs the application key (PSK) as bearer token.") }
        guard let email, email.contains("@"), let password, password.count >= 8 else {
            throw SandboxError.badInput("registerContact needs an email address and a password of at least 8 characters.")
        }
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: email.hashValue))
        let salt = Passwords.makeSalt(&rng)
        let hash = try Passwords.hash(password, salt: salt, rounds: config.passwordHashRounds)
        let uid = UUID().uuidString.lowercased()
        try db.queue.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE username = ?", arguments: [email]) == true {
                throw SandboxError.badInput("A user with this email address exists already.")
            }
            try db.execute(sql: "INSERT INTO user (uid, username, name, email, salt, hash, rounds, has_contract) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                           arguments: [uid, email, name ?? email, email, salt, hash, config.passwordHashRounds])
        }
        return ["profile": ["id": uid, "name": name ?? email, "email": email] as Record]
    }

    // MARK: - Stations

    struct StationQuery {
        var lat: Double?, lon: Double?, radius: Double?
        var onlyAvailable = false
        var plugTypes: [String] = []
        var minPower: Double?
        var search: String?
        var limit = 20, offset = 0
    }

    /// How far (km) a distance from a float R*Tree box centre can be from the exact one
    /// (float32 bounds: under 1.1 m anywhere on Earth), with room to spare.
    static let floatBoxMarginKm = 0.005

    static func haversineKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let r = 6371.0088
        let dLat = (lat2 - lat1) * .pi / 180, dLon = (lon2 - lon1) * .pi / 180
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * .pi / 180) * cos(lat2 * .pi / 180) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, a.squareRoot()))
    }

    /// One page of stations. `fullScan` (benchmark only) reads every station instead of
    /// asking the R*Tree, through the same row loop and record building, so the two differ
    /// in the index alone (PERFORMANCE.md, P4).
    func stations(_ q: StationQuery, fullScan: Bool = false) throws -> Record {
        guard (1...100).contains(q.limit) else { throw SandboxError.badInput("pagination.limit must be between 1 and 100.") }
        guard q.offset >= 0 else { throw SandboxError.badInput("pagination.offset must not be negative.") }
        let hasPosition = q.lat != nil || q.lon != nil || q.radius != nil
        if hasPosition {
            guard let lat = q.lat, let lon = q.lon, (-90...90).contains(lat), (-180...180).contains(lon) else {
                throw SandboxError.badInput("latitude must be within -90…90 and longitude within -180…180, and both must be given.")
            }
            guard let radius = q.radius, radius > 0, radius <= 1000 else { throw SandboxError.badInput("radius must be greater than 0 and at most 1000 km.") }
        }
        if let minPower = q.minPower, minPower < 0 || !minPower.isFinite { throw SandboxError.badInput("minPower must not be negative.") }
        let t = now

        return try db.queue.read { db -> Record in
            var clauses: [String] = []
            var args: [any DatabaseValueConvertible] = []
            let needsStation = q.onlyAvailable || !q.plugTypes.isEmpty || q.minPower != nil || !(q.search ?? "").trimmingCharacters(in: .whitespaces).isEmpty
            var from = "station s"
            var columns = "s.num, s.lat, s.lon"
            if hasPosition, !fullScan, let lat = q.lat, let lon = q.lon, let radius = q.radius {
                let dLat = radius / 110.574
                let cosLat = max(0.01, cos(lat * .pi / 180))
                let dLon = min(180, radius / (111.320 * cosLat))
                // The R*Tree carries the exact coordinates as auxiliary columns, so a plain
                // radius search never touches the station table.
                from = needsStation ? "station_rtree r JOIN station s ON s.num = r.id" : "station_rtree r"
                // The tree's own (32-bit float) bounds, not its auxiliary exact columns:
                // those live in a shadow table and cost a lookup per candidate. The centre of
                // a point's float box is within a metre of the point; candidates within a few
                // metres of the radius are decided on exact coordinates below.
                columns = "r.id, (r.min_lat + r.max_lat) / 2, (r.min_lon + r.max_lon) / 2"
                // The box is widened by a hair: the tree stores its bounds as 32-bit floats.
                clauses.append("r.min_lat <= ? AND r.max_lat >= ? AND r.min_lon <= ? AND r.max_lon >= ?")
                args += [lat + dLat + 1e-4, lat - dLat - 1e-4, lon + dLon + 1e-4, lon - dLon - 1e-4]
            }
            var connectorCriteria: [String] = []
            if q.onlyAvailable { connectorCriteria.append("c.status = 'Available'") }
            if !q.plugTypes.isEmpty {
                connectorCriteria.append("c.plug_type IN (\(q.plugTypes.map { _ in "?" }.joined(separator: ",")))")
                args += q.plugTypes.map { $0.uppercased() }
            }
            if let minPower = q.minPower { connectorCriteria.append("c.max_power >= ?"); args.append(minPower) }
            if !connectorCriteria.isEmpty {
                clauses.append("EXISTS (SELECT 1 FROM connector c WHERE c.station_num = s.num AND \(connectorCriteria.joined(separator: " AND ")))")
            }
            if let search = q.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
                // LIKE folds ASCII letters itself; text with other letters is compared
                // lower-cased on both sides (SandboxDatabase.fold), so "öamtc" finds ÖAMTC.
                let needsFold = search.unicodeScalars.contains { !$0.isASCII }
                let folded = needsFold ? search.lowercased() : search
                let escaped = folded.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                let column = { (name: String) in needsFold ? "fold(\(name))" : name }
                clauses.append("(\(column("s.display_name")) LIKE ? ESCAPE '\\' OR \(column("s.street")) LIKE ? ESCAPE '\\' OR \(column("s.city")) LIKE ? ESCAPE '\\' OR \(column("s.zip")) LIKE ? ESCAPE '\\')")
                let pattern = "%\(escaped)%"
                args += [pattern, pattern, pattern, pattern]
            }
            let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            var matches: [(num: Int64, distance: Double?)] = []
            // Cached: the same few query shapes come back all the time (no re-parse). The
            // loop runs once per candidate (about a thousand per search), so it reads the
            // columns straight from SQLite instead of through GRDB's Row.
            let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM \(from) \(whereSQL)")
            try statement.setArguments(StatementArguments(args))
            let raw = statement.sqliteStatement
            defer { sqlite3_reset(raw) }
            while true {
                let rc = sqlite3_step(raw)
                if rc == SQLITE_DONE { break }
                guard rc == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
                let num = sqlite3_column_int64(raw, 0)
                if hasPosition, let lat = q.lat, let lon = q.lon, let radius = q.radius {
                    let d = Self.haversineKm(lat, lon, sqlite3_column_double(raw, 1), sqlite3_column_double(raw, 2))
                    if d <= radius - Self.floatBoxMarginKm {
                        matches.append((num, d))
                    } else if d <= radius + Self.floatBoxMarginKm, let exact = try Row.fetchOne(db.cachedStatement(sql: "SELECT lat, lon FROM station WHERE num = ?"), arguments: [num]) {
                        let e = Self.haversineKm(lat, lon, exact[0], exact[1])
                        if e <= radius { matches.append((num, e)) }
                    }
                } else {
                    matches.append((num, nil))
                }
            }
            if hasPosition { matches.sort { ($0.distance ?? 0, $0.num) < ($1.distance ?? 0, $1.num) } } else { matches.sort { $0.num < $1.num } }
            let page = Array(matches.dropFirst(q.offset).prefix(q.limit))
            let records = try stationRecords(db, page.map { ($0.num, $0.distance) }, now: t)
            return ["data": records, "pagination": ["totalCount": matches.count, "limit": q.limit, "offset": q.offset] as Record]
        }
    }

    func station(id: String?) throws -> Record? {
        guard let id, !id.isEmpty else { throw SandboxError.badInput("id is required.") }
        let t = now
        return try db.queue.read { db in
            guard let num = try Int64.fetchOne(db, sql: "SELECT num FROM station WHERE uid = ?", arguments: [id]) else { return nil }
            return try stationRecord(db, num: num, distance: nil, now: t)
        }
    }

    /// Sessions that decide a connector's live status now (running, or stopped moments ago).
    private func liveSessions(_ db: Database, now t: Double) throws -> [String: Row] {
        var out: [String: Row] = [:]
        let rows = try Row.fetchAll(db, sql: "SELECT connector_uid, started_at, stopped_at, created_at FROM chargelog WHERE stopped_at IS NULL OR stopped_at > ? ORDER BY created_at",
                                    arguments: [t - SessionTimeline.finishingFor / speed])
        for r in rows { out[r["connector_uid"]] = r }
        return out
    }

    /// Records for a page of stations: three queries for the whole page, not three per station.
    private func stationRecords(_ db: Database, _ page: [(num: Int64, distance: Double?)], now t: Double) throws -> [Record] {
        guard !page.isEmpty else { return [] }
        let nums = page.map(\.num)
        let marks = nums.map { _ in "?" }.joined(separator: ",")
        var stations: [Int64: Row] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT * FROM station WHERE num IN (\(marks))", arguments: StatementArguments(nums)) { stations[r["num"]] = r }
        var connectors: [Int64: [Row]] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT * FROM connector WHERE station_num IN (\(marks)) ORDER BY num", arguments: StatementArguments(nums)) {
            connectors[r["station_num"], default: []].append(r)
        }
        let sessions = try liveSessions(db, now: t)
        return try page.map { p in
            guard let s = stations[p.num] else { throw SandboxError.notFound("Station not found.") }
            return stationRecord(s, connectors: connectors[p.num] ?? [], sessions: sessions, distance: p.distance, now: t)
        }
    }

    private func stationRecord(_ db: Database, num: Int64, distance: Double?, now t: Double) throws -> Record {
        guard let record = try stationRecords(db, [(num, distance)], now: t).first else { throw SandboxError.notFound("Station not found.") }
        return record
    }

    private func stationRecord(_ s: Row, connectors: [Row], sessions: [String: Row], distance: Double?, now t: Double) -> Record {
        let hours = openingHours(s["opening_hours"] as String? ?? "[]")
        var record: Record = [
            "id": s["uid"] as String, "label": s["label"] as String, "publicDisplayName": s["display_name"] as String,
            "address": ["street": s["street"] as String? ?? "", "houseNumber": s["house_number"] as String? ?? "", "zip": s["zip"] as String? ?? "",
                        "city": s["city"] as String? ?? "", "country": s["country"] as String? ?? ""] as Record,
            "geolocation": ["latitude": s["lat"] as Double, "longitude": s["lon"] as Double] as Record,
            "isRoaming": (s["is_roaming"] as Int64? ?? 0) != 0, "timeZone": s["time_zone"] as String,
            "openingHours": hours,
            "connectors": connectors.map { connectorRecord($0, session: sessions[$0["uid"] as String], now: t) },
        ]
        if let distance { record["distance"] = (distance * 1000).rounded() / 1000 }
        return record
    }

    private func connectorRecord(_ db: Database, _ c: Row, now t: Double) throws -> Record {
        connectorRecord(c, session: try liveSessions(db, now: t)[c["uid"] as String], now: t)
    }

    private func connectorRecord(_ c: Row, session: Row?, now t: Double) -> Record {
        let uid: String = c["uid"]
        var status: String = c["status"]
        var updated: Double = c["status_updated_at"]
        // A sandbox session on this connector decides its live status.
        if let log = session {
            let startedAt: Double = log["started_at"], stoppedAt: Double? = log["stopped_at"]
            if let stoppedAt {
                if (t - stoppedAt) * speed < SessionTimeline.finishingFor { status = "Finishing"; updated = stoppedAt }
            } else if t < startedAt {
                status = "Preparing"; updated = log["created_at"]
            } else {
                status = "Charging"; updated = startedAt
            }
        }
        return [
            "id": uid, "label": c["label"] as String, "evseId": c["evse_id"] as String, "status": status,
            "statusUpdatedAt": iso(updated), "plugType": c["plug_type"] as String, "powerType": c["power_type"] as String,
            "maxPower": c["max_power"] as Double, "pricePerKwh": c["price"] as Double, "currency": c["currency"] as String,
        ]
    }

    /// ISO-8601 UTC with milliseconds ("2024-03-15T00:00:00.000Z"), without a formatter
    /// object per call (they are costly, and pages have a hundred timestamps).
    /// Opening hours are a handful of distinct JSON strings: parse each once.
    private func openingHours(_ json: String) -> [Record] {
        if let cached = hoursCache.withLock({ $0[json] }) { return cached }
        var hours: [Record] = []
        if let list = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]] {
            hours = list.map { ["dayOfWeek": $0["dayOfWeek"] ?? "", "from": $0["from"] ?? "", "to": $0["to"] ?? ""] as Record }
        }
        hoursCache.withLock { $0[json] = hours }
        return hours
    }

    func iso(_ t: Double) -> String {
        var seconds = time_t(t.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let ms = Int(((t - t.rounded(.down)) * 1000).rounded(.down))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), ms)
    }

    // MARK: - Charging

    func cards(_ user: Int64, connectorId: String?) throws -> [Record] {
        guard let connectorId, !connectorId.isEmpty else { throw SandboxError.badInput("connectorId is required.") }
        return try db.queue.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM connector WHERE uid = ?", arguments: [connectorId]) == true else {
                throw SandboxError.badInput("Unknown connector \(connectorId).")
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM card WHERE user_num = ?", arguments: [user]).map {
                ["id": $0["uid"] as String, "tagId": $0["tag_id"] as String, "number": $0["number"] as String, "label": $0["label"] as String,
                 "expiryDate": iso($0["expiry"]), "type": "RFID"] as Record
            }
        }
    }

    func attemptRemoteStart(_ user: Int64, connectorId: String?, tagId: String?) throws -> Record {
        guard let connectorId, let tagId, !connectorId.isEmpty, !tagId.isEmpty else { throw SandboxError.badInput("connectorId and tagId are required.") }
        let t = now
        let uid = UUID().uuidString.lowercased()
        try db.queue.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM card WHERE user_num = ? AND tag_id = ?", arguments: [user, tagId]) == true else {
                throw SandboxError.badInput("This card (tagId) does not belong to you.")
            }
            guard let c = try Row.fetchOne(db, sql: "SELECT c.*, s.is_roaming, s.is_silent FROM connector c JOIN station s ON s.num = c.station_num WHERE c.uid = ?", arguments: [connectorId]) else {
                throw SandboxError.badInput("Unknown connector \(connectorId).")
            }
            let roaming = (c["is_roaming"] as Int64? ?? 0) != 0, silent = (c["is_silent"] as Int64? ?? 0) != 0
            let live = try connectorRecord(db, c, now: t)["status"] as? String ?? "Unavailable"
            var failure: String?
            switch live {
            case "Available": failure = nil
            case "Faulted": failure = "The connector is out of order (Faulted). Choose another connector."
            case "Unavailable": failure = "The connector is not available right now. Choose another connector."
            default: failure = "The connector is in use (\(live)). Choose a free connector."
            }
            var chargelog: String?
            if failure == nil && !roaming && !silent {
                let log = UUID().uuidString.lowercased()
                chargelog = log
                try insertChargelog(db, uid: log, user: user, connector: c, roaming: false, createdAt: t, startsAfter: SessionTimeline.attachedAfter, tagId: tagId)
            }
            try db.execute(sql: "INSERT INTO attempt (uid, user_num, connector_uid, tag_id, created_at, chargelog_uid, failure, silent, roaming) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [uid, user, connectorId, tagId, t, chargelog, failure, silent, roaming])
        }
        return ["id": uid, "status": "pending"]
    }

    private func insertChargelog(_ db: Database, uid: String, user: Int64, connector c: Row, roaming: Bool, createdAt t: Double, startsAfter: Double, tagId: String) throws {
        let isDC = (c["power_type"] as String?) == "DC"
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: uid.hashValue))
        let carKw = isDC ? 150.0 : (rng.unit() < 0.5 ? 11.0 : 22.0)
        let rate = try Bool.fetchOne(db, sql: "SELECT has_contract FROM user WHERE num = ?", arguments: [user]) == true ? "be.ENERGISED Basic" : "Ad hoc"
        try db.execute(sql: """
            INSERT INTO chargelog (uid, user_num, connector_uid, roaming, created_at, started_at, price, currency, rate_name, auth_id, car_kw, battery_kwh, soc_start)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [uid, user, c["uid"] as String, roaming, t, t + startsAfter / speed, c["price"] as Double, c["currency"] as String, rate, tagId, carKw, 64.0, 0.2 + rng.unit() * 0.3])
    }

    func attemptStatus(_ user: Int64, id: String?) throws -> Record? {
        guard let id, !id.isEmpty else { throw SandboxError.badInput("id is required.") }
        let t = now
        return try db.queue.read { db in
            guard let a = try Row.fetchOne(db, sql: "SELECT * FROM attempt WHERE uid = ? AND user_num = ?", arguments: [id, user]) else { return nil }
            let failure: String? = a["failure"]
            let status = SessionTimeline.attemptStatus(createdAt: a["created_at"], now: t, speed: speed, failure: failure, silent: (a["silent"] as Int64? ?? 0) != 0,
                                                       silentTimeout: config.silentStationTimeout, roaming: (a["roaming"] as Int64? ?? 0) != 0)
            var record: Record = ["id": id, "status": status]
            if status == "charge_log_attached", let log: String = a["chargelog_uid"] { record["chargelogId"] = log }
            if status == "failed" { record["message"] = failure ?? "The station did not answer. Try again or choose another station." }
            return record
        }
    }

    func remoteStart(_ user: Int64, identifier: String?, connectorId: String?) throws -> Record {
        guard let identifier, let connectorId, !identifier.isEmpty, !connectorId.isEmpty else { throw SandboxError.badInput("authorization.identifier and connector are required.") }
        let t = now
        return try db.queue.write { db -> Record in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM card WHERE user_num = ? AND tag_id = ?", arguments: [user, identifier]) == true else {
                return ["status": "rejected", "code": "UNKNOWN_IDENTIFIER", "message": "This card does not belong to you."]
            }
            guard let c = try Row.fetchOne(db, sql: "SELECT * FROM connector WHERE uid = ?", arguments: [connectorId]) else {
                return ["status": "rejected", "code": "UNKNOWN_CONNECTOR", "message": "Unknown connector."]
            }
            let live = try connectorRecord(db, c, now: t)["status"] as? String ?? ""
            guard live == "Available" else {
                return ["status": "rejected", "code": "NOT_AVAILABLE", "message": "The connector is not available (\(live))."]
            }
            let log = UUID().uuidString.lowercased()
            try insertChargelog(db, uid: log, user: user, connector: c, roaming: true, createdAt: t, startsAfter: 4, tagId: identifier)
            return ["status": "accepted", "code": "OK", "message": "Start requested.", "transaction": log]
        }
    }

    func remoteStop(_ user: Int64, transaction: String?) throws -> Record {
        guard let transaction, !transaction.isEmpty else { throw SandboxError.badInput("transaction is required.") }
        let t = now
        return try db.queue.write { db -> Record in
            guard let log = try Row.fetchOne(db, sql: "SELECT * FROM chargelog WHERE uid = ? AND user_num = ?", arguments: [transaction, user]) else {
                return ["status": "error", "code": "NOT_FOUND", "message": "No such charging session."]
            }
            if (log["stopped_at"] as Double?) != nil {
                return ["status": "error", "code": "ALREADY_STOPPED", "message": "This charging session has already been stopped."]
            }
            let energy = try chargelogEnergy(db, log, now: t)
            try db.execute(sql: "UPDATE chargelog SET stopped_at = ?, energy_final = ? WHERE uid = ?", arguments: [t, energy, transaction])
            return ["status": "success", "code": "OK", "message": "Charging stopped."]
        }
    }

    func chargelogEnergy(_ db: Database, _ log: Row, now t: Double) throws -> Double {
        if let final: Double = log["energy_final"] { return final }
        let startedAt: Double = log["started_at"]
        let end = (log["stopped_at"] as Double?) ?? t
        guard end > startedAt else { return 0 }
        let c = try Row.fetchOne(db, sql: "SELECT max_power, power_type FROM connector WHERE uid = ?", arguments: [log["connector_uid"] as String])
        let curve = ChargingCurve(connectorKw: c?["max_power"] ?? 11, carKw: log["car_kw"], batteryKwh: log["battery_kwh"], socStart: log["soc_start"], isDC: (c?["power_type"] as String?) == "DC")
        return curve.energy(afterSeconds: (end - startedAt) * speed)
    }

    func chargelog(_ user: Int64, id: String?) throws -> Record? {
        guard let id, !id.isEmpty else { throw SandboxError.badInput("id is required.") }
        let t = now
        return try db.queue.read { db in
            guard let log = try Row.fetchOne(db, sql: "SELECT * FROM chargelog WHERE uid = ? AND user_num = ?", arguments: [id, user]) else { return nil }
            return try chargelogRecord(db, log, now: t)
        }
    }

    private func chargelogRecord(_ db: Database, _ log: Row, now t: Double) throws -> Record {
        let startedAt: Double = log["started_at"], stoppedAt: Double? = log["stopped_at"]
        let roaming = (log["roaming"] as Int64? ?? 0) != 0
        let status = SessionTimeline.chargelogStatus(startedAt: startedAt, stoppedAt: stoppedAt, now: t, roaming: roaming)
        let energy = (try chargelogEnergy(db, log, now: t) * 1000).rounded() / 1000
        let price: Double = log["price"], currency: String = log["currency"]
        let gross = (energy * price * 100).rounded() / 100
        let net = (gross / 1.2 * 100).rounded() / 100
        var record: Record = [
            "id": log["uid"] as String, "status": status, "authId": log["auth_id"] as String, "authType": "RFID",
            "meterStart": 1_000_000.0, "energyConsumption": energy, "sessionId": log["uid"] as String, "rateName": log["rate_name"] as String,
            "cost": ["total": gross, "currency": currency, "tax": 20.0, "taxAmount": (gross - net) * 100 / 100, "grossAmount": gross,
                     "grossAmountLocalCurrency": gross,
                     "costItems": status == "stopped" ? [["description": "Energy \(energy) kWh × \(price) \(currency)", "netAmount": net, "netAmountLocalCurrency": net,
                                                           "grossAmount": gross, "grossAmountLocalCurrency": gross, "taxAmount": gross - net,
                                                           "taxAmountLocalCurrency": gross - net, "taxRate": 20.0] as Record] : [Record]()] as Record,
        ]
        if status != "waiting_for_transaction" && status != "roaming_waiting_for_transaction" { record["dateStart"] = iso(startedAt) }
        if let stoppedAt { record["dateEnd"] = iso(stoppedAt); record["meterEnd"] = 1_000_000.0 + energy * 1000 }
        if let c = try Row.fetchOne(db, sql: "SELECT * FROM connector WHERE uid = ?", arguments: [log["connector_uid"] as String]) {
            record["connector"] = try connectorRecord(db, c, now: t)
        }
        return record
    }

    func chargelogs(_ user: Int64, statuses: [String], limit: Int, offset: Int) throws -> Record {
        guard (1...100).contains(limit) else { throw SandboxError.badInput("pagination.limit must be between 1 and 100.") }
        guard offset >= 0 else { throw SandboxError.badInput("pagination.offset must not be negative.") }
        let t = now
        return try db.queue.read { db in
            let all = try Row.fetchAll(db, sql: "SELECT * FROM chargelog WHERE user_num = ? ORDER BY created_at DESC", arguments: [user])
            let matching = all.filter { log in
                guard !statuses.isEmpty else { return true }
                let s = SessionTimeline.chargelogStatus(startedAt: log["started_at"], stoppedAt: log["stopped_at"], now: t, roaming: (log["roaming"] as Int64? ?? 0) != 0)
                return statuses.contains(s)
            }
            let page = try matching.dropFirst(offset).prefix(limit).map { try chargelogRecord(db, $0, now: t) }
            return ["data": page, "pagination": ["totalCount": matching.count, "limit": limit, "offset": offset] as Record]
        }
    }

    func documents(_ user: Int64, limit: Int, offset: Int) throws -> Record {
        guard (1...100).contains(limit), offset >= 0 else { throw SandboxError.badInput("pagination.limit must be between 1 and 100 and offset not negative.") }
        return try db.queue.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document WHERE user_num = ?", arguments: [user]) ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM document WHERE user_num = ? ORDER BY date DESC LIMIT ? OFFSET ?", arguments: [user, limit, offset])
            let data = rows.map { ["id": $0["uid"] as String, "type": $0["type"] as String, "title": $0["title"] as String, "documentDate": iso($0["date"]),
                                   "downloadLink": "https://example.invalid/documents/\($0["uid"] as String).pdf"] as Record }
            return ["data": data, "pagination": ["totalCount": total, "limit": limit, "offset": offset] as Record]
        }
    }

    // MARK: - Contracts

    static let rateOptions: [Record] = [
        ["uuid": "rate-basic", "id": "basic", "name": "be.ENERGISED Basic"],
        ["uuid": "rate-plus", "id": "plus", "name": "be.ENERGISED Plus (monthly fee, lower kWh price)"],
    ]
    static let paymentMethods: [Record] = [
        ["uuid": "pm-sepa", "applicationId": "SEPA", "paymentType": "sepaAccount"],
        ["uuid": "pm-postpaid", "applicationId": "POSTPAID", "paymentType": "postpaid"],
    ]

    func createContract(_ user: Int64, paymentMethod: String?, rateId: String?, iban: String?) throws -> Record {
        guard let rateId, Self.rateOptions.contains(where: { $0["uuid"] as? String == rateId }) else {
            return ["status": "error", "message": "Unknown rate. Choose one of the offered rates."]
        }
        guard let paymentMethod, Self.paymentMethods.contains(where: { $0["uuid"] as? String == paymentMethod }) else {
            return ["status": "error", "message": "Unknown payment method."]
        }
        if paymentMethod == "pm-sepa" {
            guard let iban, Self.ibanIsValid(iban) else { return ["status": "error", "message": "The IBAN is not valid."] }
        }
        let t = now
        try db.queue.write { db in
            try db.execute(sql: "UPDATE user SET has_contract = 1 WHERE num = ?", arguments: [user])
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM card WHERE user_num = ?", arguments: [user]) == 0 {
                try db.execute(sql: "INSERT INTO card (uid, user_num, tag_id, number, label, expiry) VALUES (?, ?, ?, ?, 'New card', ?)",
                               arguments: [UUID().uuidString.lowercased(), user, "04" + String(UInt64(user) &* 2_654_435_761, radix: 16).uppercased(), "HTB-\(200_000 + user)", t + 86400 * 700])
            }
        }
        return ["status": "success", "message": "Contract created. Your charging card is ready."]
    }

    static func ibanIsValid(_ raw: String) -> Bool {
        let iban = raw.replacingOccurrences(of: " ", with: "").uppercased()
        guard iban.count >= 15, iban.count <= 34, iban.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
        let rearranged = iban.dropFirst(4) + iban.prefix(4)
        var remainder = 0
        for ch in rearranged {
            let value = ch.isNumber ? Int(String(ch)) ?? 0 : Int(ch.asciiValue ?? 0) - 55
            for digit in String(value) { remainder = (remainder * 10 + (digit.wholeNumberValue ?? 0)) % 97 }
        }
        return remainder == 1
    }
}
