import Foundation
import CNCursesW

/// Display width of text in terminal cells: combining marks take 0, East Asian wide and
/// emoji take 2, everything else 1. Uses the C library's `wcwidth` when the locale knows
/// the character, and Unicode properties otherwise, so results do not depend on the locale.
public enum TextWidth {
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x7F { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0x1160...0x11FF).contains(v) { return 0 }
        let w = Int(cnc_wcwidth(wchar_t(bitPattern: v)))
        if w >= 0 { return w }
        return isWide(v) ? 2 : 1
    }

    static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v) ||
            (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v) ||
            (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) ||
            (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) ||
            (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// Width of one user-perceived character (a grapheme cluster).
    public static func of(_ c: Character) -> Int {
        var width = 0
        for s in c.unicodeScalars { width = max(width, of(s)) }
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
