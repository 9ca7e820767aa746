import CNCursesW
import Foundation

/// Display width of text in terminal cells: combining marks take 0, East Asian wide and
/// emoji take 2, everything else 1. Uses the C library's `wcwidth` when the locale knows
/// the character, and Unicode properties otherwise, so results do not depend on the locale.
public enum TextWidth {
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        if let fixed = fixedWidth(scalar) { return fixed }
        // In a UTF-8 locale this is the very table ncursesw draws with.
        let w = Int(cnc_wcwidth(wchar_t(bitPattern: v)))
        if w >= 0 { return w }
        return isWide(v) ? 2 : 1
    }

    /// The width without the C library (a non-UTF-8 locale, or a character it does not
    /// know): Unicode properties and the East Asian Wide/Fullwidth and emoji ranges.
    /// Tested against Python's `wcwidth` (Tests/fixtures/wcwidth).
    static func fallback(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? 0 : 1 }
        return fixedWidth(scalar) ?? (isWide(v) ? 2 : 1)
    }

    /// Widths that do not depend on the locale: controls, marks, format characters, Hangul
    /// medial and final jamo take no cell.
    private static func fixedWidth(_ scalar: Unicode.Scalar) -> Int? {
        let v = scalar.value
        if (0x7F..<0xA0).contains(v) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0x1160...0x11FF).contains(v) { return 0 }
        return nil
    }

    /// East Asian Wide and Fullwidth (Unicode 15), and the emoji shown two cells wide.
    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        var lo = 0
        var hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// Width of one user-perceived character (a grapheme cluster), as curses draws it:
    /// each scalar takes its own cells (a zero-width one joins the cell before), so the
    /// width is the sum. Emoji sequences joined by U+200D would take one cell pair per
    /// part on the terminal too; server text has its joiners removed (`DisplayText`).
    public static func of(_ c: Character) -> Int {
        var width = 0
        for s in c.unicodeScalars { width += of(s) }
        return width
    }

    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    /// The longest prefix that fits `width` cells; adds an ellipsis when something was cut.
    /// Never splits a wide character.
    public static func truncate(_ s: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        let ellipsisWidth = of(ellipsis)
        guard width > ellipsisWidth else { return String(repeating: ".", count: width) }
        var out = ""
        var used = 0
        for c in s {
            let w = of(c)
            if used + w > width - ellipsisWidth { break }
            out.append(c)
            used += w
        }
        return out + ellipsis
    }

    /// `s` truncated and padded with spaces to exactly `width` cells.
    public static func fit(_ s: String, _ width: Int, alignRight: Bool = false, ellipsis: String = "…") -> String {
        let t = truncate(s, to: width, ellipsis: ellipsis)
        let pad = String(repeating: " ", count: max(0, width - of(t)))
        return alignRight ? pad + t : t + pad
    }
}
