import ChargeViewModels

/// The sign-in form: username and masked password, or the device code with its URL.
@MainActor
enum SignInScreen {
    static func draw(_ state: AppState, in area: Rect, on s: any Surface) {
        let si = state.signIn
        let t = state.strings
        let width = min(60, area.width - 2)
        let height = min(area.height, 13)
        let r = Rect(top: area.top + max(0, (area.height - height) / 2), left: area.left + (area.width - width) / 2, height: height, width: width)
        s.box(r.top, r.left, r.height, r.width, Style(.accent))
        s.put(r.top, r.left + 2, TextWidth.truncate(" \(si.mode == .password ? t.signInTitle : t.deviceTitle) ", to: r.width - 4, ellipsis: s.ellipsis), Style(.accent, bold: true))
        let inner = r.width - 6
        var row = r.top + 2
        func line(_ text: String, _ style: Style = .plain) {
            guard row < r.bottom - 1 else { return }
            s.put(row, r.left + 3, fit: text, inner, style)
            row += 1
        }
        switch si.mode {
        case .password:
            let labelW = max(TextWidth.of(t.username), TextWidth.of(t.password)) + 2
            field(t.username, si.username.display, focused: si.focus == .username, row: row, left: r.left + 3, labelWidth: labelW, width: inner, on: s)
            row += 2
            field(t.password, si.password.display, focused: si.focus == .password, row: row, left: r.left + 3, labelWidth: labelW, width: inner, on: s)
            row += 2
            line(si.busy ? t.signingIn : "[ \(t.signInButton) ]", Style(.accent, bold: true))
        case .device:
            if let d = si.device {
                line(t.deviceOpen)
                line(d.urlComplete ?? d.url, Style(.accent, underline: true))
                line(t.deviceEnter)
                line(d.userCode, Style(.title, bold: true, reverse: true))
                line(d.expiresText, Style(.muted))
            } else {
                line(si.busy ? t.deviceStarting : "")
            }
        }
        row += 1
        if let message = si.message { line(message, Style(.error, bold: true)) }
        if let hint = si.hint, si.mode == .password { line(hint, Style(.muted)) }
    }

    static func field(_ label: String, _ value: String, focused: Bool, row: Int, left: Int, labelWidth: Int, width: Int, on s: any Surface) {
        s.put(row, left, fit: label, labelWidth, Style(bold: focused))
        let boxWidth = max(4, width - labelWidth)
        let shown = TextWidth.of(value) >= boxWidth ? String(value.suffix(boxWidth - 1)) : value
        s.put(row, left + labelWidth, fit: shown + (focused ? "▏" : ""), boxWidth, Style(underline: true))
    }
}
