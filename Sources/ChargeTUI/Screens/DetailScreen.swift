import ChargeCore
import ChargeViewModels

/// A station: address, hours, connector table, and the start progress.
@MainActor
enum DetailScreen {
    static func draw(_ state: AppState, in a: Rect, on s: any Surface) {
        guard let d = state.detail else { return }
        let t = state.strings
        var row = a.top + 1
        s.put(row, 2, fit: d.title, a.width - 4, Style(bold: true)); row += 1
        s.put(row, 2, fit: [d.addressLine, d.distanceLine].filter { !$0.isEmpty }.joined(separator: " · "), a.width - 4, Style(.muted)); row += 1
        if !d.hoursLine.isEmpty { s.put(row, 2, fit: "\(t.openingHours): \(d.hoursLine)", a.width - 4, Style(.muted)); row += 1 }
        row += 1
        let wide = a.width >= 70
        let labelW = 14, statusW = wide ? 26 : 12, plugW = 8, powerW = 9
        let priceW = max(0, a.width - 4 - labelW - statusW - plugW - powerW - 4)
        var heading = s.fitted(t.connectors, labelW) + " " + s.fitted("Status", statusW) + " " + s.fitted("", plugW) + " " + s.fitted(t.colPower, powerW)
        if priceW > 6 { heading += " " + s.fitted(t.price, priceW) }
        s.put(row, 2, fit: heading, a.width - 4, Style(.muted, underline: true)); row += 1
        let stepRows = d.phase == .contractForm ? 8 : d.steps.isEmpty ? 3 : d.steps.count + 2
        let visible = max(1, a.bottom - row - stepRows)
        let top = (d.selected / visible) * visible
        for i in 0..<visible {
            let index = top + i
            guard index < d.rows.count else { break }
            let c = d.rows[index]
            let sel = index == d.selected
            let base = sel ? Style.selected : Style.plain
            let role: Role = switch c.availability { case .free: .available; case .busy: .busy; case .outOfOrder: .faulted }
            var col = 2
            s.put(row, col, fit: c.label, labelW, base); col += labelW + 1
            let status = wide && !c.statusAge.isEmpty ? "\(c.status) (\(c.statusAge))" : c.status
            s.put(row, col, fit: status, statusW, Style(role, bold: c.availability == .free, reverse: sel, underline: c.availability == .outOfOrder)); col += statusW + 1
            s.put(row, col, fit: c.plug, plugW, base); col += plugW + 1
            s.put(row, col, fit: c.power, powerW, base); col += powerW + 1
            if priceW > 6 { s.put(row, col, fit: c.price, priceW, base) }
            row += 1
        }
        row = max(row + 1, a.bottom - stepRows)
        switch d.phase {
        case .idle:
            if let notice = d.notice { s.put(row, 2, fit: notice, a.width - 4, Style(.available, bold: true)) }
        case .checkingCards: s.put(row, 2, fit: t.checkingCards, a.width - 4, Style(.muted))
        case .noContract:
            s.put(row, 2, fit: t.noContract, a.width - 4, Style(.error, bold: true))
            s.put(row + 1, 2, fit: t.offerContract, a.width - 4)
        case .creatingContract: s.put(row, 2, fit: t.creatingContract, a.width - 4, Style(.muted))
        case .contractForm:
            if let form = d.contract { ContractFormView.draw(form, strings: t, top: row, width: a.width, bottom: a.bottom, on: s) }
        case .starting, .failed:
            for step in d.steps where row < a.bottom {
                let (mark, style): (String, Style) = switch step.phase {
                case .done: (s.asciiOnly ? "[x]" : "✔", Style(.available))
                case .active: (s.asciiOnly ? "[>]" : "▸", Style(.accent, bold: true))
                case .pending: (s.asciiOnly ? "[ ]" : "·", Style(.muted))
                case .failed: (s.asciiOnly ? "[!]" : "✘", Style(.error, bold: true))
                }
                s.put(row, 2, fit: "\(mark) \(step.label)", a.width - 4, style)
                row += 1
            }
            if case .failed(let why) = d.phase, row < a.bottom {
                s.put(row, 2, fit: "\(t.startFailed): \(why)", a.width - 4, Style(.error, bold: true))
            }
        }
    }
}

/// The contract form under the connector table.
@MainActor
enum ContractFormView {
    static func draw(_ f: ContractForm, strings t: Strings, top: Int, width: Int, bottom: Int, on s: any Surface) {
        var row = top
        func line(_ label: String, _ value: String, focused: Bool, choice: Bool) {
            guard row < bottom else { return }
            let labelW = max(TextWidth.of(t.holderLabel), TextWidth.of(t.paymentLabel)) + 2
            s.put(row, 2, fit: label, labelW, Style(bold: focused))
            let shown = choice ? (s.asciiOnly ? "< \(value) >" : "◂ \(value) ▸") : value + (focused ? "▏" : "")
            s.put(row, 2 + labelW, fit: shown, max(4, width - 4 - labelW), focused ? .selected : Style(underline: !choice))
            row += 1
        }
        s.put(row, 2, fit: t.contractTitle, width - 4, Style(.title, bold: true)); row += 1
        line(t.rateLabel, f.rates.indices.contains(f.rate) ? f.rates[f.rate].name : "", focused: f.focus == .rate, choice: true)
        line(t.paymentLabel, f.methods.indices.contains(f.method) ? t.paymentName(f.methods[f.method]) : "", focused: f.focus == .method, choice: true)
        if f.needsBankAccount {
            line(t.ibanLabel, f.iban.text, focused: f.focus == .iban, choice: false)
            line(t.holderLabel, f.holder.text, focused: f.focus == .holder, choice: false)
        }
        if let error = f.error, row < bottom { s.put(row, 2, fit: error, width - 4, Style(.error, bold: true)); row += 1 }
        if row < bottom { s.put(row, 2, fit: t.contractFormHint, width - 4, Style(.muted)) }
    }
}
