import ChargeViewModels

/// Header, status line and key-hint footer shared by every screen.
@MainActor
enum Chrome {
    static func title(for state: AppState) -> String {
        let t = state.strings
        switch state.route {
        case .signIn: return t.signInTitle
        case .stations: return t.stationsTitle
        case .detail: return state.detail?.title ?? t.stationsTitle
        case .live: return t.liveTitle
        case .summary: return t.summaryTitle
        case .history: return t.historyTitle
        }
    }

    static func header(_ state: AppState, on s: any Surface) {
        let style = Style(.title, bold: true, reverse: true)
        s.put(0, 0, String(repeating: " ", count: s.columns), style)
        let charging = state.chargingBadgeCount
        let right = [charging > 0 ? "\(s.asciiOnly ? "*" : "●") \(state.strings.chargingSessions(charging))" : nil, state.userName]
            .compactMap { $0 }.joined(separator: "  ")
        let rightWidth = min(TextWidth.of(right), s.columns / 3)
        s.put(0, 1, fit: "\(state.strings.appName) — \(title(for: state))", s.columns - rightWidth - 3, style)
        if rightWidth > 0 { s.put(0, s.columns - rightWidth - 1, fit: right, rightWidth, style) }
    }

    static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    static let asciiSpinner = ["|", "/", "-", "\\"]

    static func status(_ state: AppState, on s: any Surface, spinnerFrame: Int) {
        let row = s.rows - 2
        let st = state.status
        var text = st.message ?? ""
        if st.loading {
            let frames = s.asciiOnly ? asciiSpinner : spinner
            text = "\(frames[spinnerFrame % frames.count]) \(text)"
        }
        s.put(row, 0, fit: " " + text, s.columns, st.isError ? Style(.error, bold: true) : Style(.muted))
    }

    /// Keys the footer keeps to the last: the way out, help, and the running session.
    static let essentialKeys: Set<String> = ["?", "q", "Esc", "l", "Enter", "y/n"]

    /// The hints that fit `width`: when all do not, the less important ones go first (from
    /// the end of the list), so `? help` and `q quit` stay at 80 columns.
    static func footerHints(_ hints: [KeyHint], width: Int) -> [KeyHint] {
        func needed(_ h: [KeyHint]) -> Int {
            1 + h.reduce(0) { $0 + TextWidth.of($1.key) + 1 + TextWidth.of($1.label) } + 2 * max(0, h.count - 1)
        }
        var kept = hints
        while needed(kept) > width - 1, let i = kept.lastIndex(where: { !essentialKeys.contains($0.key) }) { kept.remove(at: i) }
        return kept
    }

    static func footer(_ state: AppState, on s: any Surface) {
        let row = s.rows - 1
        var col = 1
        for hint in footerHints(state.keyHints, width: s.columns) {
            let keyW = TextWidth.of(hint.key)
            let labelW = TextWidth.of(hint.label)
            if col + keyW + 1 + labelW > s.columns - 1 { break }
            s.put(row, col, hint.key, Style(.accent, bold: true))
            s.put(row, col + keyW + 1, hint.label, Style(.muted))
            col += keyW + labelW + 3
        }
    }
}

/// Dialogs drawn over a screen.
@MainActor
enum Overlays {
    static func centered(_ height: Int, _ width: Int, on s: any Surface) -> Rect {
        let w = min(width, s.columns - 2)
        let h = min(height, s.rows - 2)
        return Rect(top: max(1, (s.rows - h) / 2), left: max(1, (s.columns - w) / 2), height: h, width: w)
    }

    static func frame(_ r: Rect, title: String, on s: any Surface) {
        s.fill(r.top, r.left, r.height, r.width)
        s.box(r.top, r.left, r.height, r.width, Style(.accent))
        s.put(
            r.top,
            r.left + 2,
            TextWidth.truncate(" \(title) ", to: max(0, r.width - 4), ellipsis: s.ellipsis),
            Style(.accent, bold: true)
        )
    }

    static func help(_ t: Strings, on s: any Surface) {
        let lines = t.helpLines.flatMap { Wrap.lines($0, width: max(10, s.columns - 8)) }
        let r = centered(lines.count + 4, (lines.map(TextWidth.of).max() ?? 20) + 6, on: s)
        frame(r, title: t.help.capitalized, on: s)
        for (i, line) in lines.enumerated() where 2 + i < r.height - 1 {
            s.put(r.top + 2 + i, r.left + 3, fit: line, r.width - 6)
        }
    }

    /// `l` with several sessions running: one line each, the chosen one reversed.
    static func sessions(_ c: SessionChooser, strings t: Strings, on s: any Surface) {
        let width = max(36, (c.sessions.map { TextWidth.of($0.title) }.max() ?? 20) + 10)
        let r = centered(c.sessions.count + 4, width, on: s)
        frame(r, title: t.chooseSession, on: s)
        for (i, session) in c.sessions.enumerated() where 2 + i < r.height - 1 {
            let mark = s.asciiOnly ? "*" : "●"
            s.put(
                r.top + 2 + i,
                r.left + 2,
                fit: " \(mark) \(session.title) ",
                r.width - 4,
                i == c.selected ? .selected : Style(.available)
            )
        }
    }

    static func confirm(_ c: ConfirmDialog, on s: any Surface) {
        let inner = min(max(TextWidth.of(c.question), TextWidth.of(c.options)), max(10, s.columns - 10))
        let lines = Wrap.lines(c.question, width: inner)
        let r = centered(lines.count + 5, inner + 8, on: s)
        frame(r, title: "?", on: s)
        for (i, line) in lines.enumerated() { s.put(r.top + 2 + i, r.left + 4, fit: line, r.width - 8, Style(bold: true)) }
        s.put(r.top + 2 + lines.count, r.left + 4, fit: c.options, r.width - 8, Style(.accent))
    }

    /// Kiosk mode: the admin PIN dialog, the idle countdown, and one-line notices.
    static func kiosk(_ k: KioskState, strings t: Strings, on s: any Surface) {
        if let notice = k.notice {
            s.put(s.rows - 2, 0, fit: " " + notice, s.columns, Style(.busy, bold: true))
        }
        if let pin = k.pin {
            // Wide enough for the refusal too ("Too many attempts. Try again in 30 s.").
            let r = centered(7, max(36, TextWidth.of(t.pinPrompt) + 10, pin.message.map { TextWidth.of($0) + 8 } ?? 0), on: s)
            frame(r, title: t.pinTitle, on: s)
            s.put(r.top + 2, r.left + 3, fit: t.pinPrompt, r.width - 6, Style(bold: true))
            FieldView.draw(
                pin.field,
                row: r.top + 3,
                column: r.left + 3,
                width: r.width - 6,
                focused: true,
                style: Style(underline: true),
                on: s
            )
            if let message = pin.message { s.put(r.top + 4, r.left + 3, fit: message, r.width - 6, Style(.error, bold: true)) }
        } else if let left = k.countdown {
            let text = t.signingOutIn(left)
            let lines = Wrap.lines(text, width: min(TextWidth.of(text), max(10, s.columns - 10)))
            let r = centered(lines.count + 4, (lines.map(TextWidth.of).max() ?? 0) + 8, on: s)
            frame(r, title: "!", on: s)
            for (i, line) in lines.enumerated() { s.put(r.top + 2 + i, r.left + 4, fit: line, r.width - 8, Style(.busy, bold: true)) }
        }
    }

    static func filter(_ f: FilterDialog, strings t: Strings, on s: any Surface) {
        let r = centered(f.items.count + 4, 44, on: s)
        frame(r, title: t.filtersTitle, on: s)
        for (i, item) in f.items.enumerated() where 2 + i < r.height - 1 {
            let isPower = i == f.items.count - 1
            let mark = isPower ? "◂ \(item.value) ▸" : (item.on ? "[x]" : "[ ]")
            let text = isPower ? "\(item.label): \(s.asciiOnly ? "< \(item.value) >" : mark)" : "\(mark) \(item.label)"
            s.put(r.top + 2 + i, r.left + 3, fit: text, r.width - 6, i == f.selected ? .selected : .plain)
        }
    }
}
