import ChargeViewModels

/// Turns ncurses key codes (from `wget_wch`) into `KeyPress`es. Pure, so it is tested
/// without a terminal. Sequences curses does not know arrive here byte by byte; `KeyStream`
/// reassembles those.
public enum KeyDecoder {
    // ncurses key codes (octal in curses.h).
    static let keyDown: Int32 = 0o402, keyUp: Int32 = 0o403, keyLeft: Int32 = 0o404, keyRight: Int32 = 0o405
    static let keyHome: Int32 = 0o406, keyBackspace: Int32 = 0o407, keyF0: Int32 = 0o410, keyDelete: Int32 = 0o512
    static let keyInsert: Int32 = 0o513
    static let keyNextPage: Int32 = 0o522, keyPrevPage: Int32 = 0o523, keyEnter: Int32 = 0o527, keyBackTab: Int32 = 0o541
    static let keyEnd: Int32 = 0o550, keyResize: Int32 = 0o632
    // Keypad corners and the names some terminfo entries give Home/End (vt220's
    // Find/Select are what tmux and PuTTY send as ESC[1~ and ESC[4~ under TERM=xterm-vt220).
    static let keyLowerLeft: Int32 = 0o533, keyA1: Int32 = 0o534, keyA3: Int32 = 0o535, keyC1: Int32 = 0o537, keyC3: Int32 = 0o540
    static let keyBegin: Int32 = 0o542, keyFind: Int32 = 0o552, keySelect: Int32 = 0o601
    static let keyShiftDelete: Int32 = 0o577, keyShiftEnd: Int32 = 0o602, keyShiftHome: Int32 = 0o607, keyShiftInsert: Int32 = 0o610
    static let keyShiftLeft: Int32 = 0o611, keyShiftNext: Int32 = 0o614, keyShiftPrevious: Int32 = 0o616, keyShiftRight: Int32 = 0o622
    static let keyMax: Int32 = 0o777

    /// A decoded input: a key for the view model, a resize, or nothing useful.
    public enum Input: Equatable {
        case key(KeyPress)
        case resize, ignored
    }

    /// `isFunctionKey` is true when `wget_wch` answered KEY_CODE_YES. `name` is curses'
    /// `keyname` for codes above KEY_MAX: terminfo's extended keys (kHOM5 is Ctrl-Home),
    /// whose numbers differ from one terminal description to the next.
    public static func decode(_ code: Int32, isFunctionKey: Bool, name: String? = nil) -> Input {
        if isFunctionKey {
            switch code {
            case keyUp: return .key(.up)
            case keyDown: return .key(.down)
            case keyLeft, keyShiftLeft: return .key(.left)
            case keyRight, keyShiftRight: return .key(.right)
            case keyHome, keyA1, keyBegin, keyFind, keyShiftHome: return .key(.home)
            case keyEnd, keyC1, keyLowerLeft, keySelect, keyShiftEnd: return .key(.end)
            case keyNextPage, keyC3, keyShiftNext: return .key(.pageDown)
            case keyPrevPage, keyA3, keyShiftPrevious: return .key(.pageUp)
            case keyBackspace: return .key(.backspace)
            case keyDelete, keyShiftDelete: return .key(.delete)
            case keyInsert, keyShiftInsert: return .key(.insert)
            case keyEnter: return .key(.enter)
            case keyBackTab: return .key(.backTab)
            case keyResize: return .resize
            case (keyF0 + 1)...(keyF0 + 12): return .key(.function(Int(code - keyF0)))
            case (keyMax + 1)...: return name.map(extendedKey) ?? .ignored
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

    /// terminfo's extended key names with a modifier digit (kHOM5, kEND3, kUP5, kDC2…):
    /// the key without its modifier, so Ctrl-Home still goes home.
    static func extendedKey(_ name: String) -> Input {
        let base = String(name.prefix { !$0.isNumber })
        switch base {
        case "kHOM": return .key(.home)
        case "kEND": return .key(.end)
        case "kUP": return .key(.up)
        case "kDN": return .key(.down)
        case "kLFT": return .key(.left)
        case "kRIT": return .key(.right)
        case "kPRV": return .key(.pageUp)
        case "kNXT": return .key(.pageDown)
        case "kDC": return .key(.delete)
        case "kIC": return .key(.insert)
        default: return .ignored
        }
    }
}
