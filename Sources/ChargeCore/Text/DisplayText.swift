/// Makes text from a server safe to show in a terminal. Every string the API sends that a
/// person may read (station names, addresses, connector labels, rate names, messages, error
/// messages) passes through `DisplayText.safe` when the core turns an answer into a model,
/// so no view model, screen or log line ever holds a raw control character.
///
/// Why each rule:
/// - C0/C1 controls and DEL: ncurses interprets `\n`, `\r`, `\t`, `\b` (a row loses its
///   columns or overwrites the next) and draws others as `^[` (two cells it measured as
///   zero). Line-like ones (TAB, LF, VT, FF, CR, NEL, U+2028/2029) become a space, the rest
///   the visible `placeholder`.
/// - Bidi embedding, override and isolate controls (U+202A–202E, U+2066–2069) and the
///   marks U+200E/200F/061C pass through ncurses and tmux and can reorder what a person
///   reads: they become a space.
/// - Other invisible characters (format characters and every Default_Ignorable code point:
///   zero-width space and joiners, word joiner, BOM, soft hyphen, tag characters, variation
///   selectors, Hangul fillers) are removed: terminals disagree on whether they take a cell,
///   so measured and drawn widths could differ.
/// - A combining mark with nothing to combine with (at the start, after a space or a
///   replaced control) gets U+25CC ◌ as its base, and at most `maxMarks` marks stay on one
///   base (a curses cell holds only a few): neither can shift the columns after it.
/// - Unassigned code points become the placeholder (`wcwidth` has no width for them).
public enum DisplayText {
    /// Shown in place of a control character: visible, one cell wide.
    public static let placeholder: Unicode.Scalar = "\u{FFFD}"
    /// The base given to a combining mark that has none.
    public static let markBase: Unicode.Scalar = "\u{25CC}"
    /// Combining marks kept on one base character.
    public static let maxMarks = 4

    /// `text` with every character that could break a terminal row made harmless.
    /// Runs of spaces made from controls collapse to one; leading and trailing ones go.
    public static func safe(_ text: String) -> String {
        // Fast path: printable ASCII only (almost every real string).
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var out = String.UnicodeScalarView()
        var marks = 0
        var hasBase = false
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            switch kind(of: scalar) {
            case .space:
                pendingSpace = true
                hasBase = false
                continue
            case .drop:
                continue
            case .control:
                flushSpace(&out, &pendingSpace)
                out.append(placeholder)
                hasBase = false
                marks = 0
            case .mark:
                flushSpace(&out, &pendingSpace)
                if !hasBase {
                    out.append(markBase)
                    hasBase = true
                    marks = 0
                }
                guard marks < maxMarks else { continue }
                out.append(scalar)
                marks += 1
            case .keep:
                if scalar == " " && pendingSpace {
                    // A space next to a replaced control: one space, not two.
                    pendingSpace = false
                    if let last = out.last, last != " " { out.append(" ") }
                    hasBase = false
                    continue
                }
                flushSpace(&out, &pendingSpace)
                out.append(scalar)
                hasBase = scalar != " "
                marks = 0
            }
        }
        return String(out)
    }

    /// `text` if present, made safe.
    public static func safe(_ text: String?) -> String? { text.map { safe($0) } }

    private static func flushSpace(_ out: inout String.UnicodeScalarView, _ pending: inout Bool) {
        guard pending else { return }
        pending = false
        if let last = out.last, last != " " { out.append(" ") }
    }

    enum Kind { case keep, space, control, drop, mark }

    /// What to do with one scalar.
    static func kind(of scalar: Unicode.Scalar) -> Kind {
        let v = scalar.value
        switch v {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return .space
        case 0x00..<0x20, 0x7F...0x9F: return .control
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return .space
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF: return .drop  // variation selectors
        default: break
        }
        if v < 0x7F { return .keep }
        // Invisible by definition (fillers, joiners, selectors); terminals disagree on their width.
        if scalar.properties.isDefaultIgnorableCodePoint { return .drop }
        switch scalar.properties.generalCategory {
        case .format: return .drop
        case .nonspacingMark, .enclosingMark: return .mark
        case .unassigned, .surrogate: return .control
        case .lineSeparator, .paragraphSeparator, .spaceSeparator: return .space
        default: return .keep
        }
    }
}
