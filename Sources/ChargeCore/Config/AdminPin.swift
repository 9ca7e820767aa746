import Crypto
import Foundation
import _CryptoExtras

/// The kiosk's admin PIN, kept only as a salted PBKDF2-HMAC-SHA256 hash in the config file:
/// `pbkdf2-sha256$ROUNDS$SALT$HASH` (salt and hash base64). Whoever can read the config
/// cannot read the PIN back; a four-digit PIN is still guessable offline, so the file should
/// stay readable by the kiosk account only (the README says so).
public enum AdminPin {
    public static let defaultRounds = 120_000
    static let prefix = "pbkdf2-sha256"

    /// A PIN is 4 to 12 digits (kiosk keypads have digits; long enough to not be guessed
    /// at the screen within the lockout).
    public static func isAcceptable(_ pin: String) -> Bool {
        (4...12).contains(pin.count) && pin.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Why a well-formed PIN is too easy to guess, or nil: one digit repeated (`1111`) or a
    /// straight run up or down (`1234`, `9876`) are the first guesses at any keypad, and
    /// the lockout only slows guessing.
    public static func weakness(_ pin: String) -> String? {
        let digits = pin.compactMap { $0.wholeNumberValue }
        guard digits.count >= 2 else { return nil }
        if Set(digits).count == 1 { return "A PIN of one repeated digit (\(pin)) is among the first guesses; choose another." }
        let steps = Set(zip(digits, digits.dropFirst()).map { $1 - $0 })
        if steps == [1] || steps == [-1] { return "A PIN of consecutive digits (\(pin)) is among the first guesses; choose another." }
        return nil
    }

    /// Hashes a PIN with a fresh random salt.
    public static func hash(_ pin: String, rounds: Int = defaultRounds) -> String {
        var g = SystemRandomNumberGenerator()
        let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &g) })
        let key = derive(pin, salt: salt, rounds: rounds) ?? Data()
        return "\(prefix)$\(rounds)$\(salt.base64EncodedString())$\(key.base64EncodedString())"
    }

    /// True when `pin` matches `encoded` (constant-time over the hash).
    public static func verify(_ pin: String, against encoded: String) -> Bool {
        guard let (rounds, salt, expected) = parse(encoded), let actual = derive(pin, salt: salt, rounds: rounds),
            actual.count == expected.count
        else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(actual, expected) { diff |= a ^ b }
        return diff == 0
    }

    /// Whether a config value looks like a hash this type wrote.
    public static func isWellFormed(_ encoded: String) -> Bool { parse(encoded) != nil }

    static func parse(_ encoded: String) -> (Int, Data, Data)? {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == prefix, let rounds = Int(parts[1]), (1_000...10_000_000).contains(rounds),
            let salt = Data(base64Encoded: String(parts[2])), salt.count >= 8,
            let hash = Data(base64Encoded: String(parts[3])), hash.count == 32
        else { return nil }
        return (rounds, salt, hash)
    }

    static func derive(_ pin: String, salt: Data, rounds: Int) -> Data? {
        guard
            let key = try? KDF.Insecure.PBKDF2.deriveKey(
                from: Data(pin.utf8),
                salt: salt,
                using: .sha256,
                outputByteCount: 32,
                unsafeUncheckedRounds: rounds
            )
        else { return nil }
        return key.withUnsafeBytes { Data($0) }
    }
}
