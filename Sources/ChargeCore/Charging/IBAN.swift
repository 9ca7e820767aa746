/// IBAN check (ISO 13616, mod 97), done before anything is sent.
public enum IBAN {
    /// Uppercased with spaces removed.
    public static func normalized(_ raw: String) -> String {
        raw.uppercased().filter { !$0.isWhitespace }
    }

    /// Whether `raw` is a well-formed IBAN with a correct check sum.
    public static func isValid(_ raw: String) -> Bool {
        let iban = normalized(raw)
        guard (15...34).contains(iban.count),
            iban.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
            iban.prefix(2).allSatisfy(\.isLetter), iban.dropFirst(2).prefix(2).allSatisfy(\.isNumber)
        else { return false }
        var remainder = 0
        for ch in iban.dropFirst(4) + iban.prefix(4) {
            let value = ch.isNumber ? (ch.wholeNumberValue ?? 0) : Int(ch.asciiValue ?? 55) - 55
            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97
        }
        return remainder == 1
    }
}
