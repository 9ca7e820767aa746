import Foundation

/// The core's JSON reading: one byte-level reader (``JSONReader``) that hot answers are
/// read from directly (``WireReadable``), and that builds a small tree (``JSONTree``) with
/// a `Decoder` over it for everything else, so `Decodable` wire types decode unchanged.
///
/// Why not `JSONDecoder`: on Linux it needs about 2.5 ms for a 100-station page (119 KB),
/// more than twice the budget for the whole encode + decode (PERFORMANCE.md, P6). Reading
/// the station page straight into its wire types needs no intermediate values, no key
/// strings (keys are compared as bytes) and none of `Codable`'s generic machinery.
///
/// It is strict where it matters for safety and lenient where the answer is still usable:
/// - syntax errors, trailing bytes and nesting deeper than ``JSONTree/maxDepth`` are errors
///   (a deep document must not overflow the stack);
/// - invalid UTF-8 inside strings is repaired (U+FFFD), not refused;
/// - duplicate keys: with the tree the first one wins, read directly the last one wins.
///
/// Decoding through the tree follows `JSONDecoder`'s defaults (`Date` and `Data` through
/// their own `Decodable`, integers from numbers that are exactly integral).
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

/// A type read straight from a ``JSONReader``. `init(json:)` is called with the reader on
/// the value (never on `null`; ``JSONReader/read(_:)`` answers `nil` for that) and must
/// consume exactly that value.
///
/// `Decodable` types get a default that reads the value into a tree and decodes it; the
/// types of hot answers (the station page) implement it by hand.
protocol WireReadable {
    init(json r: inout JSONReader) throws
}

extension WireReadable where Self: Decodable {
    init(json r: inout JSONReader) throws {
        try self.init(from: TreeDecoder(node: r.node(), codingPath: []))
    }
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
        if c == UInt8(ascii: "}") { index += 1; firstKey = false; return nil }
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
        case UInt8(ascii: "n"): try literal("null"); return nil
        default: throw error("expected a string")
        }
    }

    /// A number or `null`.
    mutating func double() throws -> Double? {
        switch try peek() {
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "n"): try literal("null"); return nil
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
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        case UInt8(ascii: "n"): try literal("null"); return nil
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
        if try peek() == UInt8(ascii: "]") { index += 1; return items }
        while true {
            items.append(try read(T.self))
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return items
            default: throw error("expected ',' or ']'")
            }
        }
    }

    /// Any `Decodable`, through the tree; `null` → `nil`.
    mutating func decodable<T: Decodable>(_ type: T.Type) throws -> T? {
        let n = try node()
        if case .null = n { return nil }
        return try T(from: TreeDecoder(node: n, codingPath: []))
    }

    /// Skips one value of any kind (checked like any other).
    mutating func skip() throws { _ = try node() }

    // MARK: The tree

    /// The next value as a tree.
    mutating func node(depth: Int = 0) throws -> JSONTree.Node {
        switch try peek() {
        case UInt8(ascii: "{"): return try objectNode(depth: depth + 1)
        case UInt8(ascii: "["): return try arrayNode(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try stringValue())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
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
        if try peek() == UInt8(ascii: "}") { index += 1; return .object(pairs) }
        while true {
            guard try peek() == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try stringValue()
            guard try peek() == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            pairs.append((key, try node(depth: depth)))
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .object(pairs)
            default: throw error("expected ',' or '}'")
            }
        }
    }

    mutating func arrayNode(depth: Int) throws -> JSONTree.Node {
        guard depth <= JSONTree.maxDepth else { throw error("nested too deeply") }
        index += 1  // [
        var items: [JSONTree.Node] = []
        if try peek() == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            items.append(try node(depth: depth))
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(items)
            default: throw error("expected ',' or ']'")
            }
        }
    }

    // MARK: Scalars

    /// The bytes of a string without escapes (consumed), or `nil` (nothing consumed) when
    /// it has escapes or is broken; `index` is on the opening quote.
    mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
        var i = index + 1
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<i])
                index = i + 1
                return raw
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// A string; `index` is on the opening quote.
    mutating func stringValue() throws -> String {
        if let raw = rawString() { return String(decoding: raw, as: UTF8.self) }
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let c = bytes[index]
            switch c {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unterminated string") }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        // A high surrogate must be followed by an escaped low one.
                        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                            index += 2
                            let low = try hex4()
                            if (0xDC00...0xDFFF).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                                scalar = low
                            }
                        } else {
                            scalar = 0xFFFD
                        }
                    }
                    UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { out.append($0) }
                default: throw error("an unknown escape")
                }
            default:
                if c < 0x20 { throw error("a control character in a string") }
                out.append(c)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw error("a bad \\u escape")
            }
            v = v << 4 | UInt32(d)
            index += 1
        }
        return v
    }

    /// Exact powers of ten that a `Double` holds without rounding.
    static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    /// A number per the JSON grammar. Short decimals (up to 15 significant digits and 22
    /// fraction digits) are computed exactly as integer ÷ power of ten, which is correctly
    /// rounded; anything longer goes through the standard library's parser.
    mutating func number() throws -> Double {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var simple = true
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        guard isDigit(index) else { throw error("a bad number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw error("a number with a leading zero") }
        } else {
            while isDigit(index) {
                if digits < 15 { mantissa = mantissa * 10 + UInt64(bytes[index] - UInt8(ascii: "0")); digits += 1 } else { simple = false }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw error("a bad number") }
            while isDigit(index) {
                if digits < 15 && fractionDigits < 22 {
                    mantissa = mantissa * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
                    if mantissa != 0 { digits += 1 }
                    fractionDigits += 1
                } else { simple = false }
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            simple = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error("a bad number") }
            while isDigit(index) { index += 1 }
        }
        if simple {
            let v = Double(mantissa) / Self.powers[fractionDigits]
            return negative ? -v : v
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let v = Double(text), v.isFinite else { throw error("a number out of range") }
        return v
    }
}

// MARK: - Decoder

/// `Decoder` over a parsed ``JSONTree/Node``.
struct TreeDecoder: Decoder {
    let node: JSONTree.Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let pairs) = node else { throw TreeDecoder.mismatch([String: Any].self, node, codingPath) }
        return KeyedDecodingContainer(KeyedTree<Key>(pairs: pairs, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = node else { throw TreeDecoder.mismatch([Any].self, node, codingPath) }
        return UnkeyedTree(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleTree(node: node, codingPath: codingPath) }

    static func mismatch(_ type: Any.Type, _ node: JSONTree.Node, _ path: @autoclosure () -> [any CodingKey]) -> DecodingError {
        .typeMismatch(type, DecodingError.Context(codingPath: path(), debugDescription: "expected \(type), found \(node.kind)"))
    }

    @inline(__always) static func bool(_ n: JSONTree.Node, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let b) = n else { throw mismatch(Bool.self, n, path()) }
        return b
    }

    @inline(__always) static func string(_ n: JSONTree.Node, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let s) = n else { throw mismatch(String.self, n, path()) }
        return s
    }

    @inline(__always) static func double(_ n: JSONTree.Node, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
        guard case .number(let d) = n else { throw mismatch(Double.self, n, path()) }
        return d
    }

    @inline(__always) static func float(_ n: JSONTree.Node, _ path: @autoclosure () -> [any CodingKey]) throws -> Float {
        guard case .number(let d) = n else { throw mismatch(Float.self, n, path()) }
        return Float(d)
    }

    @inline(__always) static func integer<T: FixedWidthInteger>(_ n: JSONTree.Node, _ path: @autoclosure () -> [any CodingKey]) throws -> T {
        guard case .number(let d) = n else { throw mismatch(T.self, n, path()) }
        guard let i = T(exactly: d) else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "\(d) does not fit in \(T.self)"))
        }
        return i
    }

    @inline(__always) static func value<T: Decodable>(_ n: JSONTree.Node, _ path: [any CodingKey]) throws -> T {
        try T(from: TreeDecoder(node: n, codingPath: path))
    }
}

struct KeyedTree<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let pairs: [(key: String, value: JSONTree.Node)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { pairs.compactMap { Key(stringValue: $0.key) } }

    @inline(__always) func find(_ key: Key) -> JSONTree.Node? {
        let name = key.stringValue
        for pair in pairs where pair.key == name { return pair.value }
        return nil
    }

    func require(_ key: Key) throws -> JSONTree.Node {
        guard let v = find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for \"\(key.stringValue)\""))
        }
        return v
    }

    func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try require(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try TreeDecoder.bool(require(key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try TreeDecoder.string(require(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try TreeDecoder.double(require(key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try TreeDecoder.float(require(key), path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try TreeDecoder.integer(require(key), path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try TreeDecoder.integer(require(key), path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try TreeDecoder.integer(require(key), path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try TreeDecoder.integer(require(key), path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try TreeDecoder.integer(require(key), path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try TreeDecoder.integer(require(key), path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try TreeDecoder.integer(require(key), path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try TreeDecoder.integer(require(key), path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try TreeDecoder.integer(require(key), path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try TreeDecoder.integer(require(key), path(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try TreeDecoder.value(require(key), path(key)) }

    // One lookup instead of the default's three (contains, decodeNil, decode).
    /// The key's value, or nil when it is missing or `null`.
    private func present(_ key: Key) -> JSONTree.Node? {
        guard let v = find(key) else { return nil }
        if case .null = v { return nil }
        return v
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key).map { try TreeDecoder.string($0, path(key)) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key).map { try TreeDecoder.double($0, path(key)) } }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key).map { try TreeDecoder.bool($0, path(key)) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key).map { try TreeDecoder.integer($0, path(key)) } }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(key).map { try TreeDecoder.value($0, path(key)) } }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(node: require(key), codingPath: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(node: require(key), codingPath: path(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { TreeDecoder(node: find(Key(stringValue: "super")!) ?? .null, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { TreeDecoder(node: find(key) ?? .null, codingPath: path(key)) }
}

struct UnkeyedTree: UnkeyedDecodingContainer {
    let items: [JSONTree.Node]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [JSONTree.Node], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    struct Index: CodingKey {
        let intValue: Int?
        var stringValue: String { "Index \(intValue ?? 0)" }
        init(_ i: Int) { intValue = i }
        init?(stringValue: String) { return nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    /// The next element and its index (for its coding path, built only when needed).
    mutating func next() throws -> (JSONTree.Node, Int) {
        guard currentIndex < items.count else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the array has no more elements"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], currentIndex)
    }

    func path(_ i: Int) -> [any CodingKey] { codingPath + [Index(i)] }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < items.count else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the array has no more elements"))
        }
        if case .null = items[currentIndex] { currentIndex += 1; return true }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (n, i) = try next(); return try TreeDecoder.bool(n, path(i)) }
    mutating func decode(_ type: String.Type) throws -> String { let (n, i) = try next(); return try TreeDecoder.string(n, path(i)) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (n, i) = try next(); return try TreeDecoder.double(n, path(i)) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (n, i) = try next(); return try TreeDecoder.float(n, path(i)) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (n, i) = try next(); return try TreeDecoder.integer(n, path(i)) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (n, i) = try next(); return try TreeDecoder.integer(n, path(i)) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (n, i) = try next(); return try TreeDecoder.integer(n, path(i)) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (n, i) = try next(); return try TreeDecoder.integer(n, path(i)) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (n, i) = try next(); return try TreeDecoder.integer(n, path(i)) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (n, i) = try next(); return try TreeDecoder.integer(n, path(i)) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (n, i) = try next(); return try TreeDecoder.integer(n, path(i)) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (n, i) = try next(); return try TreeDecoder.integer(n, path(i)) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (n, i) = try next(); return try TreeDecoder.integer(n, path(i)) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (n, i) = try next(); return try TreeDecoder.integer(n, path(i)) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { let (n, i) = try next(); return try TreeDecoder.value(n, path(i)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (n, i) = try next()
        return try TreeDecoder(node: n, codingPath: path(i)).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (n, i) = try next()
        return try TreeDecoder(node: n, codingPath: path(i)).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (n, i) = try next()
        return TreeDecoder(node: n, codingPath: path(i))
    }
}

struct SingleTree: SingleValueDecodingContainer {
    let node: JSONTree.Node
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        if case .null = node { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try TreeDecoder.bool(node, codingPath) }
    func decode(_ type: String.Type) throws -> String { try TreeDecoder.string(node, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try TreeDecoder.double(node, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try TreeDecoder.float(node, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try TreeDecoder.integer(node, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try TreeDecoder.integer(node, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try TreeDecoder.integer(node, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try TreeDecoder.integer(node, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try TreeDecoder.integer(node, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try TreeDecoder.integer(node, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try TreeDecoder.integer(node, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try TreeDecoder.integer(node, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try TreeDecoder.integer(node, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try TreeDecoder.integer(node, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try TreeDecoder.value(node, codingPath) }
}
