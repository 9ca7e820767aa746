import Foundation

/// The emulated Auth0 device-authorization grant (RFC 8628): codes, approvals, polling.
final class DeviceAuthorizations: @unchecked Sendable {
    enum State: Equatable {
        case pending
        case approved(userUID: String)
        case denied, used
    }

    struct Entry {
        var userCode: String
        var clientId: String
        var expiresAt: Double
        var interval: Double
        var lastPoll: Double?
        var state: State
    }

    /// What the token endpoint answers.
    enum PollAnswer: Equatable {
        case pending, slowDown, expired, denied, invalid
        case approved(userUID: String)
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]  // by device code

    func create(clientId: String, now: Double, ttl: Double, interval: Double) -> (deviceCode: String, userCode: String) {
        var g = SystemRandomNumberGenerator()
        let alphabet = Array("BCDFGHJKLMNPQRSTVWXZ")  // no vowels: no words, no 0/O confusion
        let code = String((0..<8).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] })
        let userCode = "\(code.prefix(4))-\(code.suffix(4))"
        let deviceCode = Passwords.randomToken(prefix: "dc") + Passwords.randomToken(prefix: "")
        lock.withLock {
            // Expired codes are purged here, so the table cannot grow without bound. Their
            // polls then get `invalid_grant` instead of `expired_token`, which a client treats alike.
            entries = entries.filter { $0.value.expiresAt > now }
            entries[deviceCode] = Entry(userCode: userCode, clientId: clientId, expiresAt: now + ttl, interval: interval, state: .pending)
        }
        return (deviceCode, userCode)
    }

    /// How many codes are held (live ones, and expired ones not yet purged).
    var count: Int { lock.withLock { entries.count } }

    /// Approve or deny the code the user typed. Returns false when no live code matches.
    func decide(userCode: String, approveAs userUID: String?, now: Double) -> Bool {
        let wanted = userCode.uppercased().filter { $0.isLetter }
        return lock.withLock {
            guard
                let key = entries.first(where: {
                    $0.value.userCode.filter(\.isLetter) == wanted && $0.value.state == .pending && $0.value.expiresAt > now
                })?.key
            else { return false }
            entries[key]?.state = userUID.map { .approved(userUID: $0) } ?? .denied
            return true
        }
    }

    func poll(deviceCode: String, clientId: String, now: Double) -> PollAnswer {
        lock.withLock {
            guard var e = entries[deviceCode], e.clientId == clientId else { return .invalid }
            defer { entries[deviceCode] = e }
            if e.expiresAt <= now { return .expired }
            let tooSoon = e.lastPoll.map { now - $0 < e.interval - 0.05 } ?? false
            e.lastPoll = now
            switch e.state {
            case .pending:
                if tooSoon {
                    e.interval += 5
                    return .slowDown
                }
                return .pending
            case .approved(let uid):
                e.state = .used
                return .approved(userUID: uid)
            case .denied: return .denied
            case .used: return .invalid
            }
        }
    }
}
