import ChargeViewModels

/// A receipt (after a stop, and from the history): where and when, the figures, and the
/// cost items in a table whose gross column ends at the total. Rows past the bottom are
/// reached with ↑↓ (`scroll`).
@MainActor
enum ReceiptView {
    /// One row of the receipt, drawn at a screen row.
    typealias Line = (_ row: Int, _ s: any Surface) -> Void

    static let moneyWidth = 12
    static let rateWidth = 6

    static func draw(_ r: Receipt, heading: String, note: String?, scroll: Int, _ t: Strings, in a: Rect, on s: any Surface) {
        let lines = self.lines(r, heading: heading, note: note, t, width: a.width)
        let first = min(max(0, scroll), max(0, lines.count - a.height))
        for (i, line) in lines.dropFirst(first).prefix(a.height).enumerated() { line(a.top + i, s) }
    }

    static func lines(_ r: Receipt, heading: String, note: String?, _ t: Strings, width: Int) -> [Line] {
        let inner = max(10, width - 4)
        var out: [Line] = []
        func text(_ value: String, _ style: Style = .plain) { out.append { row, s in s.put(row, 2, fit: value, inner, style) } }
        func wrapped(_ value: String, _ style: Style) { for part in Wrap.lines(value, width: inner) { text(part, style) } }

        out.append { row, s in
            s.put(row, 2, fit: heading, inner, Style(.title, bold: true))
        }
        text(r.title, Style(.accent, bold: true))
        text(r.address, Style(.muted))

        // The facts in two columns where both of a pair fit, else one per row.
        let labelWidth = max(r.facts.map { TextWidth.of($0.label) }.max() ?? 8, 8) + 1
        let half = inner / 2
        var i = 0
        while i < r.facts.count {
            let a = r.facts[i]
            let pairable = inner >= 70 && i + 1 < r.facts.count
            let b = pairable ? r.facts[i + 1] : nil
            if let b, TextWidth.of(a.value) <= half - labelWidth - 1, TextWidth.of(b.value) <= half - labelWidth - 1 {
                out.append { row, s in
                    s.put(row, 2, fit: a.label, labelWidth, Style(.muted))
                    s.put(row, 2 + labelWidth, fit: a.value, half - labelWidth - 1)
                    s.put(row, 2 + half, fit: b.label, labelWidth, Style(.muted))
                    s.put(row, 2 + half + labelWidth, fit: b.value, inner - half - labelWidth)
                }
                i += 2
            } else {
                out.append { row, s in
                    s.put(row, 2, fit: a.label, labelWidth, Style(.muted))
                    s.put(row, 2 + labelWidth, fit: a.value, inner - labelWidth)
                }
                i += 1
            }
        }
        out.append { _, _ in }

        // The cost table: description, net, tax rate, tax, gross (narrow: description and gross).
        let full = inner >= 56
        let numbers = full ? 3 * (moneyWidth + 1) + rateWidth + 1 : moneyWidth + 1
        let descWidth = inner - numbers
        func row(_ d: String, _ net: String, _ rate: String, _ tax: String, _ gross: String, _ style: Style) -> Line {
            { row, s in
                var line = s.fitted(d, descWidth)
                if full {
                    line +=
                        " " + s.fitted(net, moneyWidth, alignRight: true) + " " + s.fitted(rate, rateWidth, alignRight: true) + " "
                        + s.fitted(tax, moneyWidth, alignRight: true)
                }
                line += " " + s.fitted(gross, moneyWidth, alignRight: true)
                s.put(row, 2, line, style)
            }
        }
        out.append(row(t.receiptItem, t.receiptNet, t.receiptTaxRate, t.receiptTax, t.receiptGross, Style(.muted, underline: true)))
        if r.items.isEmpty { text(t.receiptNoItems, Style(.muted)) }
        for item in r.items { out.append(row(item.description, item.net, item.taxRate, item.tax, item.gross, .plain)) }
        out.append { row, s in s.put(row, 2, String(repeating: s.asciiOnly ? "-" : "─", count: inner), Style(.muted)) }
        out.append(row(t.receiptTotal, "", "", "", r.total, Style(.accent, bold: true)))
        if let tax = r.taxLine { text(tax, Style(.muted)) }
        for n in r.notes { wrapped(n, Style(.error, bold: true)) }
        if let note { wrapped(note, Style(.muted)) }
        return out
    }
}

/// An invoice opened from the history: its details, its download link as text, and the
/// link as a QR code beside them (only an http(s) link; `InvoiceDetail.qrLink`).
@MainActor
enum InvoiceView {
    static let qrCodes = QRCodeCache()

    static func draw(_ d: InvoiceDetail, _ t: Strings, in a: Rect, on s: any Surface) {
        let inner = a.width - 4
        s.put(a.top, 2, fit: "\(d.kind) · \(d.title)", inner, Style(.title, bold: true))
        var left = 2
        var qrShown = false
        if let link = d.qrLink, let code = qrCodes.code(for: link) {
            let size = code.footprint(ascii: s.asciiOnly)
            // Beside the text when it leaves the text 24 columns.
            if size.rows <= a.height - 1, size.columns + 3 + 24 <= inner + 2 {
                for (i, line) in code.lines(ascii: s.asciiOnly).enumerated() { s.put(a.top + 1 + i, 2, line, Style(.normal)) }
                left = 2 + size.columns + 3
                qrShown = true
            }
        }
        let width = a.width - 2 - left
        var row = a.top + 2
        func line(_ text: String, _ style: Style = .plain) {
            guard row < a.bottom else { return }
            s.put(row, left, fit: text, width, style)
            row += 1
        }
        for (label, value) in [(t.invoiceDocument, d.kind), (t.invoiceDate, d.date)] {
            line("\(label): \(value)")
        }
        row += 1
        line(t.invoiceLink + ":", Style(.muted))
        // The link whole, broken over lines (people copy it); never cut.
        if let link = d.link {
            for part in Wrap.lines(link, width: width) { line(part, Style(.accent, underline: true)) }
        }
        row += 1
        if qrShown {
            for part in Wrap.lines(t.invoiceScan, width: width) { line(part, Style(.muted)) }
        } else if let note = d.note {
            for part in Wrap.lines(note, width: width) { line(part, Style(.muted)) }
        } else {
            for part in Wrap.lines(t.invoiceQRNeedsRoom, width: width) { line(part, Style(.muted)) }
        }
        if let check = d.checkNote {
            row += 1
            for part in Wrap.lines(check, width: width) { line(part, Style(.error)) }
        }
    }
}

/// Past sessions and invoices: two lists with a cursor each (Tab switches), a receipt or
/// an invoice over them after Enter.
@MainActor
enum HistoryScreen {
    static func draw(_ state: AppState, in a: Rect, on s: any Surface) {
        let h = state.history
        let t = state.strings
        switch h.opened {
        case .receipt(let r):
            ReceiptView.draw(r, heading: t.receiptTitle, note: nil, scroll: h.scroll, t, in: a, on: s)
            return
        case .invoice(let d):
            InvoiceView.draw(d, t, in: a, on: s)
            return
        case nil: break
        }
        let inner = a.width - 4
        // The tabs: the list on screen reversed, each with its count.
        let tabs: [(String, Bool)] = [
            (" \(t.historySessionsTab) (\(h.sessions.totalCount)) ", h.tab == .sessions),
            (" \(t.historyInvoicesTab) (\(h.invoices.totalCount)) ", h.tab == .invoices),
        ]
        var x = 2
        for (label, on) in tabs {
            s.put(a.top, x, label, on ? Style(.title, bold: true, reverse: true) : Style(.muted))
            x += TextWidth.of(s.shown(label)) + 1
        }
        let (loaded, total, complete) =
            h.tab == .sessions
            ? (h.sessions.rows.count, h.sessions.totalCount, h.sessions.isComplete)
            : (h.invoices.rows.count, h.invoices.totalCount, h.invoices.isComplete)
        if !complete && loaded > 0 {
            let progress = t.historyLoadedOf(loaded, total)
            let w = TextWidth.of(s.shown(progress))
            if x + w + 2 <= a.width { s.put(a.top, a.width - 2 - w, progress, Style(.muted)) }
        }
        var row = a.top + 2
        if h.loading && loaded == 0 {
            s.put(row, 2, fit: t.loading, inner, Style(.muted))
            return
        }
        if let error = h.error, loaded == 0 {
            for part in Wrap.lines(error, width: inner) where row < a.bottom {
                s.put(row, 2, fit: part, inner, Style(.error, bold: true))
                row += 1
            }
            return
        }
        if loaded == 0 {
            s.put(row, 2, fit: h.tab == .sessions ? t.noHistory : t.historyNoInvoices, inner, Style(.muted))
            return
        }
        let heading: String
        let texts: [String]
        let selected: Int
        switch h.tab {
        case .sessions:
            heading =
                s.fitted(t.colDate, 17) + " " + s.fitted(t.energy, 11, alignRight: true) + "  " + s.fitted(t.cost, 12, alignRight: true)
                + "  "
                + t.colPlace
            texts = h.sessions.rows.map { r in
                s.fitted(r.date, 17) + " " + s.fitted(r.energy, 11, alignRight: true) + "  " + s.fitted(r.cost, 12, alignRight: true) + "  "
                    + r.place
            }
            selected = h.sessions.selected
        case .invoices:
            heading = s.fitted(t.colDate, 17) + " " + s.fitted(t.historyColType, 12) + "  " + t.historyColTitle
            texts = h.invoices.rows.map { d in s.fitted(d.date, 17) + " " + s.fitted(d.kind, 12) + "  " + d.title }
            selected = h.invoices.selected
        }
        s.put(row - 1, 2, fit: heading, inner, Style(.muted, underline: true))
        let visible = max(1, a.bottom - row)
        // The cursor's page, as on the station list.
        let top = (selected / visible) * visible
        for i in 0..<visible {
            let idx = top + i
            guard idx < texts.count else { break }
            s.put(row, 2, fit: texts[idx], inner, idx == selected ? .selected : .plain)
            row += 1
        }
    }
}
