import ChargeViewModels

/// What a finished session came to: its receipt once the server's record is read, the
/// live panel's three figures until then.
@MainActor
enum SummaryScreen {
    static func draw(_ state: AppState, in a: Rect, on s: any Surface) {
        guard let sum = state.summary else { return }
        let t = state.strings
        if let receipt = sum.receipt {
            ReceiptView.draw(receipt, heading: t.receiptTitle, note: sum.note, scroll: sum.scroll, t, in: a, on: s)
            return
        }
        var row = a.top + 2
        s.put(row, 2, fit: t.summaryTitle, a.width - 4, Style(.title, bold: true))
        row += 1
        s.put(row, 2, fit: sum.stationName, a.width - 4, Style(.muted))
        row += 2
        for (label, value) in [(t.energy, sum.energyText), (t.elapsed, sum.durationText), (t.cost, sum.costText)] {
            s.put(row, 4, fit: label, 12, Style(.muted))
            s.put(row, 17, fit: value, a.width - 19, Style(.accent, bold: true))
            row += 1
        }
        row += 1
        for line in Wrap.lines(sum.note ?? t.receiptLoading, width: a.width - 4) where row < a.bottom {
            s.put(row, 2, fit: line, a.width - 4, Style(.muted))
            row += 1
        }
    }
}
