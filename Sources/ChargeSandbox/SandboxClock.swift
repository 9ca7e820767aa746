import Foundation

/// The sandbox's notion of now. Token expiry, device codes and the charging simulation all
/// read it, so tests can move time instead of sleeping.
public protocol SandboxClock: Sendable {
    func now() -> Date
}

/// Wall-clock time.
public struct SystemSandboxClock: SandboxClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock tests move by hand (thread-safe).
public final class ManualSandboxClock: SandboxClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(start: Date = Date()) { current = start }
    public func now() -> Date { lock.withLock { current } }
    public func advance(by seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}
