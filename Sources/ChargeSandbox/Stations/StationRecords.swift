import Foundation
import GRDB

/// Stations and connectors as the API answers them, with each connector's live status
/// derived from the sandbox's own sessions on it (shared by search and charging).
struct StationRecords: SandboxConcern {
    let context: ServiceContext
    private let hoursCache = LockedValue<[String: [Record]]>([:])

    init(context: ServiceContext) { self.context = context }

    /// Sessions that decide a connector's live status now (running, or stopped moments ago).
    private func liveSessions(_ db: Database, now t: Double) throws -> [String: Row] {
        var out: [String: Row] = [:]
        let rows = try Row.fetchAll(
            db,
            sql:
                "SELECT connector_uid, started_at, stopped_at, created_at, car_kw, battery_kwh, soc_start FROM chargelog WHERE stopped_at IS NULL OR stopped_at > ? ORDER BY created_at",
            arguments: [t - SessionTimeline.finishingFor / speed]
        )
        for r in rows { out[r["connector_uid"]] = r }
        return out
    }

    /// Records for a page of stations: three queries for the whole page, not three per station.
    func stations(_ db: Database, _ page: [(num: Int64, distance: Double?)], now t: Double) throws -> [Record] {
        guard !page.isEmpty else { return [] }
        let nums = page.map(\.num)
        let marks = nums.map { _ in "?" }.joined(separator: ",")
        var stations: [Int64: Row] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT * FROM station WHERE num IN (\(marks))", arguments: StatementArguments(nums)) {
            stations[r["num"]] = r
        }
        var connectors: [Int64: [Row]] = [:]
        for r in try Row.fetchAll(
            db,
            sql: "SELECT * FROM connector WHERE station_num IN (\(marks)) ORDER BY num",
            arguments: StatementArguments(nums)
        ) {
            connectors[r["station_num"], default: []].append(r)
        }
        let sessions = try liveSessions(db, now: t)
        return try page.map { p in
            guard let s = stations[p.num] else { throw SandboxError.notFound("Station not found.") }
            return stationRecord(s, connectors: connectors[p.num] ?? [], sessions: sessions, distance: p.distance, now: t)
        }
    }

    func station(_ db: Database, num: Int64, distance: Double?, now t: Double) throws -> Record {
        guard let record = try stations(db, [(num, distance)], now: t).first else { throw SandboxError.notFound("Station not found.") }
        return record
    }

    private func stationRecord(_ s: Row, connectors: [Row], sessions: [String: Row], distance: Double?, now t: Double) -> Record {
        let hours = openingHours(s["opening_hours"] as String? ?? "[]")
        var record: Record = [
            "id": s["uid"] as String, "label": s["label"] as String, "publicDisplayName": s["display_name"] as String,
            "address": [
                "street": s["street"] as String? ?? "", "houseNumber": s["house_number"] as String? ?? "", "zip": s["zip"] as String? ?? "",
                "city": s["city"] as String? ?? "", "country": s["country"] as String? ?? "",
            ] as Record,
            "geolocation": ["latitude": s["lat"] as Double, "longitude": s["lon"] as Double] as Record,
            "isRoaming": (s["is_roaming"] as Int64? ?? 0) != 0, "timeZone": s["time_zone"] as String,
            "openingHours": hours,
            "connectors": connectors.map { connectorRecord($0, session: sessions[$0["uid"] as String], now: t) },
        ]
        if let distance { record["distance"] = (distance * 1000).rounded() / 1000 }
        return record
    }

    /// One connector with its live status, for a start or a charge log.
    func connector(_ db: Database, _ c: Row, now t: Double) throws -> Record {
        connectorRecord(c, session: try liveSessions(db, now: t)[c["uid"] as String], now: t)
    }

    /// When (wall-clock) the session's simulated battery is full; nil when a column is missing.
    private func fullAt(_ log: Row, connector c: Row) -> Double? {
        guard let carKw = log["car_kw"] as Double?, let battery = log["battery_kwh"] as Double?, let soc = log["soc_start"] as Double?
        else { return nil }
        let curve = ChargingCurve(
            connectorKw: c["max_power"] ?? 11,
            carKw: carKw,
            batteryKwh: battery,
            socStart: soc,
            isDC: (c["power_type"] as String?) == "DC"
        )
        let startedAt: Double = log["started_at"]
        return startedAt + curve.secondsUntilFull() / speed
    }

    private func connectorRecord(_ c: Row, session: Row?, now t: Double) -> Record {
        let uid: String = c["uid"]
        var status: String = c["status"]
        var updated: Double = c["status_updated_at"]
        // A sandbox session on this connector decides its live status.
        if let log = session {
            let startedAt: Double = log["started_at"]
            let stoppedAt: Double? = log["stopped_at"]
            if let stoppedAt {
                if (t - stoppedAt) * speed < SessionTimeline.finishingFor {
                    status = "Finishing"
                    updated = stoppedAt
                }
            } else if t < startedAt {
                status = "Preparing"
                updated = log["created_at"]
            } else if let full = fullAt(log, connector: c), full <= t {
                // The battery is full: the car stops drawing, as OCPP reports it.
                status = "SuspendedEV"
                updated = full
            } else {
                status = "Charging"
                updated = startedAt
            }
        }
        return [
            "id": uid, "label": c["label"] as String, "evseId": c["evse_id"] as String, "status": status,
            "statusUpdatedAt": iso(updated), "plugType": c["plug_type"] as String, "powerType": c["power_type"] as String,
            "maxPower": c["max_power"] as Double, "pricePerKwh": c["price"] as Double, "currency": c["currency"] as String,
        ]
    }

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
}
