import Foundation

/// Text for a terminal that cannot show UTF-8: every letter kept as its closest ASCII
/// spelling ("Sterneckstraße" → "Sterneckstrasse", "ÖAMTC" → "OeAMTC", "Café" → "Cafe"),
/// typographic punctuation as its plain form (“ ” → ", — → -), and anything with no
/// spelling (CJK, emoji) as one "?" per cell it would take, so a layout measured in ASCII
/// mode keeps the width it would have had. Why not strip: a name without its letters is a
/// different name.
public enum Transliteration {
    /// `text` in printable ASCII.
    public static func ascii(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            if ch.isASCII {
                out.append(ch)
                continue
            }
            if let s = special[ch] {
                out += s
                continue
            }
            // Canonical decomposition, then drop the marks: é → e, Å → A, ń → n.
            let base = String(ch).decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.isASCII }
            if !base.isEmpty {
                out.unicodeScalars.append(contentsOf: base)
                continue
            }
            if let first = ch.unicodeScalars.first, let s = specialScalar[first.value] {
                out += s
                continue
            }
            out += String(repeating: "?", count: max(1, TextWidth.of(ch)))
        }
        return out
    }

    /// Spellings decomposition does not give (German first: ä → ae, not a).
    static let special: [Character: String] = [
        "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS",
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "å": "a", "Å": "A",
        "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ł": "l", "Ł": "L", "ı": "i", "ħ": "h", "Ħ": "H",
        "“": "\"", "”": "\"", "„": "\"", "‟": "\"", "«": "<<", "»": ">>", "″": "\"",
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "‹": "<", "›": ">",
        "–": "-", "—": "-", "―": "-", "‐": "-", "‑": "-", "−": "-", "…": "...",
        "€": "EUR", "£": "GBP", "¥": "JPY", "°": "deg", "×": "x", "÷": "/", "·": ".", "•": "*", "±": "+/-",
        "½": "1/2", "¼": "1/4", "¾": "3/4", "²": "2", "³": "3", "µ": "u", "©": "(c)", "®": "(R)", "™": "(TM)",
        "\u{00A0}": " ", "\u{202F}": " ", "\u{2009}": " ", "\u{3000}": "  ",
        "↑": "^", "↓": "v", "←": "<", "→": ">", "⌫": "Bksp", "▏": "|", "★": "*", "☆": "*", "↺": "+", "⇄": "~", "⊘": "x",
        "●": "*", "○": "o", "✔": "[x]", "✘": "[!]", "▸": ">", "◂": "<", "≥": ">=", "≤": "<=",
        "\u{FFFD}": "?", "\u{25CC}": "",
    ]

    /// Fallbacks by code point for whole blocks (box drawing, blocks).
    static let specialScalar: [UInt32: String] = {
        var m: [UInt32: String] = [:]
        for v in UInt32(0x2500)...0x257F { m[v] = "+" }
        for v in UInt32(0x2500)...0x2501 { m[v] = "-" }
        for v in UInt32(0x2502)...0x2503 { m[v] = "|" }
        for v in UInt32(0x2580)...0x259F { m[v] = "#" }
        return m
    }()
}
