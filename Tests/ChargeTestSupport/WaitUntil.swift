import Foundation

/// A condition a test waited for did not come true in time. Thrown (not recorded and
/// swallowed), so the test stops there instead of checking a state that was never reached.
public struct ConditionNotReached: Error, CustomStringConvertible {
    public let what: String
    public let timeout: Double
    public var description: String { "timed out after \(timeout) s waiting for \(what)" }
}

/// Waits (in real time, yielding) until `condition` holds, for state reached through tasks
/// and streams. Throws `ConditionNotReached` after `timeout`: generous, because the machine
/// running the suite may be loaded; a passing test returns as soon as the condition holds.
public func waitUntil(
    _ what: String = "the condition",
    timeout: Double = 10,
    isolation: isolated (any Actor)? = #isolation,
    _ condition: () -> Bool
) async throws {
    let end = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < end else { throw ConditionNotReached(what: what, timeout: timeout) }
        await Task.yield()
        try await Task.sleep(nanoseconds: 1_000_000)
    }
}
