import ChargeCore
import ChargeViewModels

/// The station list: header with position, radius and filters; columns; the selected row.
@MainActor
enum StationListScreen {
    struct Columns { var dist = 9, free = 6, power = 7, plugs = 18; var name = 0 }

    static func columns(for width: Int) -> Columns {
        var c = Columns()
        if width < 70 { c.plugs = 0 }
        if width < 50 { c.power = 0 }
        if width >= 110 { c.plugs = 26 }
        c.name = width - 2 - c.dist - c.free - c.power - c.plugs - (c.power > 0 ? 1 : 0) - (c.plugs > 0 ? 2 : 0) - 3
        return c
    }

    static func draw(_ state: AppState, in a: Rect, on s: any Surface) {
        let st = state.stations
        let t = state.strings
        var row = a.top
        switch st.editing {
        case .search(let f): s.put(row, 1, fit: "\(t.searchPrompt) \(f.text)▏", a.width - 2, Style(.accent, bold: true))
        case .position(let f): s.put(row, 1, fit: "\(t.positionPrompt) \(f.text)▏", a.width - 2, Style(.accent, bold: true))
        case nil: s.put(row, 1, fit: st.header, a.width - 2, Style(.muted))
        }
        row += 1
        s.put(row, 1, fit: st.loading && st.rows.isEmpty ? t.loading : st.countLine, a.width - 2, Style(bold: true))
        row += 1
        let c = columns(for: a.width)
        var heading = TextWidth.fit(t.colDistance, c.dist, alignRight: true) + "  " + TextWidth.fit(t.colName, c.name) + " " + TextWidth.fit(t.colFree, c.free, alignRight: true)
        if c.power > 0 { heading += " " + TextWidth.fit(t.colPower, c.power, alignRight: true) }
        if c.plugs > 0 { heading += "  " + TextWidth.fit(t.colPlugs, c.plugs) }
        s.put(row, 1, fit: heading, a.width - 2, Style(.muted, underline: true))
        row += 1
        let visible = max(1, a.bottom - row)
        if st.rows.isEmpty {
            if let error = st.error { s.put(row + 1, 2, fit: error, a.width - 4, Style(.error, bold: true)) }
            else if let empty = st.emptyText { s.put(row + 1, 2, fit: empty, a.width - 4, Style(.muted)) }
            return
        }
        // Page-wise scrolling: the list moves a page at a time, which redraws less than
        // scrolling by one row (fewer bytes over SSH).
        let top = (st.selected / visible) * visible
        for i in 0..<visible {
            let index = top + i
            guard index < st.rows.count else { break }
            drawRow(st.rows[index], selected: index == st.selected, row: row + i, columns: c, width: a.width, on: s)
        }
    }

    static func drawRow(_ r: StationRow, selected: Bool, row: Int, columns c: Columns, width: Int, on s: any Surface) {
        let base = selected ? Style.selected : Style.plain
        var col = 1
        s.put(row, col, fit: r.distance, c.dist, base, alignRight: true); col += c.dist + 2
        let mark = (r.isFavourite ? "★ " : r.isRecent ? "↺ " : "") + (r.isRoaming ? "⇄ " : "")
        let markText = s.asciiOnly ? mark.replacingOccurrences(of: "★", with: "*").replacingOccurrences(of: "↺", with: "+").replacingOccurrences(of: "⇄", with: "~") : mark
        s.put(row, col, fit: markText + r.name, c.name, base); col += c.name + 1
        let role: Role = switch r.availability { case .free: .available; case .busy: .busy; case .outOfOrder: .faulted }
        s.put(row, col, fit: r.free, c.free, Style(role, bold: r.availability == .free, reverse: selected, underline: r.availability == .outOfOrder), alignRight: true)
        col += c.free + 1
        if c.power > 0 { s.put(row, col, fit: r.maxPower, c.power, base, alignRight: true); col += c.power + 2 }
        if c.plugs > 0 { s.put(row, col, fit: r.plugs, c.plugs, base) }
    }
}
