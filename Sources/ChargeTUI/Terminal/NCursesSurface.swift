import CNCursesW

/// The real screen, through ncursesw's wide-character calls.
@MainActor
final class NCursesSurface: Surface {
    let colors: Bool
    let asciiOnly: Bool

    init(colors: Bool, asciiOnly: Bool) {
        self.colors = colors
        self.asciiOnly = asciiOnly
    }

    var rows: Int { Int(cnc_lines()) }
    var columns: Int { Int(cnc_cols()) }

    func clear() { werase(cnc_stdscr()) }

    func attributes(_ style: Style) -> (attr_t, Int16) {
        var a = cnc_a_normal()
        if style.bold { a |= cnc_a_bold() }
        if style.reverse { a |= cnc_a_reverse() }
        if style.underline { a |= cnc_a_underline() }
        var pair: Int16 = 0
        if colors {
            switch style.role {
            case .available: pair = 1
            case .busy: pair = 2
            case .faulted, .error: pair = 3
            case .accent: pair = 4
            case .title: pair = 5
            case .muted: a |= cnc_a_dim()
            case .normal: break
            }
        } else {
            // Monochrome: meaning through attributes only.
            switch style.role {
            case .available, .error, .accent: a |= cnc_a_bold()
            case .faulted: a |= cnc_a_underline()
            case .title, .busy, .muted, .normal: break
            }
        }
        return (a, pair)
    }

    func put(_ row: Int, _ column: Int, _ text: String, _ style: Style) {
        guard row >= 0, row < rows, column >= 0, column < columns, !text.isEmpty else { return }
        // A non-UTF-8 terminal gets symbols replaced and every letter spelled in ASCII, never dropped.
        let text = asciiOnly ? Transliteration.ascii(AsciiFallback.apply(text)) : text
        let room = columns - column
        // The bottom-right cell would scroll the screen: leave it empty.
        let limit = row == rows - 1 ? room - 1 : room
        let clipped = TextWidth.of(text) > limit ? TextWidth.truncate(text, to: limit, ellipsis: "") : text
        guard !clipped.isEmpty else { return }
        var wide: [wchar_t] = []
        wide.reserveCapacity(clipped.unicodeScalars.count + 1)
        for scalar in clipped.unicodeScalars {
            let c = wchar_t(bitPattern: scalar.value)
            // A character newer than the C library's tables (wcwidth -1) would be drawn in
            // a width curses chooses: draw as many U+FFFD as cells were measured instead.
            if scalar.value >= 0xA0, cnc_wcwidth(c) < 0 {
                wide += Array(repeating: 0xFFFD, count: TextWidth.of(scalar))
            } else {
                wide.append(c)
            }
        }
        wide.append(0)
        let (a, pair) = attributes(style)
        _ = wide.withUnsafeBufferPointer { cnc_mvaddwstr_attr(Int32(row), Int32(column), $0.baseAddress, a, pair) }
    }

    /// Sends the frame: only the cells that changed reach the terminal.
    func present() {
        wnoutrefresh(cnc_stdscr())
        doupdate()
    }
}
