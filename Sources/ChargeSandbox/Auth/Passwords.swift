import Crypto
import Foundation
import _CryptoExtras

/// Salted, slow password hashes (PBKDF2-HMAC-SHA256). Plain passwords are never stored.
enum Passwords {
    static func makeSalt(_ rng: inout SplitMix64) -> Data {
        var bytes = [UInt8]()
        for _ in 0..<2 { withUnsafeBytes(of: rng.next()) { bytes.append(contentsOf: $0) } }
        return Data(bytes)
    }

    static func hash(_ password: String, salt: Data, rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Data(password.utf8),
            salt: salt,
            using: .sha256,
            outputByteCount: 32,
            unsafeUncheckedRounds: rounds
        )
        return key.withUnsafeBytes { Data($0) }
    }

    /// Constant-time comparison, so timing does not leak how much of a hash matched.
    static func matches(_ password: String, salt: Data, rounds: Int, expected: Data) -> Bool {
        guard let actual = try? hash(password, salt: salt, rounds: rounds), actual.count == expected.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(actual, expected) { diff |= a ^ b }
        return diff == 0
    }

    /// Equal strings, compared in time that depends on the lengths only (for the PSK).
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var diff = UInt8(truncatingIfNeeded: x.count ^ y.count)
        for i in 0..<max(x.count, y.count) { diff |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0) }
        return diff == 0
    }

    /// What an unknown username is checked against, so it costs the same PBKDF2 as a known
    /// one and timing does not reveal which usernames exist. Nothing matches it: no
    /// password hashes to 32 zero bytes.
    static let dummySalt = Data("chargeterm-sandbox-dummy-salt".utf8)
    static let dummyHash = Data(repeating: 0, count: 32)

    /// SHA-256 of a token, hex: tokens are stored only as hashes.
    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A random token (URL-safe), from the system CSPRNG.
    static func randomToken(prefix: String) -> String {
        var g = SystemRandomNumberGenerator()
        let raw = (0..<4).map { _ in String(g.next(), radix: 36) }.joined()
        return "\(prefix)_\(raw)"
    }
}
