import Foundation
import GRDB

/// Charging: cards, start attempts (direct and roaming), stops, and the charge logs with
/// their energy and cost, all derived from timestamps and the clock (`SessionTimeline`,
/// `ChargingCurve`).
struct ChargingService: SandboxConcern {
    let context: ServiceContext
    let records: StationRecords

    func cards(_ user: Int64, connectorId: String?) throws -> [Record] {
        guard let connectorId, !connectorId.isEmpty else { throw SandboxError.badInput("connectorId is required.") }
        return try db.queue.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM connector WHERE uid = ?", arguments: [connectorId]) == true else {
                throw SandboxError.badInput("Unknown connector \(connectorId).")
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM card WHERE user_num = ?", arguments: [user]).map {
                [
                    "id": $0["uid"] as String, "tagId": $0["tag_id"] as String, "number": $0["number"] as String,
                    "label": $0["label"] as String,
                    "expiryDate": iso($0["expiry"]), "type": "RFID",
                ] as Record
            }
        }
    }

    func attemptRemoteStart(_ user: Int64, connectorId: String?, tagId: String?) throws -> Record {
        guard let connectorId, let tagId, !connectorId.isEmpty, !tagId.isEmpty else {
            throw SandboxError.badInput("connectorId and tagId are required.")
        }
        let t = now
        let uid = UUID().uuidString.lowercased()
        try db.queue.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM card WHERE user_num = ? AND tag_id = ?", arguments: [user, tagId]) == true
            else {
                throw SandboxError.badInput("This card (tagId) does not belong to you.")
            }
            guard
                let c = try Row.fetchOne(
                    db,
                    sql: "SELECT c.*, s.is_roaming, s.is_silent FROM connector c JOIN station s ON s.num = c.station_num WHERE c.uid = ?",
                    arguments: [connectorId]
                )
            else {
                throw SandboxError.badInput("Unknown connector \(connectorId).")
            }
            let roaming = (c["is_roaming"] as Int64? ?? 0) != 0
            let silent = (c["is_silent"] as Int64? ?? 0) != 0
            let live = try records.connector(db, c, now: t)["status"] as? String ?? "Unavailable"
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
                try insertChargelog(
                    db,
                    uid: log,
                    user: user,
                    connector: c,
                    roaming: false,
                    createdAt: t,
                    startsAfter: SessionTimeline.attachedAfter,
                    tagId: tagId
                )
            }
            try db.execute(
                sql:
                    "INSERT INTO attempt (uid, user_num, connector_uid, tag_id, created_at, chargelog_uid, failure, silent, roaming) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [uid, user, connectorId, tagId, t, chargelog, failure, silent, roaming]
            )
        }
        return ["id": uid, "status": "pending"]
    }

    private func insertChargelog(
        _ db: Database,
        uid: String,
        user: Int64,
        connector c: Row,
        roaming: Bool,
        createdAt t: Double,
        startsAfter: Double,
        tagId: String
    ) throws {
        let isDC = (c["power_type"] as String?) == "DC"
        var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: uid.hashValue))
        let carKw = isDC ? 150.0 : (rng.unit() < 0.5 ? 11.0 : 22.0)
        let rate =
            try Bool.fetchOne(db, sql: "SELECT has_contract FROM user WHERE num = ?", arguments: [user]) == true
            ? "be.ENERGISED Basic" : "Ad hoc"
        try db.execute(
            sql: """
                INSERT INTO chargelog (uid, user_num, connector_uid, roaming, created_at, started_at, price, currency, rate_name, auth_id, car_kw, battery_kwh, soc_start)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                uid, user, c["uid"] as String, roaming, t, t + startsAfter / speed, c["price"] as Double, c["currency"] as String, rate,
                tagId, carKw, 64.0, 0.2 + rng.unit() * 0.3,
            ]
        )
    }

    func attemptStatus(_ user: Int64, id: String?) throws -> Record? {
        guard let id, !id.isEmpty else { throw SandboxError.badInput("id is required.") }
        let t = now
        return try db.queue.read { db in
            guard let a = try Row.fetchOne(db, sql: "SELECT * FROM attempt WHERE uid = ? AND user_num = ?", arguments: [id, user]) else {
                return nil
            }
            let failure: String? = a["failure"]
            let status = SessionTimeline.attemptStatus(
                createdAt: a["created_at"],
                now: t,
                speed: speed,
                failure: failure,
                silent: (a["silent"] as Int64? ?? 0) != 0,
                silentTimeout: config.silentStationTimeout,
                roaming: (a["roaming"] as Int64? ?? 0) != 0
            )
            var record: Record = ["id": id, "status": status]
            if status == "charge_log_attached", let log: String = a["chargelog_uid"] { record["chargelogId"] = log }
            if status == "failed" { record["message"] = failure ?? "The station did not answer. Try again or choose another station." }
            return record
        }
    }

    func remoteStart(_ user: Int64, identifier: String?, connectorId: String?) throws -> Record {
        guard let identifier, let connectorId, !identifier.isEmpty, !connectorId.isEmpty else {
            throw SandboxError.badInput("authorization.identifier and connector are required.")
        }
        let t = now
        return try db.queue.write { db -> Record in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM card WHERE user_num = ? AND tag_id = ?", arguments: [user, identifier]) == true
            else {
                return ["status": "rejected", "code": "UNKNOWN_IDENTIFIER", "message": "This card does not belong to you."]
            }
            guard let c = try Row.fetchOne(db, sql: "SELECT * FROM connector WHERE uid = ?", arguments: [connectorId]) else {
                return ["status": "rejected", "code": "UNKNOWN_CONNECTOR", "message": "Unknown connector."]
            }
            let live = try records.connector(db, c, now: t)["status"] as? String ?? ""
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
            guard
                let log = try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM chargelog WHERE uid = ? AND user_num = ?",
                    arguments: [transaction, user]
                )
            else {
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
        let c = try Row.fetchOne(
            db,
            sql: "SELECT max_power, power_type FROM connector WHERE uid = ?",
            arguments: [log["connector_uid"] as String]
        )
        let curve = ChargingCurve(
            connectorKw: c?["max_power"] ?? 11,
            carKw: log["car_kw"],
            batteryKwh: log["battery_kwh"],
            socStart: log["soc_start"],
            isDC: (c?["power_type"] as String?) == "DC"
        )
        return curve.energy(afterSeconds: (end - startedAt) * speed)
    }

    func chargelog(_ user: Int64, id: String?) throws -> Record? {
        guard let id, !id.isEmpty else { throw SandboxError.badInput("id is required.") }
        let t = now
        return try db.queue.read { db in
            guard let log = try Row.fetchOne(db, sql: "SELECT * FROM chargelog WHERE uid = ? AND user_num = ?", arguments: [id, user])
            else { return nil }
            return try chargelogRecord(db, log, now: t)
        }
    }

    private func chargelogRecord(_ db: Database, _ log: Row, now t: Double) throws -> Record {
        let startedAt: Double = log["started_at"]
        let stoppedAt: Double? = log["stopped_at"]
        let roaming = (log["roaming"] as Int64? ?? 0) != 0
        let status = SessionTimeline.chargelogStatus(startedAt: startedAt, stoppedAt: stoppedAt, now: t, roaming: roaming)
        let energy = (try chargelogEnergy(db, log, now: t) * 1000).rounded() / 1000
        let price: Double = log["price"]
        let currency: String = log["currency"]
        let gross = (energy * price * 100).rounded() / 100
        let net = (gross / 1.2 * 100).rounded() / 100
        var record: Record = [
            "id": log["uid"] as String, "status": status, "authId": log["auth_id"] as String, "authType": "RFID",
            "meterStart": 1_000_000.0, "energyConsumption": energy, "sessionId": log["uid"] as String,
            "rateName": log["rate_name"] as String,
            "cost": [
                "total": gross, "currency": currency, "tax": 20.0, "taxAmount": (gross - net) * 100 / 100, "grossAmount": gross,
                "grossAmountLocalCurrency": gross,
                "costItems": status == "stopped"
                    ? [
                        [
                            "description": "Energy \(energy) kWh × \(price) \(currency)", "netAmount": net, "netAmountLocalCurrency": net,
                            "grossAmount": gross, "grossAmountLocalCurrency": gross, "taxAmount": gross - net,
                            "taxAmountLocalCurrency": gross - net, "taxRate": 20.0,
                        ] as Record
                    ] : [Record](),
            ] as Record,
        ]
        if status != "waiting_for_transaction" && status != "roaming_waiting_for_transaction" { record["dateStart"] = iso(startedAt) }
        if let stoppedAt {
            record["dateEnd"] = iso(stoppedAt)
            record["meterEnd"] = 1_000_000.0 + energy * 1000
        }
        if let c = try Row.fetchOne(db, sql: "SELECT * FROM connector WHERE uid = ?", arguments: [log["connector_uid"] as String]) {
            record["connector"] = try records.connector(db, c, now: t)
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
                let s = SessionTimeline.chargelogStatus(
                    startedAt: log["started_at"],
                    stoppedAt: log["stopped_at"],
                    now: t,
                    roaming: (log["roaming"] as Int64? ?? 0) != 0
                )
                return statuses.contains(s)
            }
            let page = try matching.dropFirst(offset).prefix(limit).map { try chargelogRecord(db, $0, now: t) }
            return ["data": page, "pagination": ["totalCount": matching.count, "limit": limit, "offset": offset] as Record]
        }
    }
}
