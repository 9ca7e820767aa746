import ChargeViewModels

/// The sign-in form: username and masked password, or the device code with its URL.
@MainActor
enum SignInScreen {
    static func draw(_ state: AppState, in area: Rect, on s: any Surface) {
        let si = state.signIn
        let t = state.strings
        if si.mode == .device, let d = si.device, drawDeviceWithQR(d, state, in: area, on: s) { return }
        let width = min(60, area.width - 2)
        let height = min(area.height, 13)
        let r = Rect(
            top: area.top + max(0, (area.height - height) / 2),
            left: area.left + (area.width - width) / 2,
            height: height,
            width: width
        )
        s.box(r.top, r.left, r.height, r.width, Style(.accent))
        s.put(
            r.top,
            r.left + 2,
            TextWidth.truncate(" \(si.mode == .password ? t.signInTitle : t.deviceTitle) ", to: r.width - 4, ellipsis: s.ellipsis),
            Style(.accent, bold: true)
        )
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
            field(
                t.username,
                si.username,
                focused: si.focus == .username,
                row: row,
                left: r.left + 3,
                labelWidth: labelW,
                width: inner,
                on: s
            )
            row += 2
            field(
                t.password,
                si.password,
                focused: si.focus == .password,
                row: row,
                left: r.left + 3,
                labelWidth: labelW,
                width: inner,
                on: s
            )
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
        // Wrapped, not cut: a message often ends with what to do next.
        if let message = si.message { for part in Wrap.lines(message, width: inner) { line(part, Style(.error, bold: true)) } }
        if let hint = si.hint, si.mode == .password { line(hint, Style(.muted)) }
    }

    static let qrCodes = QRCodeCache()

    /// Phone sign-in: the QR code of the verification URL on the left, the code in large
    /// type on the right. Returns false when the terminal is too small (the text-only form
    /// is drawn instead).
    static func drawDeviceWithQR(_ d: SignInForm.DeviceCode, _ state: AppState, in area: Rect, on s: any Surface) -> Bool {
        let t = state.strings
        let target = d.urlComplete ?? d.url
        guard let code = qrCodes.code(for: target) else { return false }
        let ascii = s.asciiOnly
        let qrSize = code.footprint(ascii: ascii)
        let big = BigText.canDraw(d.userCode) ? BigText.lines(d.userCode, ascii: ascii) : [d.userCode]
        let bigWidth = big.map(TextWidth.of).max() ?? 0
        let textWidth = max(bigWidth, TextWidth.of(t.deviceEnter), TextWidth.of(d.expiresText), TextWidth.of(d.statusText), 24)
        let message = state.signIn.message == nil ? 0 : 1
        // Side by side when there is room, else the code under the QR code; either way the
        // address line is whole when the terminal is wide enough (people type it too).
        let urlLine = TextWidth.of(t.deviceOpen) + 1 + TextWidth.of(target)
        let sideBySide = (width: max(qrSize.columns + 3 + textWidth, urlLine) + 4, height: qrSize.rows + 3 + message)
        let stacked = (
            width: min(
                area.width,
                max(qrSize.columns, urlLine, TextWidth.of(t.deviceEnter) + TextWidth.of(d.userCode) + 1, TextWidth.of(d.expiresText)) + 4
            ),
            height: qrSize.rows + 5 + message
        )
        let besides = sideBySide.width <= area.width && sideBySide.height <= area.height
        guard besides || (qrSize.columns + 4 <= area.width && stacked.height <= area.height) else { return false }
        let (width, height) = besides ? sideBySide : stacked
        let r = Rect(top: area.top + (area.height - height) / 2, left: area.left + (area.width - width) / 2, height: height, width: width)
        s.box(r.top, r.left, r.height, r.width, Style(.accent))
        s.put(
            r.top,
            r.left + 2,
            TextWidth.truncate(" \(t.deviceTitle) ", to: r.width - 4, ellipsis: s.ellipsis),
            Style(.accent, bold: true)
        )
        s.put(r.top + 1, r.left + 2, fit: "\(t.deviceOpen) \(target)", r.width - 4, Style(.accent))
        for (i, line) in code.lines(ascii: ascii).enumerated() {
            s.put(r.top + 2 + i, r.left + 2, line, Style(.normal))
        }
        let x = besides ? r.left + 2 + qrSize.columns + 3 : r.left + 2
        var row = besides ? r.top + 3 : r.top + 2 + qrSize.rows
        s.put(row, x, fit: "\(t.deviceEnter) \(besides ? "" : d.userCode)", besides ? textWidth : r.width - 4)
        row += besides ? 2 : 1
        if besides {
            for line in big {
                s.put(row, x, line, Style(.title, bold: true))
                row += 1
            }
            row += 1
            s.put(row, x, fit: d.userCode, textWidth, Style(.title, bold: true, reverse: true))
            row += 2
        }
        s.put(row, x, fit: d.expiresText, besides ? textWidth : r.width - 4, Style(.muted))
        if let message = state.signIn.message { s.put(r.bottom - 2, r.left + 2, fit: message, r.width - 4, Style(.error, bold: true)) }
        return true
    }

    static func field(
        _ label: String,
        _ value: TextField,
        focused: Bool,
        row: Int,
        left: Int,
        labelWidth: Int,
        width: Int,
        on s: any Surface
    ) {
        s.put(row, left, fit: label, labelWidth, Style(bold: focused))
        FieldView.draw(
            value,
            row: row,
            column: left + labelWidth,
            width: max(4, width - labelWidth),
            focused: focused,
            style: Style(underline: true),
            on: s
        )
    }
}
