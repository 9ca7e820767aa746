import CQREncode

/// A QR code of a short text (the device sign-in URL), drawn with text characters.
///
/// Unicode: two modules per cell with half blocks (`▀ ▄ █`), so a 29-module code needs 33
/// columns × 17 rows with its quiet zone. ASCII: `##` per dark module, one row per module
/// (square-ish cells), which needs twice the room and is used only when it fits.
/// Light modules (and the quiet zone) are drawn as ink and dark ones as blanks, like
/// `qrencode -t UTF8`: on the usual light-on-dark terminal the code reads dark-on-light,
/// which is what phone scanners expect.
struct QRCode: Equatable {
    /// Side length in modules, without the quiet zone.
    let size: Int
    /// Row-major, true = dark module.
    let modules: [Bool]
    /// Light border in modules (the standard asks for 4; 2 scans fine on screens).
    static let quietZone = 2

    init?(_ text: String) {
        let capacity = 177 * 177
        var buffer = [UInt8](repeating: 0, count: capacity)
        let width = text.withCString { cqr_encode($0, &buffer, Int32(capacity)) }
        guard width > 0 else { return nil }
        size = Int(width)
        modules = buffer.prefix(size * size).map { $0 != 0 }
    }

    func isDark(_ row: Int, _ column: Int) -> Bool {
        guard row >= 0, column >= 0, row < size, column < size else { return false }
        return modules[row * size + column]
    }

    /// The lines to draw (including the quiet zone).
    func lines(ascii: Bool) -> [String] {
        let q = Self.quietZone
        let range = -q..<(size + q)
        if ascii {
            return range.map { r in String(range.map { c in isDark(r, c) ? "  " : "##" }.joined()) }
        }
        var out: [String] = []
        var r = -q
        while r < size + q {
            var line = ""
            for c in range {
                let top = !isDark(r, c)
                let bottom = r + 1 < size + q ? !isDark(r + 1, c) : false
                line.append(top ? (bottom ? "█" : "▀") : (bottom ? "▄" : " "))
            }
            out.append(line)
            r += 2
        }
        return out
    }

    /// Cells needed to draw it.
    func footprint(ascii: Bool) -> (rows: Int, columns: Int) {
        let side = size + 2 * Self.quietZone
        return ascii ? (side, side * 2) : ((side + 1) / 2, side)
    }
}

/// The last code a screen drew: encoding again at every frame would be wasted work (the
/// sign-in QR and the invoice QR each keep one).
@MainActor
final class QRCodeCache {
    private var last: (text: String, code: QRCode?)?

    func code(for text: String) -> QRCode? {
        if let last, last.text == text { return last.code }
        let code = QRCode(text)
        last = (text, code)
        return code
    }
}
