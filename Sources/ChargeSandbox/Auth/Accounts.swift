import Foundation
import GRDB

/// A user's account: the profile, registering a new one, and the account's documents.
struct Accounts: SandboxConcern {
    let context: ServiceContext

    func contact(_ user: Int64) throws -> Record {
        try db.queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT uid, name, email FROM user WHERE num = ?", arguments: [user]) else {
                throw SandboxError.notFound("User not found.")
            }
            return ["profile": ["id": row["uid"] as String, "name": row["name"] as String, "email": row["email"] as String] as Record]
        }
    }

    func registerContact(_ caller: Caller, name: String?, email: String?, password: String?) throws -> Record {
        guard case .application = caller else {
            throw SandboxError.unauthenticated("registerContact needs the application key (PSK) as bearer token.")
        }
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
            try db.execute(
                sql: "INSERT INTO user (uid, username, name, email, salt, hash, rounds, has_contract) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                arguments: [uid, email, name ?? email, email, salt, hash, config.passwordHashRounds]
            )
        }
        return ["profile": ["id": uid, "name": name ?? email, "email": email] as Record]
    }

    func documents(_ user: Int64, limit: Int, offset: Int) throws -> Record {
        guard (1...100).contains(limit), offset >= 0 else {
            throw SandboxError.badInput("pagination.limit must be between 1 and 100 and offset not negative.")
        }
        return try db.queue.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document WHERE user_num = ?", arguments: [user]) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM document WHERE user_num = ? ORDER BY date DESC LIMIT ? OFFSET ?",
                arguments: [user, limit, offset]
            )
            let data = rows.map {
                [
                    "id": $0["uid"] as String, "type": $0["type"] as String, "title": $0["title"] as String,
                    "documentDate": iso($0["date"]),
                    "downloadLink": "https://example.invalid/documents/\($0["uid"] as String).pdf",
                ] as Record
            }
            return ["data": data, "pagination": ["totalCount": total, "limit": limit, "offset": offset] as Record]
        }
    }
}
