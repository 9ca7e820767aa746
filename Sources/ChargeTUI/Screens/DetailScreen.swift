import ChargeCore
import ChargeViewModels

/// A station: address, hours, connector table, and the start progress.
@MainActor
enum DetailScreen {
    static func draw(_ state: AppState, in a: Rect, on s: any Surface) {
        guard let d = state.detail else { return }
        let t = state.strings
        var row = a.top + 1
        s.put(row, 2, fit: (d.isFavourite ? "★ " : "") + d.title, a.width - 4, Style(bold: true))
        row += 1
        s.put(row, 2, fit: [d.addressLine, d.distanceLine].filter { !$0.isEmpty }.joined(separator: " · "), a.width - 4, Style(.muted))
        row += 1
        if drawOpening(d, strings: t, row: row, width: a.width, on: s) { row += 1 }
        row += 1
        let c = columns(for: a.width - 4, rows: d.rows, strings: t, measure: { TextWidth.of(s.shown($0)) })
        var heading =
            s.fitted(c.labelHeading, c.label) + " " + s.fitted(t.colStatus, c.status) + " " + s.fitted(t.colPlug, c.plug)
            + " " + s.fitted(t.power, c.power)
        if c.price > 0 { heading += " " + s.fitted(t.price, c.price) }
        s.put(row, 2, fit: heading, a.width - 4, Style(.muted, underline: true))
        row += 1
        let stepRows = d.start.isContractFormOpen ? 8 : d.start.steps.isEmpty ? 3 : d.start.steps.count + 2
        let visible = max(1, a.bottom - row - stepRows)
        let top = (d.selected / visible) * visible
        for i in 0..<visible {
            let index = top + i
            guard index < d.rows.count else { break }
            let sel = index == d.selected
            let base = sel ? Style.selected : Style.plain
            let role: Role =
                switch d.rows[index].availability {
                case .free: .available
                case .busy: .busy
                case .outOfOrder: .faulted
                }
            let r = d.rows[index]
            var col = 2
            s.put(row, col, fit: r.label, c.label, base)
            col += c.label + 1
            s.put(
                row,
                col,
                fit: Self.status(r, withAge: c.withAge),
                c.status,
                Style(role, bold: r.availability == .free, reverse: sel, underline: r.availability == .outOfOrder)
            )
            col += c.status + 1
            s.put(row, col, fit: r.plug, c.plug, base)
            col += c.plug + 1
            s.put(row, col, fit: r.power, c.power, base)
            col += c.power + 1
            if c.price > 0 { s.put(row, col, fit: r.price, c.price, base) }
            row += 1
        }
        row = max(row + 1, a.bottom - stepRows)
        switch d.start.phase {
        case .idle:
            if let notice = d.start.notice { s.put(row, 2, fit: notice, a.width - 4, Style(.available, bold: true)) }
        case .checkingCards: s.put(row, 2, fit: t.checkingCards, a.width - 4, Style(.muted))
        case .confirming(let c): ConfirmStartView.draw(c, strings: t, in: a, on: s)
        case .noContract:
            s.put(row, 2, fit: t.noContract, a.width - 4, Style(.error, bold: true))
            s.put(row + 1, 2, fit: t.offerContract, a.width - 4)
        case .creatingContract: s.put(row, 2, fit: t.creatingContract, a.width - 4, Style(.muted))
        case .contractForm(let form):
            ContractFormView.draw(form, strings: t, top: row, width: a.width, bottom: a.bottom, on: s)
        case .starting(let steps), .failed(_, let steps):
            for step in steps where row < a.bottom {
                let (mark, style): (String, Style) =
                    switch step.phase {
                    case .done: (s.asciiOnly ? "[x]" : "✔", Style(.available))
                    case .active: (s.asciiOnly ? "[>]" : "▸", Style(.accent, bold: true))
                    case .pending: (s.asciiOnly ? "[ ]" : "·", Style(.muted))
                    case .failed: (s.asciiOnly ? "[!]" : "✘", Style(.error, bold: true))
                    }
                s.put(row, 2, fit: "\(mark) \(step.label)", a.width - 4, style)
                row += 1
            }
            if case .failed(let why, _) = d.start.phase, row < a.bottom {
                s.put(row, 2, fit: "\(t.startFailed): \(why)", a.width - 4, Style(.error, bold: true))
            }
        }
    }
}

extension DetailScreen {
    /// The opening line: "Open now · closes 21:00" (or closed, or 24/7) in colour, then the
    /// hours as sent, muted; with an unknown status only the hours as sent. False when there
    /// is nothing to say (no hours): the line is not drawn.
    static func drawOpening(_ d: StationDetailState, strings t: Strings, row: Int, width: Int, on s: any Surface) -> Bool {
        let raw = d.hoursLine.isEmpty || d.opening == .alwaysOpen ? "" : "\(t.hoursLabel): \(d.hoursLine)"
        guard !d.openingLine.isEmpty || !raw.isEmpty else { return false }
        var col = 2
        if !d.openingLine.isEmpty {
            let role: Role = d.opening.isClosed ? .busy : .available
            s.put(row, col, fit: d.openingLine, width - 4, Style(role, bold: true))
            col += TextWidth.of(s.shown(d.openingLine))
        }
        let rest = d.openingLine.isEmpty ? raw : raw.isEmpty ? "" : " · " + raw
        if !rest.isEmpty, col < width - 2 { s.put(row, col, fit: rest, width - 2 - col, Style(.muted)) }
        return true
    }

    /// Widths of the connector table, from its content and headings.
    struct Columns: Equatable {
        var label = 0, status = 0, plug = 0, power = 0, price = 0
        var withAge = false
        var labelHeading = ""
    }

    static func status(_ r: ConnectorRow, withAge: Bool) -> String {
        withAge && !r.statusAge.isEmpty ? "\(r.status) (\(r.statusAge))" : r.status
    }

    /// Every column as wide as its widest cell (or heading); the status loses its age first
    /// and is cut last but one; the price is cut only when nothing else is left to give.
    /// `measure`: a text's width as the surface draws it (ASCII mode spells "€" as "EUR").
    static func columns(
        for width: Int,
        rows: [ConnectorRow],
        strings t: Strings,
        measure: (String) -> Int = { TextWidth.of($0) }
    ) -> Columns {
        func widest(_ heading: String, _ cell: (ConnectorRow) -> String) -> Int {
            rows.reduce(measure(heading)) { max($0, measure(cell($1))) }
        }
        var c = Columns()
        let labels = rows.reduce(1) { max($0, measure($1.label)) }
        // One-digit labels get a one-cell heading rather than a 10-cell column.
        c.labelHeading = labels >= measure(t.connectors) - 4 ? t.connectors : "#"
        c.label = max(labels, measure(c.labelHeading))
        c.plug = widest(t.colPlug) { $0.plug }
        c.power = widest(t.power) { $0.power }
        c.price = widest(t.price) { $0.price }
        let fixed = c.label + c.plug + c.power + 4
        let withAge = widest(t.colStatus) { status($0, withAge: true) }
        let without = widest(t.colStatus) { $0.status }
        if fixed + withAge + c.price <= width {
            c.status = withAge
            c.withAge = true
        } else {
            c.status = max(measure(t.colStatus), min(without, width - fixed - c.price))
            c.price = max(0, min(c.price, width - fixed - c.status))
            if c.price < measure(t.price) { c.price = 0 }
        }
        return c
    }
}

/// The contract form under the connector table.
@MainActor
enum ContractFormView {
    static func draw(_ f: ContractForm, strings t: Strings, top: Int, width: Int, bottom: Int, on s: any Surface) {
        var row = top
        let labelW = max(TextWidth.of(t.holderLabel), TextWidth.of(t.paymentLabel)) + 2
        func line(_ label: String, _ value: String, focused: Bool, choice: Bool) {
            guard row < bottom else { return }
            s.put(row, 2, fit: label, labelW, Style(bold: focused))
            let shown = s.asciiOnly ? "< \(value) >" : "◂ \(value) ▸"
            s.put(row, 2 + labelW, fit: shown, max(4, width - 4 - labelW), focused ? .selected : .plain)
            row += 1
        }
        func input(_ label: String, _ field: TextField, focused: Bool) {
            guard row < bottom else { return }
            s.put(row, 2, fit: label, labelW, Style(bold: focused))
            FieldView.draw(
                field,
                row: row,
                column: 2 + labelW,
                width: max(4, width - 4 - labelW),
                focused: focused,
                style: Style(underline: true),
                on: s
            )
            row += 1
        }
        s.put(row, 2, fit: t.contractTitle, width - 4, Style(.title, bold: true))
        row += 1
        line(t.rateLabel, f.rates.indices.contains(f.rate) ? f.rates[f.rate].name : "", focused: f.focus == .rate, choice: true)
        line(
            t.paymentLabel,
            f.methods.indices.contains(f.method) ? t.paymentName(f.methods[f.method]) : "",
            focused: f.focus == .method,
            choice: true
        )
        if f.needsBankAccount {
            input(t.ibanLabel, f.iban, focused: f.focus == .iban)
            input(t.holderLabel, f.holder, focused: f.focus == .holder)
        }
        if let error = f.error, row < bottom {
            s.put(row, 2, fit: error, width - 4, Style(.error, bold: true))
            row += 1
        }
        if row < bottom { s.put(row, 2, fit: t.contractFormHint, width - 4, Style(.muted)) }
    }
}
