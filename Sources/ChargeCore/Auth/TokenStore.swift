import Foundation

/// Holds the user's tokens (in memory only) and renews the session without the user noticing.
///
/// ONE refresh at a time: when many requests find the session expired at once, the first
/// starts the refresh and every other caller awaits that same task, so exactly one
/// `refreshSession` goes out and all callers continue with the new token.
actor TokenStore {
    enum State: Sendable {
        case signedOut
        case session(session: Secret, refresh: Secret, expiresAt: Date)
        case accessToken(Secret, expiresAt: Date?)
    }

    private(set) var state: State = .signedOut
    /// Bumped whenever the bearer changes, so a caller that failed with an old token knows
    /// whether a refresh already happened since.
    private(set) var generation = 0
    private var refreshing: Task<Void, any Error>?

    let time: any TimeSource
    let events: EventHub
    /// Assumed lifetime of a session token (the API does not send it): 60 minutes.
    let sessionLifetime: Double
    /// Refresh this long before the assumed expiry.
    let refreshMargin: Double
    /// Performs `refreshSession` with the refresh token as bearer.
    private var refresher: (@Sendable (Secret) async throws -> (session: Secret, refresh: Secret))?

    init(time: any TimeSource, events: EventHub, sessionLifetime: Double = 3600, refreshMargin: Double = 120) {
        self.time = time
        self.events = events
        self.sessionLifetime = sessionLifetime
        self.refreshMargin = min(refreshMargin, sessionLifetime / 4)
    }

    func setRefresher(_ r: @escaping @Sendable (Secret) async throws -> (session: Secret, refresh: Secret)) { refresher = r }

    func setSession(session: Secret, refresh: Secret) {
        state = .session(session: session, refresh: refresh, expiresAt: time.now().addingTimeInterval(sessionLifetime))
        generation += 1
    }

    func setAccessToken(_ token: Secret) {
        state = .accessToken(token, expiresAt: JWTClaims.expiry(of: token.revealed))
        generation += 1
    }

    func clear() {
        state = .signedOut
        generation += 1
        refreshing?.cancel()
        refreshing = nil
    }

    var isSignedIn: Bool { if case .signedOut = state { false } else { true } }

    /// The bearer to send now, refreshing first when the session is about to expire.
    func currentBearer() async throws -> (token: Secret, generation: Int) {
        switch state {
        case .signedOut:
            throw ChargeError.unauthenticated("Please sign in.")
        case .accessToken(let token, let expiresAt):
            if let expiresAt, expiresAt <= time.now() {
                signOut(.accessTokenExpired)
                throw ChargeError.unauthenticated("Your sign-in has expired. Please sign in again.")
            }
            return (token, generation)
        case .session(let session, _, let expiresAt):
            if expiresAt.addingTimeInterval(-refreshMargin) <= time.now() {
                try await refresh(afterFailureOf: generation)
                return try await currentBearer()
            }
            return (session, generation)
        }
    }

    /// Renew the session after a request with `failedGeneration`'s token was refused. If a
    /// refresh happened since, returns at once; if one is running, joins it.
    func refresh(afterFailureOf failedGeneration: Int) async throws {
        if failedGeneration != generation { return }
        if let running = refreshing {
            try await running.value
            return
        }
        guard case .session(_, let refreshToken, _) = state, let refresher else {
            if case .accessToken = state {
                signOut(.accessTokenExpired)
                throw ChargeError.unauthenticated("Your sign-in has expired. Please sign in again.")
            }
            throw ChargeError.unauthenticated("Please sign in.")
        }
        let task = Task { [refresher] in
            let pair = try await refresher(refreshToken)
            self.setSession(session: pair.session, refresh: pair.refresh)
        }
        refreshing = task
        defer { refreshing = nil }
        do {
            try await task.value
            events.emit(.refreshed)
        } catch let error as ChargeError {
            if case .unauthenticated(let why) = error {
                signOut(.sessionExpired(why.isEmpty ? "Your session has ended." : why))
            }
            throw error
        }
    }

    func signOut(_ reason: SignOutReason) {
        let wasSignedIn = isSignedIn
        clear()
        if wasSignedIn { events.emit(.signedOut(reason)) }
    }
}

/// Reads claims of a JWT without verifying it (the server verifies; the client only needs
/// to know when the token ends).
enum JWTClaims {
    static func expiry(of token: String) -> Date? {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var s = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        guard let data = Data(base64Encoded: s),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        if let exp = obj["exp"] as? Double { return Date(timeIntervalSince1970: exp) }
        if let exp = obj["exp"] as? Int { return Date(timeIntervalSince1970: Double(exp)) }
        return nil
    }
}
