/// How the terminal should be driven.
public struct TerminalOptions: Sendable {
    /// Use colours when the terminal has them (and `NO_COLOR` is not set).
    public var allowColor: Bool
    /// nil: decide from the locale and TERM (`LocaleChoice`); true: plain ASCII, text
    /// transliterated (`--ascii`); false: UTF-8 even where the locale does not say so (`--utf8`).
    public var asciiOnly: Bool?
    /// ESC delay in milliseconds, unless `ESCDELAY` is set.
    public var escDelayMs: Int32
    /// Kiosk mode: raw input, so Ctrl-C, Ctrl-Z and Ctrl-\\ arrive as keys (which the app
    /// ignores) instead of signals, and job control cannot suspend the app.
    public var kiosk: Bool
    /// Where the terminal says which text mode and TERM fallback it chose, and why (the log).
    public var log: @Sendable (String) -> Void = { _ in }
    /// Where each key and draw is written (`InputTrace`) when the log is at trace level; nil: not traced.
    public var trace: (@Sendable (String) -> Void)?

    public init(allowColor: Bool = true, asciiOnly: Bool? = nil, escDelayMs: Int32 = 25, kiosk: Bool = false) {
        self.kiosk = kiosk
        self.allowColor = allowColor
        self.asciiOnly = asciiOnly
        self.escDelayMs = escDelayMs
    }
}
