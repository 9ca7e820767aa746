/// Something screens draw on: the terminal, or an in-memory grid for tests.
@MainActor
public protocol Surface: AnyObject {
    var rows: Int { get }
    var columns: Int { get }
    /// Whether to use ASCII instead of line-drawing and block characters; all text is
    /// then transliterated (`Transliteration.ascii`) before it is measured and drawn.
    var asciiOnly: Bool { get }
    /// Clears the whole surface (start of a frame).
    func clear()
    /// Draws `text` at (row, column); text past the right edge is cut.
    func put(_ row: Int, _ column: Int, _ text: String, _ style: Style)
}

extension Surface {
    /// A box outline (line-drawing characters, or ASCII).
    public func box(_ top: Int, _ left: Int, _ height: Int, _ width: Int, _ style: Style) {
        guard height >= 2, width >= 2 else { return }
        let (h, v, tl, tr, bl, br) = asciiOnly ? ("-", "|", "+", "+", "+", "+") : ("─", "│", "┌", "┐", "└", "┘")
        put(top, left, tl + String(repeating: h, count: width - 2) + tr, style)
        for r in (top + 1)..<(top + height - 1) {
            put(r, left, v, style)
            put(r, left + width - 1, v, style)
        }
        put(top + height - 1, left, bl + String(repeating: h, count: width - 2) + br, style)
    }

    /// The ellipsis for truncated text.
    public var ellipsis: String { asciiOnly ? "..." : "…" }

    /// Draws `text` fitted (truncated and padded) to `width` cells.
    public func put(_ row: Int, _ column: Int, fit text: String, _ width: Int, _ style: Style = .plain, alignRight: Bool = false) {
        guard width > 0 else { return }
        // Transliterate before measuring: "ß" is one cell, "ss" two.
        put(row, column, TextWidth.fit(shown(text), width, alignRight: alignRight, ellipsis: ellipsis), style)
    }

    /// `text` as this surface shows it: in ASCII mode the app's symbols replaced and letters
    /// spelled out ("€" → "EUR", "ß" → "ss"), so widths are measured as drawn.
    public func shown(_ text: String) -> String {
        asciiOnly ? Transliteration.ascii(AsciiFallback.apply(text)) : text
    }

    /// `text` fitted to `width` cells as this surface shows it (transliterated first in
    /// ASCII mode), for a row joined from several columns before it is drawn.
    public func fitted(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        TextWidth.fit(shown(text), width, alignRight: alignRight, ellipsis: ellipsis)
    }

    /// Fills a rectangle with spaces (for overlays).
    public func fill(_ top: Int, _ left: Int, _ height: Int, _ width: Int, _ style: Style = .plain) {
        guard width > 0, height > 0 else { return }
        let blank = String(repeating: " ", count: width)
        for r in top..<(top + height) { put(r, left, blank, style) }
    }
}
