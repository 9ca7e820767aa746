/// How the terminal should be driven.
public struct TerminalOptions: Sendable {
    /// Use colours when the terminal has them (and `NO_COLOR` is not set).
    public var allowColor: Bool
    /// nil: decide from the locale and TERM; true: plain ASCII lines and marks.
    public var asciiOnly: Bool?
    /// ESC delay in milliseconds, unless `ESCDELAY` is set.
    public var escDelayMs: Int32

    public init(allowColor: Bool = true, asciiOnly: Bool? = nil, escDelayMs: Int32 = 25) {
        self.allowColor = allowColor
        self.asciiOnly = asciiOnly
        self.escDelayMs = escDelayMs
    }
}
