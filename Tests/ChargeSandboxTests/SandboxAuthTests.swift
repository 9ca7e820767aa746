import ChargeSandbox
import ChargeTestSupport
import Foundation
import Testing

/// Sign-in, refresh rotation, expiry, wrong credentials, throttling, isolation: over HTTP.
@Suite(.timeLimit(.minutes(3))) struct SandboxAuthTests {
    static let signIn = "mutation($u: String, $p: String) { initSession(username: $u, password: $p) { sessionToken refreshToken } }"
    static let contact = "{ contact { profile { name } } }"

    static func tokens(
        _ sb: Sandbox,
        _ user: String = Sandbox.demoUser,
        _ password: String = Sandbox.demoPassword
    ) async throws -> (String, String) {
        let a = try await SandboxHTTP.graphQL(sb.graphQLURL, signIn, variables: ["u": user, "p": password], bearer: sb.psk)
        let t = try #require(a.data("initSession"))
        return (try #require(t["sessionToken"] as? String), try #require(t["refreshToken"] as? String))
    }

    @Test func signInThenQueryAsTheUser() async throws {
        try await SandboxHarness.with { sb in
            let (session, _) = try await Self.tokens(sb)
            let a = try await SandboxHTTP.graphQL(sb.graphQLURL, Self.contact, bearer: session)
            #expect(a.status == 200)
            #expect((a.data("contact")?["profile"] as? [String: any Sendable])?["name"] as? String == "Demo User")
        }
    }

    @Test func refreshRotatesAndKillsTheOldPair() async throws {
        try await SandboxHarness.with { sb in
            let (session, refresh) = try await Self.tokens(sb)
            let r = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                "mutation { refreshSession { sessionToken refreshToken } }",
                bearer: refresh
            )
            let pair = try #require(r.data("refreshSession"))
            let newSession = try #require(pair["sessionToken"] as? String)
            #expect(newSession != session)
            let old = try await SandboxHTTP.graphQL(sb.graphQLURL, Self.contact, bearer: session)
            #expect(old.errorCode == "UNAUTHENTICATED")
            let fresh = try await SandboxHTTP.graphQL(sb.graphQLURL, Self.contact, bearer: newSession)
            #expect(fresh.errorCode == nil)
            // Replaying the used refresh token is refused (and ends the whole family:
            // SandboxSecurityTests.aReusedRefreshTokenRevokesTheWholeFamily).
            let again = try await SandboxHTTP.graphQL(sb.graphQLURL, "mutation { refreshSession { sessionToken } }", bearer: refresh)
            #expect(again.errorCode == "UNAUTHENTICATED")
        }
    }

    @Test func sessionTokenExpiresAfterItsTTL() async throws {
        var config = SandboxHarness.configuration()
        let clock = ManualSandboxClock()
        config.clock = clock
        config.sessionTTL = 60
        try await SandboxHarness.with(config) { sb in
            let (session, refresh) = try await Self.tokens(sb)
            clock.advance(by: 61)
            let a = try await SandboxHTTP.graphQL(sb.graphQLURL, Self.contact, bearer: session)
            #expect(a.errorCode == "UNAUTHENTICATED")
            #expect(a.errorMessage?.contains("expired") == true)
            #expect(a.body.contains("\"data\":null"))
            let r = try await SandboxHTTP.graphQL(sb.graphQLURL, "mutation { refreshSession { sessionToken } }", bearer: refresh)
            #expect(r.errorCode == nil)
        }
    }

    @Test func wrongPSKAndWrongPasswordAreRefused() async throws {
        try await SandboxHarness.with { sb in
            let badPSK = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                Self.signIn,
                variables: ["u": Sandbox.demoUser, "p": Sandbox.demoPassword],
                bearer: "nope"
            )
            #expect(badPSK.errorCode == "UNAUTHENTICATED")
            let badPassword = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                Self.signIn,
                variables: ["u": Sandbox.demoUser, "p": "wrong"],
                bearer: sb.psk
            )
            #expect(badPassword.errorCode == "UNAUTHENTICATED")
            #expect(badPassword.errorMessage == "Wrong username or password.")
            let noToken = try await SandboxHTTP.graphQL(sb.graphQLURL, Self.contact, bearer: nil)
            #expect(noToken.errorCode == "UNAUTHENTICATED")
        }
    }

    @Test func repeatedWrongPasswordsAreThrottled() async throws {
        try await SandboxHarness.with { sb in
            for _ in 0..<5 {
                _ = try await SandboxHTTP.graphQL(
                    sb.graphQLURL,
                    Self.signIn,
                    variables: ["u": Sandbox.demoUser, "p": "wrong"],
                    bearer: sb.psk
                )
            }
            let sixth = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                Self.signIn,
                variables: ["u": Sandbox.demoUser, "p": Sandbox.demoPassword],
                bearer: sb.psk
            )
            #expect(sixth.status == 429)
            #expect(Double(sixth.headers["retry-after"] ?? "") ?? 0 >= 1)
            // Other users are not affected.
            let other = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                Self.signIn,
                variables: ["u": Sandbox.otherUser, "p": Sandbox.otherPassword],
                bearer: sb.psk
            )
            #expect(other.status == 200 && other.errorCode == nil)
        }
    }

    @Test func aUserSeesOnlyTheirOwnSessions() async throws {
        try await SandboxHarness.with { sb in
            let (demo, _) = try await Self.tokens(sb)
            let (other, _) = try await Self.tokens(sb, Sandbox.otherUser, Sandbox.otherPassword)
            let q = "{ chargelogsPaged(pagination: {limit: 50}) { pagination { totalCount } data { id } } }"
            let mine = try await SandboxHTTP.graphQL(sb.graphQLURL, q, bearer: demo)
            let ids = ((mine.data("chargelogsPaged")?["data"] as? [any Sendable]) ?? []).compactMap {
                ($0 as? [String: any Sendable])?["id"] as? String
            }
            #expect(!ids.isEmpty)
            let theirs = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                "query($id: String) { chargelog(id: $id) { id } }",
                variables: ["id": ids[0]],
                bearer: other
            )
            #expect(theirs.errorCode == nil)
            #expect((theirs.json["data"] as? [String: any Sendable])?["chargelog"] as? String == "null")
        }
    }

    @Test func badQueriesGetHTTP400WithValidationCode() async throws {
        try await SandboxHarness.with { sb in
            let (session, _) = try await Self.tokens(sb)
            let a = try await SandboxHTTP.graphQL(sb.graphQLURL, "{ nope }", bearer: session)
            #expect(a.status == 400)
            #expect(a.errorCode == "GRAPHQL_VALIDATION_FAILED")
        }
    }
}
