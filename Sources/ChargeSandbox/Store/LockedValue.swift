import Foundation

/// A value behind a lock (for small caches shared between requests).
final class LockedValue<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func withLock<R>(_ f: (inout T) -> R) -> R { lock.withLock { f(&value) } }
}
