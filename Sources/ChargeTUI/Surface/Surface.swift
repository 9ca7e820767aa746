/// Something screens draw on: the terminal, or an in-memory grid for tests.
@MainActor
public protocol Surface: AnyObject {
    var rows: Int { get }
    var columns: Int { get }
    /// Whether to use ASCII instead of line-drawing and block characters.
    var asciiOnly: Bool { get }
    /// Clears the whole surface (start of a frame).
    func clear()
    /// Draws `text` at (row, column); text past the right edge is cut.
    func put(_ row: Int, _ column: Int, _ text: String, _ style: Style)
    /// A horizontal line of `width` cells.
    func hline(_ row: Int, _ column: Int, _ width: Int, _ style: Style)
    /// A box outline.
    func box(_ top: Int, _ left: Int, _ height: Int, _ width: Int, _ style: Style)
}

extension Surface {
    /// The ellipsis for truncated text.
    public var ellipsis: String { asciiOnly ? "..." : "…" }

    /// Draws `text` fitted (truncated and padded) to `width` cells.
    public func put(_ row: Int, _ column: Int, fit text: String, _ width: Int, _ style: Style = .plain, alignRight: Bool = false) {
        guard width > 0 else { return }
        put(row, column, TextWidth.fit(text, width, alignRight: alignRight, ellipsis: ellipsis), style)
    }

    /// Fills a rectangle with spaces (for overlays).
    public func fill(_ top: Int, _ left: Int, _ height: Int, _ width: Int, _ style: Style = .plain) {
        guard width > 0, height > 0 else { return }
        let blank = String(repeating: " ", count: width)
        for r in top..<(top + height) { put(r, left, blank, style) }
    }
}
