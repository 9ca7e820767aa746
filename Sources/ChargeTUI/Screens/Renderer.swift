import ChargeCore
import ChargeViewModels

/// Draws the whole app for a state: chrome, the current screen, overlays. Pure: the same
/// state and size give the same cells.
@MainActor
public enum Renderer {
    /// Below this the app shows only a "too small" message.
    public static let minimumRows = 10, minimumColumns = 40

    /// True when the app cannot be shown at this size (and keys must not act unseen).
    public static func isTooSmall(rows: Int, columns: Int) -> Bool { rows < minimumRows || columns < minimumColumns }

    /// `spinnerFrame` animates the status line while something loads.
    public static func draw(_ state: AppState, on s: any Surface, spinnerFrame: Int = 0) {
        s.clear()
        guard !isTooSmall(rows: s.rows, columns: s.columns) else {
            drawTooSmall(on: s)
            return
        }
        Chrome.header(state, on: s)
        let body = Rect(top: 1, left: 0, height: s.rows - 3, width: s.columns)
        switch state.route {
        case .signIn: SignInScreen.draw(state, in: body, on: s)
        case .stations: StationListScreen.draw(state, in: body, on: s)
        case .detail: DetailScreen.draw(state, in: body, on: s)
        case .live: LiveScreen.draw(state, in: body, on: s)
        case .summary: SummaryScreen.draw(state, in: body, on: s)
        case .history: HistoryScreen.draw(state, in: body, on: s)
        }
        Chrome.status(state, on: s, spinnerFrame: spinnerFrame)
        Chrome.footer(state, on: s)
        if let filter = state.filter { Overlays.filter(filter, strings: state.strings, on: s) }
        if state.showHelp { Overlays.help(state.strings, on: s) }
        if let confirm = state.confirm { Overlays.confirm(confirm, on: s) }
        if let chooser = state.sessionChooser { Overlays.sessions(chooser, strings: state.strings, on: s) }
        if let kiosk = state.kiosk { Overlays.kiosk(kiosk, strings: state.strings, on: s) }
    }

    static func drawTooSmall(on s: any Surface) {
        let lines = [
            "Terminal too small", "need \(minimumColumns)×\(minimumRows), have \(s.columns)×\(s.rows)", "keys wait until it is larger",
        ]
        let top = max(0, s.rows / 2 - 1)
        for (i, line) in lines.enumerated() {
            let t = TextWidth.truncate(line, to: s.columns, ellipsis: s.ellipsis)
            s.put(top + i, max(0, (s.columns - TextWidth.of(t)) / 2), t, Style(.error, bold: i == 0))
        }
    }
}

/// A rectangle of cells.
public struct Rect: Sendable, Equatable {
    public var top, left, height, width: Int
    public var bottom: Int { top + height }
}
