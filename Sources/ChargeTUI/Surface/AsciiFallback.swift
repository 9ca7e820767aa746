/// The ASCII stand-ins for the symbols the app itself draws (dashes, dots, marks, arrows,
/// the field cursor), applied by every surface in ASCII mode, so `TERM=vt100` and
/// non-UTF-8 locales get plain ASCII wherever a screen or a string table used a symbol.
/// Letters are left alone: transliterating text is a separate concern.
public enum AsciiFallback {
    static let map: [Character: String] = [
        "—": "-", "–": "-", "‒": "-", "−": "-", "·": "-", "•": "*", "▏": "|", "★": "*", "☆": "*", "↺": "+", "⇄": "~", "⊘": "x", "●": "*",
        "◂": "<", "▸": ">", "✔": "x", "✘": "!", "≥": ">=", "≤": "<=", "↑": "^", "↓": "v", "←": "<", "→": ">", "⌫": "BS",
        "…": "...", "“": "\"", "”": "\"", "„": "\"", "‘": "'", "’": "'", "\u{00A0}": " ", "\u{202F}": " ", "×": "x", "€": "EUR",
    ]

    /// `text` with every known symbol replaced; unchanged (and not copied) when it is ASCII.
    public static func apply(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            if let r = map[c] { out += r } else { out.append(c) }
        }
        return out
    }
}
