import ChargeCore
import ChargeViewModels

/// The station list: header with position, radius and filters; columns; the selected row.
@MainActor
enum StationListScreen {
    struct Columns: Equatable {
        var dist = 9, free = 6, power = 7, plugs = 18
        var name = 0
    }

    /// Before the name of a station its opening hours say is closed now (ASCII: "x").
    static let closedMark = "⊘"

    /// The narrowest the name column may get before less important columns are dropped.
    static let minimumName = 16
    /// The plug list gets at most this much (a station with every plug type is rare).
    static let maximumPlugs = 40

    /// Column widths from what the rows hold (and their headings), so nothing is cut
    /// while cells stand blank: the name takes what is left; when it would get too narrow
    /// the plug list goes first, then the power.
    static func columns(for width: Int, rows: some Collection<StationRow>, strings t: Strings, ascii: Bool) -> Columns {
        var c = Columns(
            dist: TextWidth.of(t.colDistance),
            free: TextWidth.of(t.colFree),
            power: TextWidth.of(t.colPower),
            plugs: TextWidth.of(t.colPlugs)
        )
        // One pass over the rows (a thousand of them each frame).
        for r in rows {
            c.dist = max(c.dist, TextWidth.of(r.distance))
            c.free = max(c.free, TextWidth.of(r.free))
            c.power = max(c.power, TextWidth.of(r.maxPower))
            c.plugs = max(c.plugs, TextWidth.of(ascii ? AsciiFallback.apply(r.plugs) : r.plugs))
        }
        c.plugs = min(maximumPlugs, c.plugs)
        func name() -> Int { width - 2 - c.dist - 2 - 1 - c.free - (c.power > 0 ? c.power + 1 : 0) - (c.plugs > 0 ? c.plugs + 2 : 0) - 1 }
        if name() < minimumName { c.plugs = 0 }
        if name() < minimumName { c.power = 0 }
        c.name = max(1, name())
        return c
    }

    static func draw(_ state: AppState, in a: Rect, on s: any Surface) {
        let st = state.stations
        let t = state.strings
        var row = a.top
        switch st.editing {
        case .search(let f): prompt(t.searchPrompt, f, row: row, width: a.width, on: s)
        case .position(let f): prompt(t.positionPrompt, f, row: row, width: a.width, on: s)
        case nil: s.put(row, 1, fit: st.header, a.width - 2, Style(.muted))
        }
        row += 1
        s.put(row, 1, fit: st.loading && st.entries.isEmpty ? t.loading : st.countLine, a.width - 2, Style(bold: true))
        // Where the selection is in the whole result ("37/600"): End and Home show it.
        if !st.entries.isEmpty, st.totalCount > 0 {
            let position = "\(st.selected + 1)/\(st.totalCount)"
            let w = TextWidth.of(position)
            if TextWidth.of(st.countLine) + w + 4 <= a.width { s.put(row, a.width - 1 - w, position, Style(.muted)) }
        }
        row += 1
        let rows = st.rows
        let c = columns(for: a.width, rows: rows.unmarked, strings: t, ascii: s.asciiOnly)
        var heading =
            TextWidth.fit(t.colDistance, c.dist, alignRight: true) + "  " + TextWidth.fit(t.colName, c.name) + " "
            + TextWidth.fit(t.colFree, c.free, alignRight: true)
        if c.power > 0 { heading += " " + TextWidth.fit(t.colPower, c.power, alignRight: true) }
        if c.plugs > 0 { heading += "  " + TextWidth.fit(t.colPlugs, c.plugs) }
        s.put(row, 1, fit: heading, a.width - 2, Style(.muted, underline: true))
        row += 1
        let visible = max(1, a.bottom - row)
        if rows.isEmpty {
            if let error = st.error {
                s.put(row + 1, 2, fit: error, a.width - 4, Style(.error, bold: true))
            } else if let empty = st.emptyText {
                s.put(row + 1, 2, fit: empty, a.width - 4, Style(.muted))
            }
            return
        }
        // Page-wise scrolling: the list moves a page at a time, which redraws less than
        // scrolling by one row (fewer bytes over SSH).
        let top = (st.selected / visible) * visible
        for i in 0..<visible {
            let index = top + i
            guard index < rows.count else {
                // The screen reaches past the rows loaded: say the rest is on its way.
                if st.loading && st.hasMore { s.put(row + i, 2, fit: t.loading, a.width - 4, Style(.muted)) }
                break
            }
            drawRow(rows[index], selected: index == st.selected, row: row + i, columns: c, width: a.width, on: s)
        }
    }

    /// The search or position line: its prompt, then the field with its cursor.
    static func prompt(_ label: String, _ field: TextField, row: Int, width: Int, on s: any Surface) {
        let style = Style(.accent, bold: true)
        s.put(row, 1, fit: label, width - 2, style)
        let left = 1 + TextWidth.of(label) + 1
        FieldView.draw(field, row: row, column: left, width: width - 1 - left, focused: true, style: style, on: s)
    }

    static func drawRow(_ r: StationRow, selected: Bool, row: Int, columns c: Columns, width: Int, on s: any Surface) {
        let base = selected ? Style.selected : Style.plain
        var col = 1
        s.put(row, col, fit: r.distance, c.dist, base, alignRight: true)
        col += c.dist + 2
        let mark = (r.isFavourite ? "★ " : r.isRecent ? "↺ " : "") + (r.isRoaming ? "⇄ " : "") + (r.isClosedNow ? closedMark + " " : "")
        let markText =
            s.asciiOnly
            ? mark.replacingOccurrences(of: "★", with: "*").replacingOccurrences(of: "↺", with: "+").replacingOccurrences(
                of: "⇄",
                with: "~"
            ).replacingOccurrences(of: closedMark, with: "x") : mark
        // A station closed now: marked, and its name muted (readable without the glyph).
        s.put(row, col, fit: markText + r.name, c.name, r.isClosedNow && !selected ? Style(.muted) : base)
        col += c.name + 1
        let role: Role =
            switch r.availability {
            case .free: .available
            case .busy: .busy
            case .outOfOrder: .faulted
            }
        s.put(
            row,
            col,
            fit: r.free,
            c.free,
            Style(role, bold: r.availability == .free, reverse: selected, underline: r.availability == .outOfOrder),
            alignRight: true
        )
        col += c.free + 1
        if c.power > 0 {
            s.put(row, col, fit: r.maxPower, c.power, base, alignRight: true)
            col += c.power + 2
        }
        if c.plugs > 0 { s.put(row, col, fit: r.plugs, c.plugs, base) }
    }
}
