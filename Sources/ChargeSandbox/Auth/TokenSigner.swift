import Crypto
import Foundation
import _CryptoExtras

/// Issues and checks the emulated Auth0 access tokens: RS256 JWTs.
///
/// The RSA key is made on first use, not at start-up: generating it costs far more than the
/// rest of the sandbox's start, and most runs never use the device flow.
final class TokenSigner: @unchecked Sendable {
    enum Verification: Equatable {
        case valid(subject: String)
        case expired, invalid
    }

    private let lock = NSLock()
    private var key: _RSA.Signing.PrivateKey?

    private func signingKey() throws -> _RSA.Signing.PrivateKey {
        try lock.withLock {
            if let key { return key }
            let made = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            key = made
            return made
        }
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(
            of: "=",
            with: ""
        )
    }

    static func decodeBase64url(_ text: Substring) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }

    func sign(subject: String, issuedAt: Double, ttl: Double, issuer: String, audience: String) throws -> String {
        let header = #"{"alg":"RS256","typ":"JWT","kid":"sandbox-1"}"#
        let payload: [String: Any] = ["sub": subject, "iat": Int(issuedAt), "exp": Int(issuedAt + ttl), "iss": issuer, "aud": audience]
        let payloadData = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        let signingInput = Self.base64url(Data(header.utf8)) + "." + Self.base64url(payloadData)
        let signature = try signingKey().signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Self.base64url(signature.rawRepresentation)
    }

    func verify(_ token: String, now: Double) -> Verification {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let sig = Self.decodeBase64url(parts[2]), let payload = Self.decodeBase64url(parts[1]),
            let key = lock.withLock({ key })
        else { return .invalid }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard
            key.publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: sig),
                for: signingInput,
                padding: .insecurePKCS1v1_5
            ),
            let claims = try? JSONSerialization.jsonObject(with: payload) as? [String: Any],
            let sub = claims["sub"] as? String, let exp = claims["exp"] as? Double ?? (claims["exp"] as? Int).map(Double.init)
        else { return .invalid }
        return exp > now ? .valid(subject: sub) : .expired
    }
}
