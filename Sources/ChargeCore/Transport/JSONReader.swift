import Foundation

/// The core's byte-level JSON reader (``JSONReader``), for the one hot answer: the station
/// page's wire types read themselves straight from the bytes (``WireReadable``). Every
/// other answer is small and goes through Foundation's `JSONDecoder` (``WireAnswer``).
///
/// Why not `JSONDecoder` for the page: on Linux it needs about 2.5 ms for a 100-station
/// page (119 KB), more than twice the budget for the whole encode + decode (PERFORMANCE.md,
/// P6). Reading the page straight into its wire types needs no intermediate values, no key
/// strings (keys are compared as bytes) and none of `Codable`'s generic machinery.
///
/// It is strict where it matters for safety and lenient where the answer is still usable:
/// - syntax errors, trailing bytes and nesting deeper than ``JSONTree/maxDepth`` are errors
///   (a deep document must not overflow the stack);
/// - invalid UTF-8 inside strings is repaired (U+FFFD), not refused;
/// - duplicate keys: the last one wins.
///
/// ``JSONTree`` is the reader's value of any kind: what it checks and steps over when it
/// skips a field the wire types do not know.
enum JSONTree {
    /// Nesting deeper than this is refused (as `JSONDecoder` does, 512).
    static let maxDepth = 512

    /// A parsed value.
    enum Node {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([Node])
        case object([(key: String, value: Node)])

        var kind: String {
            switch self {
            case .null: "null"
            case .bool: "a boolean"
            case .number: "a number"
            case .string: "a string"
            case .array: "an array"
            case .object: "an object"
            }
        }
    }

    /// Parses a whole document into a tree.
    static func parse(_ data: Data) throws -> Node {
        try JSONReader.read(data) { r in try r.node() }
    }
}

/// Why a document could not be read: what, and at which byte.
struct JSONReadError: Error, CustomStringConvertible {
    let offset: Int
    let reason: String
    var description: String { "malformed JSON at byte \(offset): \(reason)" }
}

/// A type read straight from a ``JSONReader``: the station page's wire types, each by
/// hand. `init(json:)` is called with the reader on the value (never on `null`;
/// ``JSONReader/read(_:)`` answers `nil` for that) and must consume exactly that value.
protocol WireReadable {
    init(json r: inout JSONReader) throws
}

/// A key of an object being read: its raw bytes (no string is made), compared with
/// literal patterns in a `switch`.
struct JSONKey {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Set instead of `bytes` when the key had escapes.
    let unescaped: String?

    static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        if let unescaped = key.unescaped { return unescaped == pattern.description }
        let n = pattern.utf8CodeUnitCount
        guard n == key.bytes.count else { return false }
        if n == 0 { return true }
        return memcmp(pattern.utf8Start, key.bytes.baseAddress!, n) == 0
    }
}

/// A pull reader over the bytes of one document. Only usable inside ``read(_:_:)``, which
/// keeps the bytes alive and checks that nothing follows the value.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// Set by ``beginObject()``: the next ``nextKey()`` is the object's first.
    private var firstKey = false

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Runs `body` over a reader on `data`; the document must hold exactly one value.
    static func read<T>(_ data: Data, _ body: (inout JSONReader) throws -> T) throws -> T {
        try data.withUnsafeBytes { raw in
            var reader = JSONReader(bytes: raw.bindMemory(to: UInt8.self))
            let value = try body(&reader)
            reader.skipSpace()
            guard reader.index == reader.bytes.count else { throw reader.error("unexpected bytes after the value") }
            return value
        }
    }

    func error(_ reason: String) -> JSONReadError { JSONReadError(offset: index, reason: reason) }

    @inline(__always) mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte after white space, not consumed.
    @inline(__always) mutating func peek() throws -> UInt8 {
        skipSpace()
        guard index < bytes.count else { throw error("unexpected end") }
        return bytes[index]
    }

    // MARK: Pulling typed values

    /// `true` (and consumed) when the next value is `null`.
    mutating func takeNull() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Opens an object; then call ``nextKey()`` until it answers `nil`.
    mutating func beginObject() throws {
        guard try peek() == UInt8(ascii: "{") else { throw error("expected an object") }
        index += 1
        firstKey = true
    }

    /// The next key of the open object (its `:` consumed), or `nil` after its `}`.
    /// The caller reads or ``skip()``s the key's value before asking again.
    mutating func nextKey() throws -> JSONKey? {
        var c = try peek()
        if c == UInt8(ascii: "}") {
            index += 1
            firstKey = false
            return nil
        }
        if firstKey {
            firstKey = false
        } else {
            guard c == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
            index += 1
            c = try peek()
        }
        guard c == UInt8(ascii: "\"") else { throw error("expected a key") }
        let key: JSONKey
        if let raw = rawString() {
            key = JSONKey(bytes: raw, unescaped: nil)
        } else {
            key = JSONKey(bytes: UnsafeBufferPointer(start: nil, count: 0), unescaped: try string())
        }
        guard try peek() == UInt8(ascii: ":") else { throw error("expected ':'") }
        index += 1
        return key
    }

    /// A string or `null`.
    mutating func string() throws -> String? {
        switch try peek() {
        case UInt8(ascii: "\""): return try stringValue()
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default: throw error("expected a string")
        }
    }

    /// A number or `null`.
    mutating func double() throws -> Double? {
        switch try peek() {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default: throw error("expected a number")
        }
    }

    /// An integral number (that fits an `Int`) or `null`.
    mutating func int() throws -> Int? {
        guard let d = try double() else { return nil }
        guard let i = Int(exactly: d) else { throw error("expected a whole number") }
        return i
    }

    /// `true`, `false` or `null`.
    mutating func bool() throws -> Bool? {
        switch try peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        case UInt8(ascii: "n"):
            try literal("null")
            return nil
        default: throw error("expected true or false")
        }
    }

    /// A ``WireReadable`` value or `null`.
    mutating func read<T: WireReadable>(_ type: T.Type) throws -> T? {
        if try takeNull() { return nil }
        return try T(json: &self)
    }

    /// An array of ``WireReadable`` values (each may be `null`), or `null`.
    mutating func array<T: WireReadable>(of type: T.Type) throws -> [T?]? {
        if try takeNull() { return nil }
        guard try peek() == UInt8(ascii: "[") else { throw error("expected an array") }
        index += 1
        var items: [T?] = []
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return items
        }
        while true {
            items.append(try read(T.self))
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return items
            default: throw error("expected ',' or ']'")
            }
        }
    }

    /// Skips one value of any kind (checked like any other, depth included).
    mutating func skip() throws { _ = try node() }

    // MARK: The tree

    /// The next value as a tree.
    mutating func node(depth: Int = 0) throws -> JSONTree.Node {
        switch try peek() {
        case UInt8(ascii: "{"): return try objectNode(depth: depth + 1)
        case UInt8(ascii: "["): return try arrayNode(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try stringValue())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character")
        }
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard index + n <= bytes.count else { throw error("unexpected end") }
        let w = word.utf8Start
        for k in 0..<n where bytes[index + k] != w[k] { throw error("unknown word") }
        index += n
    }

    mutating func objectNode(depth: Int) throws -> JSONTree.Node {
        guard depth <= JSONTree.maxDepth else { throw error("nested too deeply") }
        index += 1  // {
        var pairs: [(key: String, value: JSONTree.Node)] = []
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return .object(pairs)
        }
        while true {
            guard try peek() == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try stringValue()
            guard try peek() == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            pairs.append((key, try node(depth: depth)))
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(pairs)
            default: throw error("expected ',' or '}'")
            }
        }
    }

    mutating func arrayNode(depth: Int) throws -> JSONTree.Node {
        guard depth <= JSONTree.maxDepth else { throw error("nested too deeply") }
        index += 1  // [
        var items: [JSONTree.Node] = []
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try node(depth: depth))
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(items)
            default: throw error("expected ',' or ']'")
            }
        }
    }
}
