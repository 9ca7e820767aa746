import ChargeViewModels

/// A one-line text field: the visible window of its value, the cursor drawn at the
/// insertion point (a reverse-video cell, which is ASCII-safe), and "n/max" once the value
/// nears its limit, so a cut-off paste or a full field is never silent.
@MainActor
enum FieldView {
    /// What fits in `width` cells: the value scrolled so the cursor is visible (the start
    /// whenever the cursor is near it), and the cursor's column within the window.
    struct Window: Equatable {
        var text: String
        var cursorColumn: Int
        /// The character under the cursor ("" at the end of the value).
        var underCursor: String
    }

    static func window(_ display: String, cursor: Int, width: Int) -> Window {
        let chars = Array(display)
        let cursor = min(max(0, cursor), chars.count)
        guard width > 0 else { return Window(text: "", cursorColumn: 0, underCursor: "") }
        let cursorCell = cursor < chars.count ? TextWidth.of(chars[cursor]) : 1
        // Scroll right only as far as needed to keep the cursor cell inside the window.
        var start = 0
        var before = chars[0..<cursor].reduce(0) { $0 + TextWidth.of($1) }
        while start < cursor && before + cursorCell > width {
            before -= TextWidth.of(chars[start])
            start += 1
        }
        var text = ""
        var used = 0
        for c in chars[start...] {
            let w = TextWidth.of(c)
            if used + w > width { break }
            text.append(c)
            used += w
        }
        return Window(text: text, cursorColumn: before, underCursor: cursor < chars.count ? String(chars[cursor]) : "")
    }

    /// "57/60" once the value is within a tenth (at least 3 characters) of its limit.
    static func counter(_ field: TextField) -> String? {
        let count = field.text.count
        guard field.maxLength > 0, count >= field.maxLength - max(3, field.maxLength / 10) else { return nil }
        return "\(count)/\(field.maxLength)"
    }

    /// Draws `field` at (row, column) in `width` cells. Unfocused fields show no cursor.
    static func draw(_ field: TextField, row: Int, column: Int, width: Int, focused: Bool, style: Style, on s: any Surface) {
        guard width > 0 else { return }
        s.put(row, column, fit: "", width, style)
        var room = width
        if focused, let counter = counter(field), TextWidth.of(counter) + 6 <= width {
            let w = TextWidth.of(counter)
            let full = field.text.count >= field.maxLength
            s.put(row, column + width - w, counter, full ? Style(.error, bold: true) : Style(.muted))
            room = width - w - 1
        }
        let win = window(field.display, cursor: field.cursor, width: room)
        s.put(row, column, win.text, style)
        guard focused else { return }
        var cursorStyle = style
        cursorStyle.reverse.toggle()
        s.put(row, column + win.cursorColumn, win.underCursor.isEmpty ? " " : win.underCursor, cursorStyle)
    }
}
