/// What a piece of text means, so each surface can pick colours or monochrome attributes.
public enum Role: Sendable, Hashable {
    case normal, accent, available, busy, faulted, muted, error, title
}

/// How to draw a piece of text.
public struct Style: Sendable, Hashable {
    public var role: Role
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: Role = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
    public static let selected = Style(.normal, reverse: true)
}
