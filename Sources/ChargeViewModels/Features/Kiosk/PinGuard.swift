import Foundation

/// The admin PIN's wrong-attempt count and its escalating block.
///
/// It lives in the kiosk state, not in the PIN dialog: the dialog is thrown away by Esc and
/// made new by F10, and when the count lived there, Esc + F10 gave three fresh tries at once
/// (a four-digit PIN fell in minutes). It also survives the idle sign-out, which resets the
/// rest of the screen state. Each block is longer than the last (30 s, 2 min, 10 min, then
/// 10 min again), so guessing costs hours, while staff who mistype wait half a minute.
public struct PinGuard: Sendable, Equatable {
    /// Wrong PINs since the last block (or the last right one).
    public private(set) var failures = 0
    /// Until when entry is refused, if it is.
    public private(set) var blockedUntil: Date?
    /// How many blocks so far: the next one is this far along the escalation.
    public private(set) var blocks = 0

    public init() {}

    /// Whole seconds left of a block at `now`, or nil when a PIN may be tried.
    public func secondsBlocked(at now: Date) -> Int? {
        guard let until = blockedUntil, until > now else { return nil }
        return Int(until.timeIntervalSince(now).rounded(.up))
    }

    /// A wrong PIN at `now`. After `maxAttempts` in a row a block starts; returns its length.
    public mutating func recordFailure(at now: Date, maxAttempts: Int, escalation: [Double]) -> Double? {
        failures += 1
        guard failures >= maxAttempts, let last = escalation.last else { return nil }
        let length = blocks < escalation.count ? escalation[blocks] : last
        failures = 0
        blocks += 1
        blockedUntil = now.addingTimeInterval(length)
        return length
    }

    /// The right PIN: everything is forgiven.
    public mutating func recordSuccess() { self = PinGuard() }
}
