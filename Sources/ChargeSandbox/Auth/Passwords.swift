import Crypto
import _CryptoExtras
import Foundation

/// Salted, slow password hashes (PBKDF2-HMAC-SHA256). Plain passwords are never stored.
enum Passwords {
    static func makeSalt(_ rng: inout SplitMix64) -> Data {
        var bytes = [UInt8]()
        for _ in 0..<2 { withUnsafeBytes(of: rng.next()) { bytes.append(contentsOf: $0) } }
        return Data(bytes)
    }

    static func hash(_ password: String, salt: Data, rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Data(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }

    /// Constant-time comparison, so timing does not leak how much of a hash matched.
    static func matches(_ password: String, salt: Data, rounds: Int, expected: Data) -> Bool {
        guard let actual = try? hash(password, salt: salt, rounds: rounds), actual.count == expected.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(actual, expected) { diff |= a ^ b }
        return diff == 0
    }

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
