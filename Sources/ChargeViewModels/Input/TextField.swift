/// An editable single-line text value with a cursor (in characters).
public struct TextField: Sendable, Hashable {
    public var text: String
    /// Cursor position, 0...text.count.
    public var cursor: Int
    /// Draw as bullets (passwords).
    public var isSecure: Bool
    public var maxLength: Int

    public init(_ text: String = "", isSecure: Bool = false, maxLength: Int = 200) {
        self.text = text
        self.cursor = text.count
        self.isSecure = isSecure
        self.maxLength = maxLength
    }

    /// What to draw: the text, or one bullet per character when secure.
    public var display: String { isSecure ? String(repeating: "•", count: text.count) : text }

    /// Applies an editing key; returns false if the key is not an editing key.
    @discardableResult
    public mutating func apply(_ key: KeyPress) -> Bool {
        switch key {
        case .char(let c) where !c.isNewline:
            insert(String(c))
        case .paste(let s):
            insert(s.filter { !$0.isNewline })
        case .backspace:
            guard cursor > 0 else { return true }
            let i = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: i)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .ctrl("u"):
            text = ""
            cursor = 0
        default: return false
        }
        return true
    }

    private mutating func insert(_ s: String) {
        let room = max(0, maxLength - text.count)
        let piece = String(s.prefix(room))
        guard !piece.isEmpty else { return }
        text.insert(contentsOf: piece, at: text.index(text.startIndex, offsetBy: cursor))
        cursor += piece.count
    }

    /// Empty the field (and forget a secret).
    public mutating func clear() {
        text = ""
        cursor = 0
    }
}
