import Foundation

// MARK: Scalars

/// Strings and numbers: the scalar parts of the grammar, with the short-number fast path.
extension JSONReader {
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
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
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
                if digits < 15 {
                    mantissa = mantissa * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
                    digits += 1
                } else {
                    simple = false
                }
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
                } else {
                    simple = false
                }
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
