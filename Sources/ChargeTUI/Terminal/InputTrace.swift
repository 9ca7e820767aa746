import ChargeViewModels

/// What the loop did with input, for a log at trace level (`CHARGETERM_LOG_LEVEL=trace`):
/// each key as a kind and the state it left, each draw. The e2e harness turns it on and
/// prints its tail when a scenario times out, so "the key did nothing" can be told apart
/// from "the key never came" and "the screen was not redrawn".
///
/// Typed text never reaches it: a character is written as `char`, a paste as its length.
enum InputTrace {
    static func name(_ key: KeyPress) -> String {
        switch key {
        case .up: "up"
        case .down: "down"
        case .left: "left"
        case .right: "right"
        case .pageUp: "pageUp"
        case .pageDown: "pageDown"
        case .home: "home"
        case .end: "end"
        case .enter: "enter"
        case .escape: "escape"
        case .backspace: "backspace"
        case .delete: "delete"
        case .insert: "insert"
        case .tab: "tab"
        case .backTab: "backTab"
        case .char: "char"
        case .ctrl(let c): c.isASCII && c.isLetter ? "ctrl-\(c)" : "ctrl"
        case .paste(let text): "paste(\(text.count))"
        case .function(let n): "F\(n)"
        }
    }

    /// The route and whatever covers it: enough to see which handler a key went to.
    static func summary(_ s: AppState, suspended: Bool) -> String {
        var parts = ["route=\(s.route)"]
        if let start = s.detail?.start, s.route == .detail {
            if let c = start.confirmation {
                parts.append("confirm-start card \(c.selected + 1)/\(c.cards.count)")
            } else if !start.isIdle {
                parts.append(start.isBusy ? "start busy" : "start open")
            }
        }
        if s.confirm != nil { parts.append("question") }
        if s.sessionChooser != nil { parts.append("chooser") }
        if s.filter != nil { parts.append("filter") }
        if s.showHelp { parts.append("help") }
        if s.kiosk != nil { parts.append("kiosk") }
        if suspended { parts.append("input suspended") }
        return parts.joined(separator: " ")
    }
}
