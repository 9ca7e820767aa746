/// A secret (password, PSK, token) that never shows itself in logs, errors or `print`.
///
/// `description`, `debugDescription` and reflection all give a fixed mask; only code that
/// needs the value on the wire reads `revealed`.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable,
    ExpressibleByStringLiteral
{
    private let value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }

    /// The plain value. Use only to put it on the wire.
    public var revealed: String { value }
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
