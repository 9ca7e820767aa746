import Foundation

/// Where a start attempt or a session stands, derived from its timestamps and the clock.
///
/// Nothing ticks in the background: every answer computes the state from "now", so a
/// session keeps charging across a restart of the process when the database is a file.
enum SessionTimeline {
    /// Simulated seconds from `pending` to `sending`, `waiting_for_start_transaction` and
    /// `charge_log_attached`.
    static let sendingAfter = 1.0, waitingAfter = 3.0, attachedAfter = 5.0
    /// Simulated seconds a connector shows `Finishing` after a stop.
    static let finishingFor = 3.0

    static func attemptStatus(
        createdAt: Double,
        now: Double,
        speed: Double,
        failure: String?,
        silent: Bool,
        silentTimeout: Double,
        roaming: Bool
    ) -> String {
        let e = (now - createdAt) * speed
        if roaming { return "pending" }
        if e < sendingAfter { return "pending" }
        if let _ = failure { return e < 2 ? "sending" : "failed" }
        if silent { return e < silentTimeout ? (e < waitingAfter ? "sending" : "waiting_for_start_transaction") : "failed" }
        if e < waitingAfter { return "sending" }
        if e < attachedAfter { return "waiting_for_start_transaction" }
        return "charge_log_attached"
    }

    static func chargelogStatus(startedAt: Double, stoppedAt: Double?, now: Double, roaming: Bool) -> String {
        if stoppedAt != nil { return "stopped" }
        if now < startedAt { return roaming ? "roaming_waiting_for_transaction" : "waiting_for_transaction" }
        return roaming ? "roaming_start" : "started"
    }
}
