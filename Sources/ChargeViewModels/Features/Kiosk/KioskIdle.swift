import Foundation

/// When a kiosk forgets its user, as a value: a function of the time, the last key, and
/// whether there is anyone to forget (no clock, no tasks). The view model asks once a
/// second and does what the answer says.
public struct KioskIdle: Sendable, Equatable {
    /// Seconds without a key before the user is forgotten.
    public var idleSeconds: Double
    /// Seconds before that the countdown shows.
    public var countdownSeconds: Double

    public init(idleSeconds: Double, countdownSeconds: Double) {
        self.idleSeconds = idleSeconds
        self.countdownSeconds = countdownSeconds
    }

    public init(_ settings: KioskSettings) {
        self.init(idleSeconds: settings.idleSeconds, countdownSeconds: settings.countdownSeconds)
    }

    public enum Decision: Sendable, Equatable {
        /// Nothing to forget, or an answer is awaited: the idle time starts again from now
        /// and any countdown goes away.
        case keepAwake
        /// Idle, but not for long enough: nothing changes.
        case wait
        /// The countdown shows these whole seconds.
        case countdown(Int)
        /// Forget the user now.
        case signOut
    }

    /// `busy`: a start, a stop or a sign-in is under way (its answer would arrive for
    /// nobody: a session started and then shown to no one). `holdsUser`: there is
    /// something of a user on screen to forget (the empty sign-in form is not).
    public func decide(now: Date, lastActivity: Date, busy: Bool, holdsUser: Bool) -> Decision {
        guard !busy, holdsUser else { return .keepAwake }
        let idle = now.timeIntervalSince(lastActivity)
        if idle >= idleSeconds { return .signOut }
        if idle >= idleSeconds - countdownSeconds { return .countdown(Int((idleSeconds - idle).rounded(.up))) }
        return .wait
    }

    /// Whether `state` holds anything of a user (the empty sign-in form, with at most the
    /// configured hint's name in it, does not; nor does the locked panel of a stranger).
    public static func holdsUser(_ state: AppState, hintUsername: String?) -> Bool {
        if state.kiosk?.pin != nil { return true }
        switch state.route {
        case .signIn:
            let form = state.signIn
            let typedName = form.username.text != (hintUsername ?? "")
            return typedName || !form.password.text.isEmpty || state.kiosk?.locked == true
        case .live:
            return state.kiosk?.locked != true
        default:
            return true
        }
    }

    /// Whether an answer is awaited that must not arrive for nobody.
    public static func busy(_ state: AppState) -> Bool {
        state.detail?.start.isBusy == true || state.live?.stopping == true || state.signIn.busy
    }
}
