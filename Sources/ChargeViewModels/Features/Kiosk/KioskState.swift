import ChargeCore
import Foundation

/// Kiosk mode as the screen shows it (nil in `AppState` on a personal terminal).
public struct KioskState: Sendable, Equatable {
    /// After an idle sign-out during charging: the live panel shows progress but every
    /// action needs a sign-in first.
    public var locked = false
    /// Seconds left before the idle sign-out, while the countdown shows.
    public var countdown: Int?
    /// The admin's exit dialog, while open.
    public var pin: PinEntry?
    /// A short notice ("quitting is disabled here"), cleared by the next key.
    public var notice: String?
    /// Wrong admin PINs and the block they earned (outlives the dialog and idle sign-outs).
    public var pinGuard = PinGuard()

    public init() {}

    /// The footer in kiosk mode: no way out but the admin's, and a locked panel only sign-in.
    func hints(over plain: [KeyHint], route: Navigation.Route, _ t: Strings) -> [KeyHint] {
        if pin != nil {
            return [
                KeyHint(key: "0-9", label: t.pinDigits), KeyHint(key: "Enter", label: t.confirmPin), KeyHint(key: "Esc", label: t.cancel),
            ]
        }
        if countdown != nil { return [KeyHint(key: t.anyKey, label: t.stayHere)] }
        if locked && route == .live { return [KeyHint(key: "Enter", label: t.signInToStop)] }
        var hints = plain
        hints.removeAll { $0.label == t.quit }
        if locked && route == .signIn { hints.append(KeyHint(key: "Esc", label: t.back)) }
        return hints
    }
}

/// The admin PIN dialog: digits only, never shown.
public struct PinEntry: Sendable, Equatable {
    public var field = TextField("", isSecure: true, maxLength: 12)
    public var message: String?

    public init() {}
}
