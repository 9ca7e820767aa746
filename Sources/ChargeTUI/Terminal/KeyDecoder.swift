import ChargeViewModels

/// Turns ncurses key codes (from `wget_wch`) into `KeyPress`es. Pure, so it is tested
/// without a terminal.
public enum KeyDecoder {
    // ncurses key codes (octal in curses.h).
    static let keyDown: Int32 = 0o402, keyUp: Int32 = 0o403, keyLeft: Int32 = 0o404, keyRight: Int32 = 0o405
    static let keyHome: Int32 = 0o406, keyBackspace: Int32 = 0o407, keyF0: Int32 = 0o410, keyDelete: Int32 = 0o512
    static let keyNextPage: Int32 = 0o522, keyPrevPage: Int32 = 0o523, keyEnter: Int32 = 0o527, keyBackTab: Int32 = 0o541
    static let keyEnd: Int32 = 0o550, keyResize: Int32 = 0o632

    /// A decoded input: a key for the view model, a resize, or nothing useful.
    public enum Input: Equatable { case key(KeyPress), resize, ignored }

    /// `isFunctionKey` is true when `wget_wch` answered KEY_CODE_YES.
    public static func decode(_ code: Int32, isFunctionKey: Bool) -> Input {
        if isFunctionKey {
            switch code {
            case keyUp: return .key(.up)
            case keyDown: return .key(.down)
            case keyLeft: return .key(.left)
            case keyRight: return .key(.right)
            case keyHome: return .key(.home)
            case keyEnd: return .key(.end)
            case keyNextPage: return .key(.pageDown)
            case keyPrevPage: return .key(.pageUp)
            case keyBackspace: return .key(.backspace)
            case keyDelete: return .key(.delete)
            case keyEnter: return .key(.enter)
            case keyBackTab: return .key(.backTab)
            case keyResize: return .resize
            case (keyF0 + 1)...(keyF0 + 12): return .key(.function(Int(code - keyF0)))
            default: return .ignored
            }
        }
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(code) + 96))))
        case 28: return .key(.ctrl("\\"))  // Ctrl-\ reaches the app only in raw (kiosk) mode
        case 32...: 
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return .ignored }
            return .key(.char(Character(scalar)))
        default: return .ignored
        }
    }
}
