import ChargeCore
import ChargeViewModels

/// The live session panel: big kWh, power, elapsed, cost, status and a power chart.
@MainActor
enum LiveScreen {
    static func draw(_ state: AppState, in a: Rect, on s: any Surface) {
        guard let live = state.live else { return }
        let t = state.strings
        var row = a.top + 1
        s.put(row, 2, fit: live.stationName, a.width - 4, Style(bold: true))
        row += 1
        if !live.connectorLine.isEmpty { s.put(row, 2, fit: live.connectorLine, a.width - 4, Style(.muted)) }
        row += 1
        if state.kiosk?.locked == true {
            // A stranger sees progress only; the owner's name and actions are hidden.
            s.put(a.top, 2, fit: " \(t.lockedTitle) ", a.width - 4, Style(.busy, bold: true, reverse: true))
        }
        let statusRole: Role =
            live.status.isRunning ? (live.status == .started || live.status == .roamingStart ? .available : .busy) : .muted
        s.put(row, 2, fit: live.stopping ? t.stopping : live.statusText, a.width - 4, Style(statusRole, bold: true))
        // Old figures say how old they are, beside the status, and are drawn dimmed below:
        // never shown as if they were current.
        let stale = live.staleText != nil
        if let age = live.staleText {
            let statusWidth = TextWidth.of(live.stopping ? t.stopping : live.statusText)
            s.put(row, 2 + statusWidth + 2, fit: age, max(0, a.width - 6 - statusWidth), Style(.busy))
        }
        let figure = stale ? Style(.muted) : Style(.accent, bold: true)
        if let warning = live.noEnergyText {
            // On the line under the status, where the eye already is.
            s.put(row + 1, 2, fit: (s.asciiOnly ? "! " : "⚠ ") + warning, a.width - 4, Style(.busy, bold: true))
        }
        row += 2

        // The headline figure: energy, in large digits when there is room.
        let energyNumber = live.energyText.replacingOccurrences(of: " kWh", with: "")
        if a.height >= 18 && a.width >= 60 {
            // Colour without bold: bold changes nothing on block glyphs, and each switch
            // to it and back costs bytes at every poll (P2).
            BigDigits.draw(energyNumber, row: row, column: 4, ascii: s.asciiOnly, style: stale ? Style(.muted) : Style(.accent), on: s)
            let w = BigDigits.width(energyNumber)
            // The exact figure beside the big one: readable when copied, and by screen readers.
            s.put(row + 2, 4 + w + 1, live.energyText, stale ? Style(.muted) : Style(bold: true))
            row += 4
        } else {
            s.put(row, 2, fit: "\(t.energy): \(live.energyText)", a.width - 4, figure)
            row += 2
        }
        // Three figures side by side.
        let cellW = max(12, (a.width - 4) / 3)
        let figures = [(t.power, live.powerText), (t.elapsed, live.elapsedText), (t.cost, live.costText)]
        for (i, (label, value)) in figures.enumerated() {
            let col = 2 + i * cellW
            guard col + 4 < a.width else { break }
            s.put(row, col, fit: label, cellW - 2, Style(.muted))
            // The elapsed time changes every second: drawn without attributes, each tick is
            // a cursor move and a digit (no colour switch there and back over SSH).
            s.put(row + 1, col, fit: value, cellW - 2, stale ? Style(.muted) : i == 1 ? .plain : figure)
        }
        row += 3
        let chartHeight = min(4, a.bottom - row - 1)
        if chartHeight >= 1 {
            Sparkline.draw(live.chart, top: row, left: 2, height: chartHeight, width: a.width - 4, ascii: s.asciiOnly, on: s)
            row += chartHeight
        }
        if let note = live.note, row < a.bottom { s.put(row, 2, fit: note, a.width - 4, Style(.error)) }
    }
}

/// Three-row digits for the headline figure.
enum BigDigits {
    static let glyphs: [Character: [String]] = [
        "0": ["█▀█", "█ █", "▀▀▀"], "1": [" ▀█", "  █", "  ▀"], "2": ["▀▀█", "█▀▀", "▀▀▀"], "3": ["▀▀█", " ▀█", "▀▀▀"],
        "4": ["█ █", "▀▀█", "  ▀"], "5": ["█▀▀", "▀▀█", "▀▀▀"], "6": ["█▀▀", "█▀█", "▀▀▀"], "7": ["▀▀█", "  █", "  ▀"],
        "8": ["█▀█", "█▀█", "▀▀▀"], "9": ["█▀█", "▀▀█", "▀▀▀"], ".": [" ", " ", "▄"], ",": [" ", " ", "▄"],
    ]

    static func width(_ text: String) -> Int { text.reduce(0) { $0 + (glyphs[$1]?.first.map { TextWidth.of($0) } ?? 1) + 1 } }

    /// Each of the three rows is put as one run, gaps included: one style for the whole
    /// row, so a changed digit costs a cursor move and its cells, not a switch of
    /// attributes at every gap between glyphs (P2, bytes per poll).
    @MainActor
    static func draw(_ text: String, row: Int, column: Int, ascii: Bool, style: Style = Style(.accent, bold: true), on s: any Surface) {
        var lines = ["", "", ""]
        for ch in text {
            guard let g = glyphs[ch] else {
                for i in 0..<3 { lines[i] += "  " }
                continue
            }
            for (i, line) in g.enumerated() {
                lines[i] += (ascii ? String(line.map { $0 == " " ? " " : "#" }) : line) + " "
            }
        }
        for (i, line) in lines.enumerated() where !line.isEmpty { s.put(row + i, column, line, style) }
    }
}

/// A power chart that fills left to right and starts a new page when full, so each new
/// sample changes one column instead of shifting the whole chart (few bytes over SSH);
/// the paging is `ChartPaging`'s, by each sample's place in the session.
enum Sparkline {
    static let levels: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiLevels: [Character] = [" ", ".", ".", ":", ":", "|", "|", "#", "#"]
    /// Scales the chart snaps to, so it does not rescale with every sample.
    static let scales: [Double] = [4, 11, 22, 50, 75, 150, 350, 1000]

    @MainActor
    static func draw(_ chart: ChartPaging, top: Int, left: Int, height: Int, width: Int, ascii: Bool, on s: any Surface) {
        guard height > 0, width > 0 else { return }
        let shown = chart.page(width: width)
        let peak = chart.peak
        // 5 % of slack: a 150 kW car read as 150.2 kW keeps the 150 kW scale (bars clip at the top).
        let scale = scales.first { $0 * 1.05 >= peak } ?? max(1, peak)
        let chars = ascii ? asciiLevels : levels
        for (x, value) in shown.enumerated() {
            let units = Int((max(0, value) / scale * Double(height * 8)).rounded())
            for r in 0..<height {
                let fromBottom = height - 1 - r
                let level = min(8, max(0, units - fromBottom * 8))
                // Empty cells stay the surface's own blanks: a coloured space differs from
                // them, and curses would send it (P2).
                guard level > 0 else { continue }
                s.put(top + r, left + x, String(chars[level]), Style(.available))
            }
        }
        let label = ascii ? "max \(Int(scale)) kW" : "▲ \(Int(scale)) kW"
        s.put(top, left + max(0, width - TextWidth.of(label)), label, Style(.muted))
    }
}
