import ChargeViewModels

/// Reassembles escape sequences that curses passed through byte by byte because the
/// terminal description does not list them (tmux's `ESC[1~` Home under TERM=xterm, rxvt's
/// `ESC[7~`, `ESC OH` outside keypad mode…). Without this, their ESC was taken as the Esc
/// key: Home on the sign-in form quit the app.
///
/// A value fed with what `wget_wch` returns, in order. A lone ESC is the Esc key only when
/// nothing follows it in the same read (`endOfInput`): curses has already waited ESCDELAY
/// for the rest of a sequence. A sequence this decoder does not know is dropped whole,
/// never taken as Esc plus typed characters.
public struct KeyStream: Sendable, Equatable {
    enum Pending: Sendable, Equatable {
        case none
        /// ESC was read; what follows decides.
        case escape
        /// ESC [ and the parameter/intermediate bytes so far.
        case csi(String)
        /// ESC O and its parameter bytes so far (some terminals put modifiers there).
        case ss3(String)
    }

    var pending: Pending = .none
    /// Longest parameter string kept; anything longer is garbage (or an attack on the
    /// parser) and is dropped when its final byte arrives.
    static let maxParameters = 32

    public init() {}

    /// True while a sequence is half read (it is dropped by `expire()` if never finished).
    public var isPending: Bool { pending != .none }

    /// Feeds one code from `wget_wch`; returns what it completes (often nothing).
    public mutating func feed(_ code: Int32, isFunctionKey: Bool, name: String? = nil) -> [KeyDecoder.Input] {
        if isFunctionKey {
            // A key curses decoded itself ends whatever was pending: a lone ESC was the
            // Esc key; a broken sequence is dropped.
            let before: [KeyDecoder.Input] = pending == .escape ? [.key(.escape)] : []
            pending = .none
            return before + [KeyDecoder.decode(code, isFunctionKey: true, name: name)]
        }
        switch pending {
        case .none:
            if code == 27 {
                pending = .escape
                return []
            }
            return [KeyDecoder.decode(code, isFunctionKey: false)]
        case .escape:
            switch code {
            case 0x5B:
                pending = .csi("")
                return []  // [
            case 0x4F:
                pending = .ss3("")
                return []  // O
            case 27: return [.key(.escape)]  // Esc pressed twice: one Esc, the second waits
            default:
                // Alt+key, or Esc and then a key typed fast: keep the old meaning of both.
                pending = .none
                return [.key(.escape), KeyDecoder.decode(code, isFunctionKey: false)]
            }
        case .csi(let params):
            guard let byte = Self.byte(code) else { return abort(then: code) }
            switch byte {
            case 0x5B where params.isEmpty:  // Linux console F1-F5: ESC [ [ A…E
                pending = .csi("[")
                return []
            case 0x20...0x3F where !(byte == 0x24 && !params.isEmpty):
                pending = .csi(params + String(UnicodeScalar(byte)))
                return []
            case 0x24, 0x40...0x7E:  // `$` ends rxvt's shifted keys (ESC[7$)
                pending = .none
                guard params.count <= Self.maxParameters else { return [.ignored] }
                return [Self.csi(params, final: byte)]
            default:
                return abort(then: code)
            }
        case .ss3(let params):
            guard let byte = Self.byte(code) else { return abort(then: code) }
            switch byte {
            case 0x30...0x3B where params.count < Self.maxParameters:
                pending = .ss3(params + String(UnicodeScalar(byte)))
                return []
            case 0x40...0x7E:
                pending = .none
                return [Self.ss3(final: byte)]
            default:
                return abort(then: code)
            }
        }
    }

    /// The end of what could be read now: a lone ESC is the Esc key. A half-read sequence
    /// is kept (its rest may be in the next packet) until `expire()`.
    public mutating func endOfInput() -> [KeyDecoder.Input] {
        guard pending == .escape else { return [] }
        pending = .none
        return [.key(.escape)]
    }

    /// Nothing more came for a while: a half-read sequence is dropped, never typed.
    public mutating func expire() -> [KeyDecoder.Input] {
        let lone = pending == .escape
        pending = .none
        return lone ? [.key(.escape)] : []
    }

    /// Drops a broken sequence and decodes the code that broke it on its own.
    private mutating func abort(then code: Int32) -> [KeyDecoder.Input] {
        pending = .none
        if code == 27 {
            pending = .escape
            return [.ignored]
        }
        return [.ignored, KeyDecoder.decode(code, isFunctionKey: false)]
    }

    private static func byte(_ code: Int32) -> UInt8? { (0x20...0x7E).contains(code) ? UInt8(code) : nil }

    /// `ESC [ params final`: xterm's cursor keys (with modifiers as `1;5H`), the vt220
    /// editing keys as `N~` (rxvt also `N$` and `N^`), function keys.
    static func csi(_ params: String, final: UInt8) -> KeyDecoder.Input {
        if params.hasPrefix("[") {  // Linux console
            switch final {
            case 0x41...0x45: return .key(.function(Int(final) - 0x40))
            default: return .ignored
            }
        }
        // Private or intermediate bytes (mouse reports, focus events, answers to queries)
        // are not keys.
        guard params.allSatisfy({ $0.isNumber || $0 == ";" }) else { return .ignored }
        let first = params.split(separator: ";", omittingEmptySubsequences: false).first.flatMap { Int($0) }
        switch final {
        case 0x41: return .key(.up)  // A
        case 0x42: return .key(.down)
        case 0x43: return .key(.right)
        case 0x44: return .key(.left)
        case 0x48: return .key(.home)  // H
        case 0x46: return .key(.end)  // F
        case 0x5A: return .key(.backTab)  // Z
        case 0x50...0x53: return .key(.function(Int(final) - 0x4F))  // P Q R S: F1-F4 with modifiers
        case 0x7E, 0x24, 0x5E, 0x40:  // ~ $ ^ @
            guard let n = first else { return .ignored }
            return tilde(n)
        default: return .ignored
        }
    }

    /// The vt220/rxvt numbered keys.
    static func tilde(_ n: Int) -> KeyDecoder.Input {
        switch n {
        case 1, 7: return .key(.home)
        case 2: return .key(.insert)
        case 3: return .key(.delete)
        case 4, 8: return .key(.end)
        case 5: return .key(.pageUp)
        case 6: return .key(.pageDown)
        case 11...15: return .key(.function(n - 10))
        case 17...21: return .key(.function(n - 11))
        case 23, 24: return .key(.function(n - 12))
        default: return .ignored  // 200/201 (bracketed paste marks) and the rest
        }
    }

    /// `ESC O final`: cursor and keypad keys in application mode.
    static func ss3(final: UInt8) -> KeyDecoder.Input {
        switch final {
        case 0x41: return .key(.up)
        case 0x42: return .key(.down)
        case 0x43: return .key(.right)
        case 0x44: return .key(.left)
        case 0x48: return .key(.home)
        case 0x46: return .key(.end)
        case 0x50...0x53: return .key(.function(Int(final) - 0x4F))
        case 0x4D: return .key(.enter)  // keypad Enter
        case 0x6A...0x79:  // keypad * + , - . / 0-9
            return .key(.char(Character(UnicodeScalar(final - 0x6A + 0x2A))))
        case 0x58: return .key(.char("="))
        default: return .ignored
        }
    }
}
