import Foundation

/// Reconciling a start whose answer was lost (dropped, garbled, or a 5xx that is not a
/// GraphQL request error): read back, never send a second start.
extension ChargeClient {
    /// How long a lost start answer is reconciled at most. Shorter than `attemptTimeout`: a
    /// start that never reached the server must not hold the user for two minutes (the soak
    /// saw no cycle in 45 s), and a session that does start later still shows in the header
    /// (the running sessions are re-read after a failed start and every 30 s).
    static let reconcileWindow: Double = 30

    /// What the user reads when no session appeared within the window.
    public static let unconfirmedStart =
        "No answer came from the server, and no session has appeared at this connector. Nothing seems to be charging: try again. Should the car start after all, the session shows in the header."

    /// Reconciles a start whose answer was lost, telling the user so; when no session shows
    /// within the window, says plainly that nothing seems to have started (rather than "the
    /// server had a problem") and that a late start would still show in the header.
    func reconciled(
        connectorId: String,
        since: Date,
        after ambiguous: AmbiguousMutation,
        progress: @Sendable (StartProgress) -> Void
    ) async throws -> String {
        progress(.reconciling(seconds: Int(min(attemptTimeout, Self.reconcileWindow))))
        if let id = try await reconcileStart(connectorId: connectorId, since: since) {
            await pages.invalidate()
            progress(.started(chargelogId: id))
            return id
        }
        logger.warning("start not confirmed: \(ambiguous.underlying.kind.rawValue); no session appeared at the connector")
        throw ChargeError.refused(code: "UNCONFIRMED", message: Self.unconfirmedStart)
    }

    /// After a lost start answer: a running session of this user on that connector is ours
    /// (the connector was free when the start was sent).
    ///
    /// The server may list the session only once the station has accepted (seconds later), so
    /// it is looked for until `reconcileWindow` (capped by `attemptTimeout`) after `since`, the
    /// moment the start was sent (on the injected clock).
    func reconcileStart(connectorId: String, since: Date) async throws -> String? {
        while true {
            if let match = try? await runningSessions().first(where: { $0.connector?.id == connectorId }) {
                return match.id
            }
            if time.now().timeIntervalSince(since) > min(attemptTimeout, Self.reconcileWindow) { return nil }
            try await time.sleep(seconds: attemptPollInterval)
        }
    }
}
