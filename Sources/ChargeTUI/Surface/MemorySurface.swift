/// An in-memory cell grid: what a terminal would show, as text. Screens are tested on it.
@MainActor
public final class MemorySurface: Surface {
    public let rows: Int
    public let columns: Int
    public let asciiOnly: Bool
    /// One entry per cell; a wide character fills its cell and leaves "" in the next.
    public private(set) var cells: [[String]]
    public private(set) var styles: [[Style]]

    public init(rows: Int, columns: Int, asciiOnly: Bool = false) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        self.asciiOnly = asciiOnly
        cells = Array(repeating: Array(repeating: " ", count: max(0, columns)), count: max(0, rows))
        styles = Array(repeating: Array(repeating: .plain, count: max(0, columns)), count: max(0, rows))
    }

    public func clear() {
        for r in 0..<rows {
            for c in 0..<columns {
                cells[r][c] = " "
                styles[r][c] = .plain
            }
        }
    }

    public func put(_ row: Int, _ column: Int, _ text: String, _ style: Style) {
        guard row >= 0, row < rows else { return }
        var col = column
        // As the terminal does it (NCursesSurface): ASCII mode replaces symbols, then
        // transliterates letters.
        for ch in asciiOnly ? Transliteration.ascii(AsciiFallback.apply(text)) : text {
            let w = TextWidth.of(ch)
            if w == 0 {
                if col > 0, col - 1 < columns, col - 1 >= 0 { cells[row][col - 1] += String(ch) }
                continue
            }
            if col + w > columns { break }
            if col >= 0 {
                cells[row][col] = String(ch)
                styles[row][col] = style
                if w == 2 {
                    cells[row][col + 1] = ""
                    styles[row][col + 1] = style
                }
            }
            col += w
        }
    }

    /// The grid as lines of text (trailing spaces kept).
    public var lines: [String] { cells.map { $0.joined() } }

    /// The grid as one string, trailing spaces removed per line.
    public var text: String {
        lines.map { line in
            var s = line
            while s.last == " " { s.removeLast() }
            return s
        }.joined(separator: "\n")
    }

    /// Style of the first cell of the first occurrence of `needle`.
    public func style(of needle: String) -> Style? {
        for (r, line) in lines.enumerated() {
            guard let range = line.range(of: needle) else { continue }
            let prefix = String(line[line.startIndex..<range.lowerBound])
            let col = TextWidth.of(prefix)
            return col < columns ? styles[r][col] : nil
        }
        return nil
    }
}
