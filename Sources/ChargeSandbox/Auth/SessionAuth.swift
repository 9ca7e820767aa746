import Foundation
import GRDB

/// Who is calling, from the bearer token.
enum Caller: Sendable {
    case application
    case user(Int64)
    case refresh(user: Int64, pair: String)
    case invalid(String)
}

/// Who may call what: the application key (PSK), session/refresh token pairs with
/// rotation and reuse detection, the emulated Auth0 access tokens, and the failed-login
/// throttle shared by `initSession` and the device-flow approval page.
struct SessionAuth: SandboxConcern {
    let context: ServiceContext
    let tokens = TokenSigner()
    /// PBKDF2 derivations made by password checks: lets a test prove, without timing, that
    /// an unknown username costs a derivation like a known one.
    let passwordDerivations = LockedValue<Int>(0)

    func caller(bearer: String?) -> Caller {
        guard let bearer, !bearer.isEmpty else { return .invalid("Missing bearer token.") }
        if config.psks.contains(where: { Passwords.constantTimeEqual($0, bearer) }) { return .application }
        if bearer.split(separator: ".").count == 3 {
            switch tokens.verify(bearer, now: now) {
            case .valid(let subject):
                guard
                    let num = try? db.queue.read({ try Int64.fetchOne($0, sql: "SELECT num FROM user WHERE uid = ?", arguments: [subject]) }
                    )
                else {
                    return .invalid("The access token names an unknown user.")
                }
                return .user(num)
            case .expired: return .invalid("The access token has expired. Sign in again.")
            case .invalid: return .invalid("The access token is not valid.")
            }
        }
        let hash = Passwords.tokenHash(bearer)
        let row = try? db.queue.read {
            try Row.fetchOne(
                $0,
                sql: "SELECT user_num, kind, pair, expires_at, revoked, COALESCE(family, pair) AS family FROM token WHERE hash = ?",
                arguments: [hash]
            )
        }
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
            return .invalid(
                (row["kind"] as String?) == "refresh"
                    ? "The refresh token has expired. Sign in again."
                    : "The session token has expired. Refresh the session or sign in again."
            )
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
        let recent =
            try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM failed_login WHERE username = ? AND at > ?",
                arguments: [name, t - config.throttleWindow]
            ) ?? 0
        if recent >= config.throttleLimit {
            let oldest =
                try Double.fetchOne(
                    db,
                    sql: "SELECT MIN(at) FROM failed_login WHERE username = ? AND at > ?",
                    arguments: [name, t - config.throttleWindow]
                ) ?? t
            throw SandboxError.throttled(max(1, oldest + config.throttleWindow - t))
        }
        let row = try Row.fetchOne(db, sql: "SELECT num, uid, salt, hash, rounds FROM user WHERE username = ?", arguments: [name])
        let ok: Bool
        if let row {
            passwordDerivations.withLock { $0 += 1 }
            ok = Passwords.matches(password ?? "", salt: row["salt"], rounds: row["rounds"], expected: row["hash"])
        } else {
            passwordDerivations.withLock { $0 += 1 }
            _ = Passwords.matches(
                password ?? "",
                salt: Passwords.dummySalt,
                rounds: config.passwordHashRounds,
                expected: Passwords.dummyHash
            )
            ok = false
        }
        guard let row, ok else {
            try db.execute(sql: "INSERT INTO failed_login (username, at) VALUES (?, ?)", arguments: [name, t])
            return nil
        }
        try db.execute(sql: "DELETE FROM failed_login WHERE username = ?", arguments: [name])
        return row
    }

    static let reusedRefreshMessage =
        "This sign-in was ended because its refresh token was used twice, which means a copy of it exists. Sign in again."

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
                let family =
                    try String.fetchOne(
                        db,
                        sql: "SELECT COALESCE(family, pair) FROM token WHERE pair = ? AND kind = 'refresh'",
                        arguments: [pair]
                    ) ?? pair
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
        let session = Passwords.randomToken(prefix: "st")
        let refresh = Passwords.randomToken(prefix: "rt")
        try db.execute(
            sql: "INSERT INTO token (hash, user_num, kind, pair, expires_at, family) VALUES (?, ?, 'session', ?, ?, ?)",
            arguments: [Passwords.tokenHash(session), user, pair, t + config.sessionTTL, family]
        )
        try db.execute(
            sql: "INSERT INTO token (hash, user_num, kind, pair, expires_at, family) VALUES (?, ?, 'refresh', ?, ?, ?)",
            arguments: [Passwords.tokenHash(refresh), user, pair, t + config.refreshTTL, family]
        )
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
}
