import Foundation

/// The clock every timer, TTL, poll interval and elapsed time in the client reads.
///
/// Injected so that tests of expiry and polling run in milliseconds (see the manual
/// clock in the test-support target). Production code uses `SystemTimeSource`.
public protocol TimeSource: Sendable {
    /// Wall-clock now.
    func now() -> Date
    /// Suspend for `seconds` of this clock's time. Throws `CancellationError` when cancelled.
    func sleep(seconds: Double) async throws
}

/// The real clock.
public struct SystemTimeSource: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else {
            try Task.checkCancellation()
            return
        }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}
