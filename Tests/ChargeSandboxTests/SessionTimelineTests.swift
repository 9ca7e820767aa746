import Testing

@testable import ChargeSandbox

/// Where a start attempt and a session stand, from their timestamps alone (no clock, no
/// database): every state in order, the failure paths and the time factor.
@Suite(.timeLimit(.minutes(1))) struct SessionTimelineTests {
    static func attempt(
        after seconds: Double,
        speed: Double = 1,
        failure: String? = nil,
        silent: Bool = false,
        roaming: Bool = false
    ) -> String {
        SessionTimeline.attemptStatus(
            createdAt: 1000,
            now: 1000 + seconds,
            speed: speed,
            failure: failure,
            silent: silent,
            silentTimeout: 60,
            roaming: roaming
        )
    }

    @Test func aStartGoesThroughEveryStateInOrder() {
        #expect(Self.attempt(after: 0) == "pending")
        #expect(Self.attempt(after: 0.99) == "pending")
        #expect(Self.attempt(after: SessionTimeline.sendingAfter) == "sending")
        #expect(Self.attempt(after: SessionTimeline.waitingAfter) == "waiting_for_start_transaction")
        #expect(Self.attempt(after: SessionTimeline.attachedAfter - 0.01) == "waiting_for_start_transaction")
        #expect(Self.attempt(after: SessionTimeline.attachedAfter) == "charge_log_attached")
        #expect(Self.attempt(after: 86_400) == "charge_log_attached")
    }

    @Test func theTimeFactorScalesElapsedTime() {
        #expect(Self.attempt(after: 2.5, speed: 2) == "charge_log_attached")
        #expect(Self.attempt(after: 1.5, speed: 0.5) == "pending")
        #expect(Self.attempt(after: 2.5, speed: 0.5) == "sending")
    }

    @Test func aRefusedStartFailsAfterSending() {
        #expect(Self.attempt(after: 0.5, failure: "busy") == "pending")
        #expect(Self.attempt(after: 1.5, failure: "busy") == "sending")
        #expect(Self.attempt(after: 2, failure: "busy") == "failed")
        #expect(Self.attempt(after: 600, failure: "busy") == "failed")
    }

    @Test func aSilentStationFailsOnlyAtTheTimeout() {
        #expect(Self.attempt(after: 2, silent: true) == "sending")
        #expect(Self.attempt(after: 30, silent: true) == "waiting_for_start_transaction")
        #expect(Self.attempt(after: 59.9, silent: true) == "waiting_for_start_transaction")
        #expect(Self.attempt(after: 60, silent: true) == "failed")
    }

    @Test func aRoamingAttemptStaysPending() {
        for t in [0.0, 2, 5, 600] { #expect(Self.attempt(after: t, roaming: true) == "pending") }
    }

    @Test func aSessionWaitsStartsAndStops() {
        #expect(SessionTimeline.chargelogStatus(startedAt: 10, stoppedAt: nil, now: 9, roaming: false) == "waiting_for_transaction")
        #expect(SessionTimeline.chargelogStatus(startedAt: 10, stoppedAt: nil, now: 10, roaming: false) == "started")
        #expect(SessionTimeline.chargelogStatus(startedAt: 10, stoppedAt: nil, now: 9, roaming: true) == "roaming_waiting_for_transaction")
        #expect(SessionTimeline.chargelogStatus(startedAt: 10, stoppedAt: nil, now: 11, roaming: true) == "roaming_start")
        // Stopped wins, even a stop before the start (a session stopped while waiting).
        #expect(SessionTimeline.chargelogStatus(startedAt: 10, stoppedAt: 5, now: 9, roaming: false) == "stopped")
        #expect(SessionTimeline.chargelogStatus(startedAt: 10, stoppedAt: 20, now: 30, roaming: true) == "stopped")
    }
}
