import Foundation

/// The user's language: English or German.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case en, de

    /// From `LC_ALL`, `LC_MESSAGES` or `LANG` (first set wins), defaulting to English.
    public static func detect(environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = environment[key], !v.isEmpty, v != "C", v != "POSIX", !v.hasPrefix("C.") {
                return v.lowercased().hasPrefix("de") ? .de : .en
            }
        }
        return .en
    }

    /// The value for `accept-language`.
    public var code: String { rawValue }

    /// The locale for numbers, money and dates in this language.
    public var locale: Locale { Locale(identifier: self == .de ? "de_DE" : "en_US") }
}
