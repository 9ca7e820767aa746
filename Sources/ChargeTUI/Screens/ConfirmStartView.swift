import ChargeCore
import ChargeViewModels

/// The confirmation before a paid start, boxed over the station view: station,
/// connector, price and the card that pays, one line each; the cards as a list when there
/// are several. The box stays inside the body (the status line and key hints stay visible);
/// on a small terminal the blank lines go first, then the note, and the card list scrolls
/// with the chosen card in view, so price and card show even at 40×10.
@MainActor
enum ConfirmStartView {
    static func draw(_ c: StartConfirmation, strings t: Strings, in a: Rect, on s: any Surface) {
        let labels = [t.confirmStationLabel, t.confirmConnectorLabel, t.confirmPriceLabel, t.confirmPayLabel]
        let labelW = (labels.map(TextWidth.of).max() ?? 8) + 2
        let values = [c.stationLine, c.connectorLine, c.priceLine] + c.cards.map { "○ \($0.text)" }
        let width = min(a.width - 2, max(40, TextWidth.of(t.confirmNote) + 6, labelW + (values.map(TextWidth.of).max() ?? 20) + 6))
        let cardCount = max(1, c.cards.count)
        let fixed = 3 + (c.problem == nil ? 0 : 1)  // station, connector, price (+ the reason)
        // Borders take 2; then the cards; then, room permitting, the note, then blank lines.
        var room = a.height - 2 - fixed
        let cardRows = max(1, min(cardCount, room))
        room -= cardRows
        let showNote = room >= 1
        room -= showNote ? 1 : 0
        let blanks = min(max(0, room), 3)  // above the figures, before the note, below it
        let height = 2 + fixed + cardRows + (showNote ? 1 : 0) + blanks
        let r = Rect(
            top: a.top + max(0, (a.height - height) / 2),
            left: a.left + max(0, (a.width - width) / 2),
            height: height,
            width: width
        )
        Overlays.frame(r, title: t.confirmTitle, on: s)
        let left = r.left + 3
        let inner = r.width - 6
        var row = r.top + 1 + (blanks >= 1 ? 1 : 0)
        func line(_ label: String, _ value: String, _ style: Style) {
            s.put(row, left, fit: label, labelW, Style(.muted))
            s.put(row, left + labelW, fit: value, max(1, inner - labelW), style)
            row += 1
        }
        line(t.confirmStationLabel, c.stationLine, Style(bold: true))
        line(t.confirmConnectorLabel, c.connectorLine, .plain)
        line(t.confirmPriceLabel, c.priceLine, c.priceUnknown ? Style(.busy, bold: true) : Style(.accent, bold: true))
        s.put(row, left, fit: t.confirmPayLabel, labelW, Style(.muted))
        // Keep the chosen card in view when the box is shorter than the list.
        let first = min(max(0, c.selected - cardRows + 1), max(0, c.cards.count - cardRows))
        for i in first..<min(c.cards.count, first + cardRows) {
            let chosen = i == c.selected
            let mark = s.asciiOnly ? (chosen ? "(*)" : "( )") : (chosen ? "◉" : "○")
            let style = c.cards[i].expired ? Style(.error, reverse: chosen) : chosen ? Style.selected : .plain
            s.put(row, left + labelW, fit: "\(mark) \(c.cards[i].text)", max(1, inner - labelW), style)
            row += 1
        }
        if let problem = c.problem {
            s.put(row, left, fit: problem, inner, Style(.error, bold: true))
            row += 1
        }
        if showNote {
            if blanks >= 2 { row += 1 }
            s.put(row, left, fit: t.confirmNote, inner, Style(.muted))
        }
    }
}
