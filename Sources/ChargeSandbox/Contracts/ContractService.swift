import Foundation
import GRDB

/// Contracts: the offered rates and payment methods, and creating a contract (which
/// issues a first charging card).
struct ContractService: SandboxConcern {
    let context: ServiceContext

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
            guard let iban, IBAN.isValid(iban) else { return ["status": "error", "message": "The IBAN is not valid."] }
        }
        let t = now
        try db.queue.write { db in
            try db.execute(sql: "UPDATE user SET has_contract = 1 WHERE num = ?", arguments: [user])
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM card WHERE user_num = ?", arguments: [user]) == 0 {
                try db.execute(
                    sql: "INSERT INTO card (uid, user_num, tag_id, number, label, expiry) VALUES (?, ?, ?, ?, 'New card', ?)",
                    arguments: [
                        UUID().uuidString.lowercased(), user, "04" + String(UInt64(user) &* 2_654_435_761, radix: 16).uppercased(),
                        "HTB-\(200_000 + user)", t + 86400 * 700,
                    ]
                )
            }
        }
        return ["status": "success", "message": "Contract created. Your charging card is ready."]
    }
}
