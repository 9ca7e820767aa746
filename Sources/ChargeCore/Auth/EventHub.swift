import Foundation

/// Fans sign-in events out to every listener (each `events()` call gets its own stream).
final class EventHub: @unchecked Sendable {
    private let lock = NSLock()
    private var continuations: [UUID: AsyncStream<AuthEvent>.Continuation] = [:]

    func stream() -> AsyncStream<AuthEvent> {
        let (stream, continuation) = AsyncStream<AuthEvent>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let id = UUID()
        lock.withLock { continuations[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.continuations.removeValue(forKey: id) }
        }
        return stream
    }

    func emit(_ event: AuthEvent) {
        let all = lock.withLock { Array(continuations.values) }
        for c in all { c.yield(event) }
    }
}
