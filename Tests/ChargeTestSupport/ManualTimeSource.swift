import ChargeCore
import Foundation

/// A clock that only moves when a test says so.
///
/// `sleep` suspends until `advance(by:)` moves the clock past the sleeper's deadline, so
/// tests of expiry, polling and idle timeouts run in milliseconds and never flake.
public final class ManualTimeSource: TimeSource, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var sleepers: [(id: UInt64, deadline: Date, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0
    private var calls = 0
    private var durations: [Double] = []

    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = start
    }

    public func now() -> Date { lock.withLock { current } }

    /// Number of tasks currently suspended in `sleep` (lets a test wait until a poller parks).
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    /// Number of `sleep` calls so far: a timer woken by `advance` that has run and gone back
    /// to sleep has made one more (see `waitForSleepCalls`).
    public var sleepCalls: Int { lock.withLock { calls } }

    /// Every duration asked of `sleep`, in order: how long the code under test chose to wait
    /// (a back-off, a Retry-After), measured on this clock rather than assumed.
    public var sleepDurations: [Double] { lock.withLock { durations } }

    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        let id: UInt64 = lock.withLock {
            nextID += 1
            calls += 1
            durations.append(seconds)
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = lock.withLock {
                    let deadline = current.addingTimeInterval(max(0, seconds))
                    if seconds <= 0 { return true }
                    sleepers.append((id, deadline, cont))
                    return false
                }
                if resumeNow { cont.resume() }
            }
        } onCancel: {
            let cont: CheckedContinuation<Void, any Error>? = lock.withLock {
                guard let i = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return sleepers.remove(at: i).continuation
            }
            cont?.resume(throwing: CancellationError())
        }
    }

    /// Move the clock forward and wake every sleeper whose deadline has passed; returns how
    /// many it woke.
    @discardableResult
    public func advance(by seconds: Double) -> Int {
        let due: [CheckedContinuation<Void, any Error>] = lock.withLock {
            current = current.addingTimeInterval(seconds)
            let ready = sleepers.filter { $0.deadline <= current }
            sleepers.removeAll { $0.deadline <= current }
            return ready.map(\.continuation)
        }
        for continuation in due { continuation.resume() }
        return due.count
    }

    /// Wait (in real time, briefly yielding) until at least `count` tasks sleep on this clock.
    /// Returns false if they did not within `timeout`: callers `#require` it, because a test
    /// that goes on without its sleepers checks nothing.
    public func waitForSleepers(_ count: Int = 1, timeout: Double = 10) async -> Bool {
        await waitFor(timeout: timeout) { self.sleeperCount >= count }
    }

    /// Wait until `sleep` has been called at least `count` times in all (`sleepCalls`).
    /// After `advance` woke `n` timers, waiting for `sleepCalls + n` proves each ran its work
    /// and went back to sleep. Returns false on timeout.
    public func waitForSleepCalls(_ count: Int, timeout: Double = 10) async -> Bool {
        await waitFor(timeout: timeout) { self.sleepCalls >= count }
    }

    private func waitFor(timeout: Double, _ condition: () -> Bool) async -> Bool {
        let start = Date()
        while !condition() {
            if Date().timeIntervalSince(start) >= timeout { return false }
            await Task.yield()
            try? await Task.sleep(nanoseconds: 1_000_000)
        }
        return true
    }
}

/// A clock whose waits end at once (after a cancellation check), for tests that drive many
/// requests through the client's back-offs and care about outcomes, not timing (the decoder
/// fuzz: a garbled answer is retried three times, which took ~3 s of real sleep each).
/// It counts the waits, so a test can still see that a retry happened.
public final class InstantTimeSource: TimeSource, @unchecked Sendable {
    private let lock = NSLock()
    private var waits = 0
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        lock.withLock { waits += 1 }
        await Task.yield()
    }
    /// How many waits were asked for.
    public var sleeps: Int { lock.withLock { waits } }
}
