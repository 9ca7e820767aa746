import Foundation

/// A value read from a TOML document, with the line it came from (for error messages).
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])

    /// A short name of the type, for "must be a …" messages.
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .boolean: "true or false"
        case .array: "a list"
        }
    }
}

/// One `key = value` line of a document.
public struct TOMLEntry: Sendable, Equatable {
    public var table: String
    public var key: String
    public var value: TOMLValue
    public var line: Int
}

/// A problem in a TOML document, always with the line (1-based) it was found on.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// Reads the TOML the config file needs: comments, `[table]` / `[a.b]` headers, bare and
/// quoted keys, basic and literal strings (with escapes), integers, floats, booleans and
/// arrays of those (also across lines).
///
/// Why our own reader: the config is a dozen keys, and the messages matter more than the
/// breadth — every error names its line, and what is not supported (inline tables, dates,
/// multi-line strings, arrays of tables) is refused by name rather than misread.
public enum TOMLReader {
    public static func parse(_ text: String) throws(TOMLError) -> [TOMLEntry] {
        var scanner = Scanner(Array(text.unicodeScalars))
        var entries: [TOMLEntry] = []
        var table = ""
        var seenTables: Set<String> = [""]
        var seenKeys: Set<String> = []
        while true {
            scanner.skipBlankAndComments()
            guard let c = scanner.peek else { break }
            let line = scanner.line
            if c == "[" {
                scanner.advance()
                if scanner.peek == "[" { throw TOMLError(line: line, message: "arrays of tables ([[…]]) are not supported here") }
                scanner.skipSpaces()
                var parts: [String] = []
                repeat {
                    scanner.skipSpaces()
                    parts.append(try scanner.key())
                    scanner.skipSpaces()
                } while scanner.consume(".")
                guard scanner.consume("]") else { throw TOMLError(line: line, message: "a table header must end with ]") }
                try scanner.endOfLine()
                table = parts.joined(separator: ".")
                guard seenTables.insert(table).inserted else { throw TOMLError(line: line, message: "the table [\(table)] appears twice") }
                continue
            }
            var keyParts = [try scanner.key()]
            scanner.skipSpaces()
            while scanner.consume(".") {
                scanner.skipSpaces()
                keyParts.append(try scanner.key())
                scanner.skipSpaces()
            }
            guard scanner.consume("=") else {
                throw TOMLError(line: line, message: "expected `=` after the key `\(keyParts.joined(separator: "."))`")
            }
            scanner.skipSpaces()
            let value = try scanner.value()
            try scanner.endOfLine()
            let fullTable = ([table] + keyParts.dropLast()).filter { !$0.isEmpty }.joined(separator: ".")
            let key = keyParts.last!
            let full = fullTable.isEmpty ? key : "\(fullTable).\(key)"
            guard seenKeys.insert(full).inserted else { throw TOMLError(line: line, message: "the key `\(full)` is set twice") }
            entries.append(TOMLEntry(table: fullTable, key: key, value: value, line: line))
        }
        return entries
    }

    struct Scanner {
        let s: [Unicode.Scalar]
        var i = 0
        var line = 1

        init(_ s: [Unicode.Scalar]) { self.s = s }

        var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

        mutating func advance() {
            if i < s.count {
                if s[i] == "\n" { line += 1 }
                i += 1
            }
        }

        mutating func consume(_ c: Unicode.Scalar) -> Bool {
            if peek == c {
                advance()
                return true
            }
            return false
        }

        mutating func skipSpaces() {
            while let c = peek, c == " " || c == "\t" { advance() }
        }

        mutating func skipComment() {
            if peek == "#" { while let c = peek, c != "\n" { advance() } }
        }

        /// Whitespace, newlines and comments (between lines and inside arrays).
        mutating func skipBlankAndComments() {
            while let c = peek {
                if c == " " || c == "\t" || c == "\n" || c == "\r" { advance() } else if c == "#" { skipComment() } else { break }
            }
        }

        /// After a value or header only a comment may follow on the same line.
        mutating func endOfLine() throws(TOMLError) {
            skipSpaces()
            skipComment()
            if peek == "\r" { advance() }
            guard peek == nil || peek == "\n" else {
                throw TOMLError(line: line, message: "unexpected `\(String(peek!))` after the value (one `key = value` per line)")
            }
        }

        static func isBare(_ c: Unicode.Scalar) -> Bool {
            ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
        }

        mutating func key() throws(TOMLError) -> String {
            if peek == "\"" || peek == "'" {
                guard case .string(let k) = try string() else { throw TOMLError(line: line, message: "bad key") }
                return k
            }
            var out = ""
            while let c = peek, Self.isBare(c) {
                out.unicodeScalars.append(c)
                advance()
            }
            guard !out.isEmpty else {
                let found = peek.map { "`\(String($0))`" } ?? "the end of the file"
                throw TOMLError(line: line, message: "expected a key (letters, digits, _ or -), found \(found)")
            }
            return out
        }

        mutating func value() throws(TOMLError) -> TOMLValue {
            guard let c = peek else { throw TOMLError(line: line, message: "a value is missing after `=`") }
            switch c {
            case "\"", "'": return try string()
            case "[": return try array()
            case "{": throw TOMLError(line: line, message: "inline tables ({…}) are not supported here; use a [table] section")
            case "\n", "\r", "#": throw TOMLError(line: line, message: "a value is missing after `=`")
            default: return try scalar()
            }
        }

        mutating func string() throws(TOMLError) -> TOMLValue {
            let quote = peek!
            let start = line
            advance()
            if peek == quote, i + 1 < s.count, s[i + 1] == quote {
                throw TOMLError(line: start, message: "multi-line strings are not supported here")
            }
            var out = ""
            while true {
                guard let c = peek, c != "\n" else {
                    throw TOMLError(line: start, message: "a string is not closed on its line (missing \(String(quote)))")
                }
                advance()
                if c == quote { return .string(out) }
                if quote == "\"" && c == "\\" {
                    guard let e = peek else { throw TOMLError(line: start, message: "a string ends in a lone backslash") }
                    advance()
                    switch e {
                    case "n": out += "\n"
                    case "t": out += "\t"
                    case "r": out += "\r"
                    case "b": out += "\u{8}"
                    case "f": out += "\u{c}"
                    case "\"": out += "\""
                    case "\\": out += "\\"
                    case "u", "U":
                        let n = e == "u" ? 4 : 8
                        var hex = ""
                        for _ in 0..<n {
                            guard let h = peek, h.properties.isASCIIHexDigit else {
                                throw TOMLError(line: start, message: "\\\(String(e)) needs \(n) hex digits")
                            }
                            hex.unicodeScalars.append(h)
                            advance()
                        }
                        guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else {
                            throw TOMLError(line: start, message: "\\\(String(e))\(hex) is not a character")
                        }
                        out.unicodeScalars.append(scalar)
                    default:
                        throw TOMLError(line: start, message: "unknown escape \\\(String(e)) in a string (use '…' for backslashes)")
                    }
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }

        mutating func array() throws(TOMLError) -> TOMLValue {
            let start = line
            advance()
            var items: [TOMLValue] = []
            while true {
                skipBlankAndComments()
                guard let c = peek else { throw TOMLError(line: start, message: "a list is not closed (missing ])") }
                if c == "]" {
                    advance()
                    return .array(items)
                }
                items.append(try value())
                skipBlankAndComments()
                if consume(",") { continue }
                guard consume("]") else { throw TOMLError(line: line, message: "expected , or ] in a list") }
                return .array(items)
            }
        }

        mutating func scalar() throws(TOMLError) -> TOMLValue {
            var word = ""
            while let c = peek, !" \t\r\n#,]".unicodeScalars.contains(c) {
                word.unicodeScalars.append(c)
                advance()
            }
            switch word {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "inf", "+inf": return .float(.infinity)
            case "-inf": return .float(-.infinity)
            case "nan", "+nan", "-nan": return .float(.nan)
            default: break
            }
            let digits = word.replacingOccurrences(of: "_", with: "")
            if let n = Int(digits) { return .integer(n) }
            if digits.hasPrefix("0x"), let n = Int(digits.dropFirst(2), radix: 16) { return .integer(n) }
            if let d = Double(digits), digits.rangeOfCharacter(from: .letters.subtracting(CharacterSet(charactersIn: "eE"))) == nil {
                return .float(d)
            }
            if word.isEmpty { throw TOMLError(line: line, message: "a value is missing after `=`") }
            throw TOMLError(line: line, message: "`\(word)` is not a value: put text in double quotes, e.g. \"\(word)\"")
        }
    }
}
