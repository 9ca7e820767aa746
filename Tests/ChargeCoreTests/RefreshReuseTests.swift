import ChargeCore
import ChargeSandbox
import ChargeTestSupport
import Foundation
import Testing

/// Keeps a copy of the tokens the server hands out, as a thief who read them would.
final class TokenCopyingTransport: HTTPTransport, @unchecked Sendable {
    let inner = AsyncHTTPTransport(connectTimeout: 5, requestTimeout: 10)
    private let lock = NSLock()
    private var refreshTokens: [String] = []
    private var sessionTokens: [String] = []

    var lastRefreshToken: String? { lock.withLock { refreshTokens.last } }
    var allRefreshTokens: [String] { lock.withLock { refreshTokens } }
    var allTokens: [String] { lock.withLock { refreshTokens + sessionTokens } }

    func post(url: URL, headers: [String: String], body: Data) async throws(TransportFailure) -> HTTPAnswer {
        let answer = try await inner.post(url: url, headers: headers, body: body)
        if let json = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any], let data = json["data"] as? [String: Any] {
            for key in ["initSession", "refreshSession"] {
                if let pair = data[key] as? [String: Any], let r = pair["refreshToken"] as? String {
                    lock.withLock {
                        refreshTokens.append(r)
                        if let s = pair["sessionToken"] as? String { sessionTokens.append(s) }
                    }
                }
            }
        }
        return answer
    }

    func shutdown() async { await inner.shutdown() }
}

/// When a thief uses the client's refresh token first, the client's own refresh is a
/// reuse: the server ends the whole sign-in, and the client signs out with a message that
/// says why, instead of failing in a loop or carrying on.
@Suite(.timeLimit(.minutes(3))) struct RefreshReuseTests {
    @Test func aStolenRefreshTokenEndsTheSignInAndTheClientSaysSo() async throws {
        try await SandboxHarness.with { sb in
            let transport = TokenCopyingTransport()
            let client = try await SandboxHarness.signedInClient(sb, transport: transport)
            var events = client.events().makeAsyncIterator()
            let stolen = try #require(transport.lastRefreshToken)
            // The thief rotates first: the client's pair is now revoked.
            let thief = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                "mutation { refreshSession { sessionToken refreshToken } }",
                bearer: stolen
            )
            let thiefSession = try #require(thief.data("refreshSession")?["sessionToken"] as? String)
            // The client's next call gets a 401, refreshes with its (used) token: a reuse.
            let error = await #expect(throws: ChargeError.self) { _ = try await client.profile() }
            #expect(error?.kind == .unauthenticated)
            #expect(error?.message.contains("Sign in again") == true, "\(error?.message ?? "")")
            var reason: SignOutReason?
            while let e = await events.next() {
                if case .signedOut(let r) = e {
                    reason = r
                    break
                }
            }
            guard case .sessionExpired(let why)? = reason else {
                Issue.record("no sign-out event: \(String(describing: reason))")
                return
            }
            #expect(why.contains("used twice"))
            // The thief's session ended with the family.
            #expect(
                try await SandboxHTTP.graphQL(sb.graphQLURL, "{ contact { profile { name } } }", bearer: thiefSession).errorCode
                    == "UNAUTHENTICATED"
            )
            // Signing in again works.
            try await client.signIn(username: Sandbox.demoUser, password: Secret(Sandbox.demoPassword))
            _ = try await client.profile()
            await client.shutdown()
        }
    }
}
