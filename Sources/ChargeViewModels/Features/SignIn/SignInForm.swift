import ChargeCore
import Foundation

/// The sign-in form, as a value: username/password (with the PSK) or the device code.
/// Keys change it and say what the app should do (`handle(_:)`); the answers of the
/// sign-in calls come back through `failed`, `signedIn` and `signedOut`.
public struct SignInForm: Sendable, Equatable {
    public enum Mode: Sendable, Equatable { case password, device }
    public enum Field: Sendable, Equatable { case username, password }

    /// What the device-code mode shows.
    public struct DeviceCode: Sendable, Equatable {
        public var userCode: String
        public var url: String
        public var urlComplete: String?
        public var expiresText: String
        public var statusText: String

        public init(userCode: String, url: String, urlComplete: String?, expiresText: String, statusText: String) {
            self.userCode = userCode
            self.url = url
            self.urlComplete = urlComplete
            self.expiresText = expiresText
            self.statusText = statusText
        }
    }

    public var mode: Mode = .password
    public var username = TextField("", maxLength: 120)
    public var password = TextField("", isSecure: true, maxLength: 200)
    public var focus: Field = .username
    public var busy = false
    /// An error or notice for the user (wrong password, signed out because…).
    public var message: String?
    /// A hint under the form (demo credentials on the sandbox).
    public var hint: String?
    public var device: DeviceCode?
    /// While throttled: when the next attempt is allowed.
    public var retryAt: Date?
    public var canUsePassword = true
    public var canUseDevice = false

    public init() {}

    /// Esc on the device code goes back to the password form (when there is one); anywhere
    /// else on the form Esc means leaving it.
    public var escapeSwitchesMode: Bool { mode == .device && canUsePassword }

    /// What a key asks the app to do beyond changing the form.
    public enum Action: Sendable, Equatable {
        case none
        case quit
        case switchMode
        /// Send the password form (`submit(now:strings:)` checks it first).
        case submit
        /// Get a new device code.
        case newCode
    }

    public mutating func handle(_ key: KeyPress) -> Action {
        if busy && mode == .password { return .none }
        switch key {
        case .escape:
            return escapeSwitchesMode ? .switchMode : .quit
        case .function(2), .ctrl("d"):
            return .switchMode
        case .tab, .backTab, .down, .up:
            if mode == .password { focus = focus == .username ? .password : .username }
        case .enter:
            if mode == .password {
                if focus == .username && password.text.isEmpty { focus = .password } else { return .submit }
            } else if device == nil && !busy || message != nil {
                return .newCode
            }
        default:
            guard mode == .password else { return .none }
            if focus == .username { username.apply(key) } else { password.apply(key) }
        }
        return .none
    }

    /// Checks the password form at `now`; what to send, or nil with the reason shown.
    public mutating func submit(now: Date, strings t: Strings) -> (username: String, password: Secret)? {
        if let retryAt, retryAt > now {
            message = t.waitBeforeRetry(Int(retryAt.timeIntervalSince(now).rounded(.up)))
            return nil
        }
        let name = username.text.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            message = t.missingUsername
            focus = .username
            return nil
        }
        guard !password.text.isEmpty else {
            message = t.missingPassword
            focus = .password
            return nil
        }
        guard canUsePassword else {
            message = t.passwordNotConfigured
            return nil
        }
        busy = true
        message = nil
        return (name, Secret(password.text))
    }

    /// The sign-in failed at `now`: the reason; a wait when throttled; a wrong password is forgotten.
    public mutating func failed(_ e: ChargeError, now: Date, strings t: Strings) {
        busy = false
        message = t.message(for: e)
        if case .rateLimited(let after) = e { retryAt = now.addingTimeInterval(after ?? 5) }
        if case .unauthenticated = e {
            password.clear()
            focus = .password
        }
    }

    /// Signed in: the typed password and every notice are forgotten.
    public mutating func signedIn() {
        busy = false
        password.clear()
        message = nil
        device = nil
        retryAt = nil
    }

    /// Signed out (`why`: the reason shown, if any): the name stays, the password is asked for.
    public mutating func signedOut(why: String?) {
        busy = false
        password.clear()
        focus = .password
        message = why
    }

    /// The footer while the form shows.
    public func hints(_ t: Strings) -> [KeyHint] {
        if mode == .device {
            // Only the keys that work on the code screen.
            var h: [KeyHint] = []
            if message != nil || device == nil && !busy { h.append(KeyHint(key: "Enter", label: t.newCode)) }
            if canUsePassword { h.append(KeyHint(key: "F2", label: t.usePassword)) }
            h.append(KeyHint(key: "Esc", label: escapeSwitchesMode ? t.back : t.quit))
            return h
        }
        var h = [KeyHint(key: "Tab", label: t.nextField), KeyHint(key: "Enter", label: t.signInButton)]
        if canUseDevice && canUsePassword { h.append(KeyHint(key: "F2", label: mode == .password ? t.usePhone : t.usePassword)) }
        h.append(KeyHint(key: "Esc", label: t.quit))
        return h
    }
}
