import Foundation
import GRDB
import GRDBSQLite

/// The station search (`cpsPaged`, `cp`): an R*Tree prefilter, exact distances, filters,
/// and one page of records built by `StationRecords`.
struct StationSearch: SandboxConcern {
    let context: ServiceContext
    let records: StationRecords

    struct StationQuery {
        var lat: Double?, lon: Double?, radius: Double?
        var onlyAvailable = false
        var plugTypes: [String] = []
        var minPower: Double?
        var search: String?
        /// Only stations open at the sandbox's now (`OpeningHoursClock`).
        var openNow = false
        var limit = 20, offset = 0
    }

    /// How far (km) a distance from a float R*Tree box centre can be from the exact one
    /// (float32 bounds: under 1.1 m anywhere on Earth), with room to spare.
    static let floatBoxMarginKm = 0.005

    static func haversineKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let r = 6371.0088
        let dLat = (lat2 - lat1) * .pi / 180
        let dLon = (lon2 - lon1) * .pi / 180
        let a = sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * .pi / 180) * cos(lat2 * .pi / 180) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, a.squareRoot()))
    }

    /// One page of stations. `fullScan` (benchmark only) reads every station instead of
    /// asking the R*Tree, through the same row loop and record building, so the two differ
    /// in the index alone (PERFORMANCE.md, P4).
    func search(_ q: StationQuery, fullScan: Bool = false) throws -> Record {
        guard (1...100).contains(q.limit) else { throw SandboxError.badInput("pagination.limit must be between 1 and 100.") }
        guard q.offset >= 0 else { throw SandboxError.badInput("pagination.offset must not be negative.") }
        let hasPosition = q.lat != nil || q.lon != nil || q.radius != nil
        if hasPosition {
            guard let lat = q.lat, let lon = q.lon, (-90...90).contains(lat), (-180...180).contains(lon) else {
                throw SandboxError.badInput("latitude must be within -90…90 and longitude within -180…180, and both must be given.")
            }
            guard let radius = q.radius, radius > 0, radius <= 1000 else {
                throw SandboxError.badInput("radius must be greater than 0 and at most 1000 km.")
            }
        }
        if let minPower = q.minPower, minPower < 0 || !minPower.isFinite { throw SandboxError.badInput("minPower must not be negative.") }
        let t = now

        return try db.queue.read { db -> Record in
            var clauses: [String] = []
            var args: [any DatabaseValueConvertible] = []
            let needsStation =
                q.onlyAvailable || !q.plugTypes.isEmpty || q.minPower != nil || q.openNow
                || !(q.search ?? "").trimmingCharacters(in: .whitespaces).isEmpty
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
            if let minPower = q.minPower {
                connectorCriteria.append("c.max_power >= ?")
                args.append(minPower)
            }
            if !connectorCriteria.isEmpty {
                clauses.append(
                    "EXISTS (SELECT 1 FROM connector c WHERE c.station_num = s.num AND \(connectorCriteria.joined(separator: " AND ")))"
                )
            }
            if let search = q.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
                // LIKE folds ASCII letters itself; text with other letters is compared
                // lower-cased on both sides (SandboxDatabase.fold), so "öamtc" finds ÖAMTC.
                let needsFold = search.unicodeScalars.contains { !$0.isASCII }
                let folded = needsFold ? search.lowercased() : search
                let escaped = folded.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_")
                let column = { (name: String) in needsFold ? "fold(\(name))" : name }
                clauses.append(
                    "(\(column("s.display_name")) LIKE ? ESCAPE '\\' OR \(column("s.street")) LIKE ? ESCAPE '\\' OR \(column("s.city")) LIKE ? ESCAPE '\\' OR \(column("s.zip")) LIKE ? ESCAPE '\\')"
                )
                let pattern = "%\(escaped)%"
                args += [pattern, pattern, pattern, pattern]
            }
            if q.openNow {
                clauses.append("open_at(s.opening_hours, s.time_zone, ?) = 1")
                args.append(t)
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
                guard rc == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                let num = sqlite3_column_int64(raw, 0)
                if hasPosition, let lat = q.lat, let lon = q.lon, let radius = q.radius {
                    let d = Self.haversineKm(lat, lon, sqlite3_column_double(raw, 1), sqlite3_column_double(raw, 2))
                    if d <= radius - Self.floatBoxMarginKm {
                        matches.append((num, d))
                    } else if d <= radius + Self.floatBoxMarginKm,
                        let exact = try Row.fetchOne(
                            db.cachedStatement(sql: "SELECT lat, lon FROM station WHERE num = ?"),
                            arguments: [num]
                        )
                    {
                        let e = Self.haversineKm(lat, lon, exact[0], exact[1])
                        if e <= radius { matches.append((num, e)) }
                    }
                } else {
                    matches.append((num, nil))
                }
            }
            if hasPosition {
                matches.sort { ($0.distance ?? 0, $0.num) < ($1.distance ?? 0, $1.num) }
            } else {
                matches.sort { $0.num < $1.num }
            }
            let page = Array(matches.dropFirst(q.offset).prefix(q.limit))
            let records = try records.stations(db, page.map { ($0.num, $0.distance) }, now: t)
            return ["data": records, "pagination": ["totalCount": matches.count, "limit": q.limit, "offset": q.offset] as Record]
        }
    }

    func station(id: String?) throws -> Record? {
        guard let id, !id.isEmpty else { throw SandboxError.badInput("id is required.") }
        let t = now
        return try db.queue.read { db in
            guard let num = try Int64.fetchOne(db, sql: "SELECT num FROM station WHERE uid = ?", arguments: [id]) else { return nil }
            return try records.station(db, num: num, distance: nil, now: t)
        }
    }

}
