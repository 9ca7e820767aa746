import Foundation

/// Following a running session: the live panel's stream of readings.
extension ChargeClient {
    public func liveSession(chargelogId: String) -> AsyncThrowingStream<SessionSnapshot, any Error> {
        let (stream, continuation) = AsyncThrowingStream<SessionSnapshot, any Error>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let task = Task { [self] in
            var estimator = PowerEstimator()
            var failures = 0
            while !Task.isCancelled {
                do {
                    // One attempt per poll: this loop is the only one that retries, on its
                    // own short schedule (the channel's retries inside it made a failed poll
                    // cost up to four requests and their waits before this loop even knew).
                    let log = try await chargelog(id: chargelogId, retries: 0)
                    failures = 0
                    let now = time.now()
                    let kw = log.status == .started || log.status == .roamingStart ? estimator.add(energyKwh: log.energyKwh, at: now) : nil
                    let elapsed = log.dateStart.map { (log.dateEnd ?? now).timeIntervalSince($0) } ?? 0
                    let price = log.connector?.pricePerKwh
                    let serverCost = log.cost?.grossAmount ?? log.cost?.total
                    let cost = (serverCost ?? 0) > 0 ? serverCost : price.map { ($0 * log.energyKwh * 100).rounded() / 100 }
                    continuation.yield(
                        SessionSnapshot(
                            chargelog: log,
                            observedAt: now,
                            elapsed: max(0, elapsed),
                            powerKw: kw,
                            costSoFar: cost,
                            currency: log.cost?.currency ?? log.connector?.currency
                        )
                    )
                    if log.status == .stopped {
                        continuation.finish()
                        return
                    }
                    let waiting = log.status == .waitingForTransaction || log.status == .roamingWaitingForTransaction
                    // Waiting for the car changes within seconds; a running session's figures
                    // move slowly, and every poll costs a request and a repaint over SSH.
                    try await time.sleep(seconds: waiting ? 1 : config.livePollSeconds)
                } catch {
                    let e = ChargeError.wrap(error)
                    if Task.isCancelled || e.kind == .cancelled { break }
                    // Only the server saying the session is gone, or the user being signed
                    // out, ends following. Anything else (a garbled answer, a 4xx the server
                    // should not have sent, an outage) is a fault of the way there: the car
                    // keeps charging, so the panel must keep following.
                    if Self.endsFollowing(e) {
                        continuation.finish(throwing: e)
                        return
                    }
                    failures += 1
                    logger.info("live poll failed (\(e.kind.rawValue)), try \(failures); retrying")
                    try? await time.sleep(seconds: Self.liveBackoff(failures: failures, error: e))
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The longest wait between two tries of a failing live poll. Kept short: after an
    /// outage the panel is current again within this (plus one answer), and a poll is cheap.
    public static let liveBackoffCap: Double = 10

    /// Back-off of the live poll after `failures` failures in a row: 0.5, 1, 2, 4, 8, 10,
    /// 10… s. The first retry is quick because most faults are single (a dropped
    /// connection, one 5xx): the panel should not wait a poll interval for one of them. A
    /// server's Retry-After is honoured, but never beyond the cap.
    static func liveBackoff(failures: Int, error: ChargeError? = nil) -> Double {
        let base = min(liveBackoffCap, 0.5 * pow(2, Double(max(0, min(failures, 8) - 1))))
        if case .rateLimited(let after?)? = error { return min(liveBackoffCap, max(base, after)) }
        return base
    }

    /// Errors after which following a session makes no sense: it does not exist (any more),
    /// or nobody is signed in to ask about it.
    static func endsFollowing(_ error: ChargeError) -> Bool {
        switch error {
        case .notFound, .unauthenticated, .cancelled: true
        default: false
        }
    }
}
