import ChargeViewModels

/// What a finished session came to.
@MainActor
enum SummaryScreen {
    static func draw(_ state: AppState, in a: Rect, on s: any Surface) {
        guard let sum = state.summary else { return }
        let t = state.strings
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
        if let note = sum.note { s.put(row + 1, 2, fit: note, a.width - 4, Style(.muted)) }
    }
}

/// Past sessions and invoices.
@MainActor
enum HistoryScreen {
    static func draw(_ state: AppState, in a: Rect, on s: any Surface) {
        let h = state.history
        let t = state.strings
        var row = a.top + 1
        if h.loading && h.rows.isEmpty {
            s.put(row, 2, fit: t.loading, a.width - 4, Style(.muted))
            return
        }
        if let error = h.error {
            s.put(row, 2, fit: error, a.width - 4, Style(.error, bold: true))
            return
        }
        if h.rows.isEmpty {
            s.put(row, 2, fit: t.noHistory, a.width - 4, Style(.muted))
            return
        }
        let heading =
            TextWidth.fit(t.colDate, 17) + " " + TextWidth.fit(t.energy, 11, alignRight: true) + "  "
            + TextWidth.fit(t.cost, 10, alignRight: true) + "  " + t.colPlace
        s.put(row, 2, fit: heading, a.width - 4, Style(.muted, underline: true))
        row += 1
        let docRows = min(h.documents.count, max(0, (a.height - 7) / 3))
        let visible = max(1, a.bottom - row - (docRows > 0 ? docRows + 2 : 0))
        let top = (h.selected / visible) * visible
        for i in 0..<visible {
            let idx = top + i
            guard idx < h.rows.count else { break }
            let r = h.rows[idx]
            let text =
                s.fitted(r.date, 17) + " " + s.fitted(r.energy, 11, alignRight: true) + "  " + s.fitted(r.cost, 10, alignRight: true) + "  "
                + r.place
            s.put(row, 2, fit: text, a.width - 4, idx == h.selected ? .selected : .plain)
            row += 1
        }
        if docRows > 0 {
            row += 1
            s.put(row, 2, fit: t.invoices, a.width - 4, Style(.muted, underline: true))
            row += 1
            for d in h.documents.prefix(docRows) where row < a.bottom {
                s.put(row, 2, fit: "\(s.fitted(d.date, 17)) \(d.title)", a.width - 4)
                row += 1
            }
        }
    }
}
