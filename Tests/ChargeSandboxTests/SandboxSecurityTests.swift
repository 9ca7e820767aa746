import ChargeTestSupport
import Foundation
import GRDB
import Testing

@testable import ChargeSandbox

/// The sandbox's side of issue 18: refresh rotation under races, reuse detection, the
/// approval page's throttle and answers, its headers, device-code purging, constant-time
/// and dummy-salt comparisons, query cost.
@Suite(.timeLimit(.minutes(3))) struct SandboxSecurityTests {
    static let refresh = "mutation { refreshSession { sessionToken refreshToken } }"

    static func refreshPair(_ sb: Sandbox, _ token: String) async throws -> (session: String, refresh: String)? {
        let a = try await SandboxHTTP.graphQL(sb.graphQLURL, refresh, bearer: token)
        guard let p = a.data("refreshSession"), let s = p["sessionToken"] as? String, let r = p["refreshToken"] as? String else {
            return nil
        }
        return (s, r)
    }

    /// 16 parallel refreshes of one token: exactly one new pair, in every round (the revoked
    /// check used to sit outside the write transaction and forked the session).
    @Test func parallelRefreshesOfOneTokenGiveExactlyOnePair() async throws {
        try await SandboxHarness.with { sb in
            for round in 0..<10 {
                let (_, token) = try await SandboxAuthTests.tokens(sb)
                let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<16 { group.addTask { try await Self.refreshPair(sb, token) != nil } }
                    var n = 0
                    for try await ok in group where ok { n += 1 }
                    return n
                }
                #expect(winners == 1, "round \(round): \(winners) valid pairs from one refresh token")
            }
        }
    }

    /// A reused refresh token ends the whole family: every later pair too.
    @Test func aReusedRefreshTokenRevokesTheWholeFamily() async throws {
        try await SandboxHarness.with { sb in
            let (_, r1) = try await SandboxAuthTests.tokens(sb)
            let p2 = try #require(try await Self.refreshPair(sb, r1))
            let p3 = try #require(try await Self.refreshPair(sb, p2.refresh))
            let before = try await SandboxHTTP.graphQL(sb.graphQLURL, SandboxAuthTests.contact, bearer: p3.session)
            #expect(before.errorCode == nil)
            // A thief replays r1.
            let reuse = try await SandboxHTTP.graphQL(sb.graphQLURL, Self.refresh, bearer: r1)
            #expect(reuse.errorCode == "UNAUTHENTICATED")
            #expect(reuse.errorMessage?.contains("used twice") == true, "\(reuse.errorMessage ?? "")")
            let after = try await SandboxHTTP.graphQL(sb.graphQLURL, SandboxAuthTests.contact, bearer: p3.session)
            #expect(after.errorCode == "UNAUTHENTICATED", "the newest session of the family is ended too")
            #expect(try await Self.refreshPair(sb, p3.refresh) == nil)
            // Another sign-in of the same user is a different family and unaffected.
            let (other, _) = try await SandboxAuthTests.tokens(sb)
            #expect(try await SandboxHTTP.graphQL(sb.graphQLURL, SandboxAuthTests.contact, bearer: other).errorCode == nil)
        }
    }

    static func activate(_ sb: Sandbox, _ fields: [String: String]) async throws -> SandboxHTTP.Answer {
        try await SandboxHTTP.form(sb.baseURL.appendingPathComponent("activate"), fields)
    }

    static func message(_ page: SandboxHTTP.Answer) -> String {
        guard let r = page.body.range(of: "<strong>"), let e = page.body.range(of: "</strong>", range: r.upperBound..<page.body.endIndex)
        else { return "" }
        return String(page.body[r.upperBound..<e.lowerBound])
    }

    /// A right password with a wrong code and a wrong password get the same answer, and
    /// guessing is throttled like `initSession`.
    @Test func theApprovalPageTellsNothingAndIsThrottled() async throws {
        try await SandboxHarness.with { sb in
            let right = try await Self.activate(
                sb,
                ["user_code": "BBBB-BBBB", "username": Sandbox.demoUser, "password": Sandbox.demoPassword, "decision": "approve"]
            )
            let wrong = try await Self.activate(
                sb,
                ["user_code": "BBBB-BBBB", "username": Sandbox.demoUser, "password": "guess", "decision": "approve"]
            )
            #expect(Self.message(right) == Self.message(wrong), "right: \(Self.message(right)) / wrong: \(Self.message(wrong))")
            #expect(!Self.message(right).isEmpty)
            for _ in 0..<5 {
                _ = try await Self.activate(sb, ["user_code": "BBBB-BBBB", "username": Sandbox.demoUser, "password": "guess"])
            }
            let (_, code) = try await SandboxDeviceFlowTests.begin(sb)
            let throttled = try await Self.activate(
                sb,
                ["user_code": code, "username": Sandbox.demoUser, "password": Sandbox.demoPassword, "decision": "approve"]
            )
            #expect(throttled.status == 429)
            #expect(Self.message(throttled).contains("Too many failed sign-ins"))
        }
    }

    @Test func denyingNeedsTheUsersCredentials() async throws {
        var config = SandboxHarness.configuration()
        let clock = ManualSandboxClock()
        config.clock = clock
        try await SandboxHarness.with(config) { sb in
            let (device, code) = try await SandboxDeviceFlowTests.begin(sb)
            let anonymous = try await Self.activate(sb, ["user_code": code, "decision": "deny"])
            #expect(!Self.message(anonymous).contains("Denied"))
            clock.advance(by: 6)
            #expect(try await SandboxDeviceFlowTests.poll(sb, device).json["error"] as? String == "authorization_pending")
            let owner = try await Self.activate(
                sb,
                ["user_code": code, "username": Sandbox.demoUser, "password": Sandbox.demoPassword, "decision": "deny"]
            )
            #expect(Self.message(owner) == "Denied.")
            clock.advance(by: 6)
            #expect(try await SandboxDeviceFlowTests.poll(sb, device).json["error"] as? String == "access_denied")
        }
    }

    @Test func theApprovalPageCannotBeFramedOrLoadAnything() async throws {
        try await SandboxHarness.with { sb in
            for page in [
                try await Self.activate(sb, ["user_code": "x"]), try await SandboxHTTP.get(sb.baseURL.appendingPathComponent("activate")),
            ] {
                #expect(page.headers["x-frame-options"] == "DENY")
                let csp = page.headers["content-security-policy"] ?? ""
                #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'") && csp.contains("form-action 'self'"))
                #expect(page.headers["cache-control"] == "no-store")
            }
        }
    }

    /// What must stay true: the page escapes what it echoes.
    @Test func theApprovalPageEscapesTheCode() async throws {
        try await SandboxHarness.with { sb in
            let page = try await Self.activate(sb, ["user_code": "\"><script>alert(1)</script>", "username": "u", "password": "p"])
            #expect(!page.body.contains("<script>"))
            #expect(page.body.contains("&lt;script>"))
        }
    }

    @Test func expiredDeviceCodesArePurged() {
        let d = DeviceAuthorizations()
        for i in 0..<50 { _ = d.create(clientId: "c", now: Double(i), ttl: 600, interval: 5) }
        #expect(d.count == 50)
        _ = d.create(clientId: "c", now: 10_000, ttl: 600, interval: 5)
        #expect(d.count == 1)
    }

    @Test func pskComparisonIsConstantTimeAndExact() {
        #expect(Passwords.constantTimeEqual("sandbox-psk-0000", "sandbox-psk-0000"))
        #expect(!Passwords.constantTimeEqual("sandbox-psk-0000", "sandbox-psk-000"))
        #expect(!Passwords.constantTimeEqual("sandbox-psk-0000", "sandbox-psk-00000"))
        #expect(!Passwords.constantTimeEqual("sandbox-psk-0000", "Sandbox-psk-0000"))
        #expect(!Passwords.constantTimeEqual("", "x"))
        #expect(Passwords.constantTimeEqual("", ""))
    }

    /// An unknown username costs a PBKDF2 like a known one (it once answered at once, so
    /// timing told which usernames exist). Counted, not timed: a timed unit test fails by
    /// luck on a loaded machine. Before the fix the unknown user made no derivation.
    @Test func anUnknownUserCostsAsMuchAsAKnownOne() async throws {
        var config = SandboxHarness.configuration()
        config.throttleLimit = 1000
        try await SandboxHarness.with(config) { sb in
            func derivations(signingInAs user: String) async throws -> Int {
                let before = sb.services.auth.passwordDerivations.withLock { $0 }
                let a = try await SandboxHTTP.graphQL(
                    sb.graphQLURL,
                    SandboxAuthTests.signIn,
                    variables: ["u": user, "p": "wrong-password"],
                    bearer: sb.psk
                )
                #expect(a.errorMessage == "Wrong username or password.")
                return sb.services.auth.passwordDerivations.withLock { $0 } - before
            }
            let known = try await derivations(signingInAs: Sandbox.demoUser)
            let unknown = try await derivations(signingInAs: "nobody")
            #expect(known == 1)
            #expect(unknown == 1, "an unknown user costs one PBKDF2 too")
        }
    }

    /// What must stay true: a token is stored only as its hash.
    @Test func tokensAreStoredOnlyAsHashes() async throws {
        try await SandboxHarness.with { sb in
            let (session, refresh) = try await SandboxAuthTests.tokens(sb)
            let rows = try await sb.services.db.queue.read { try String.fetchAll($0, sql: "SELECT hash FROM token") }
            #expect(!rows.contains(session) && !rows.contains(refresh))
            #expect(rows.contains(Passwords.tokenHash(session)) && rows.contains(Passwords.tokenHash(refresh)))
        }
    }

    /// Sixty aliased radius searches in one request stalled every user; now refused by name.
    @Test func tooManyRootFieldsAreRefusedWithAClearError() async throws {
        try await SandboxHarness.with { sb in
            let (session, _) = try await SandboxAuthTests.tokens(sb)
            let many = (0..<60).map {
                "a\($0): cpsPaged(filter: {latitude: 47.8, longitude: 13.05, radius: 1000}, pagination: {limit: 100}) { pagination { totalCount } }"
            }
            let a = try await SandboxHTTP.graphQL(sb.graphQLURL, "{ \(many.joined(separator: " ")) }", bearer: session)
            #expect(a.status == 400)
            #expect(a.errorCode == "QUERY_TOO_COMPLEX")
            #expect(a.errorMessage?.contains("60") == true, "\(a.errorMessage ?? "")")
            let few = (0..<QueryCost.maxRootFields).map { "a\($0): contact { profile { name } }" }
            let b = try await SandboxHTTP.graphQL(sb.graphQLURL, "{ \(few.joined(separator: " ")) }", bearer: session)
            #expect(b.errorCode == nil, "\(b.errorMessage ?? "")")
        }
    }

    // MARK: - What must stay true

    @Test func listeningBeyondLoopbackMustBeAskedFor() async throws {
        var config = SandboxHarness.configuration(stations: 50)
        config.host = "0.0.0.0"
        let sb = try await Sandbox(configuration: config)
        await #expect(throws: SandboxStartError.self) { try await sb.start() }
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"] {
            var c = SandboxConfiguration()
            c.host = host
            #expect(c.hostIsLoopback, "\(host)")
        }
        for host in [
            "0.0.0.0", "127.0.0.1.x.invalid", "127.x.invalid", "localhost.x.invalid", "::ffff:127.0.0.1", "2130706433", "192.168.1.2",
        ] {
            var c = SandboxConfiguration()
            c.host = host
            #expect(!c.hostIsLoopback, "\(host)")
        }
    }

    /// RS256 tokens: a changed payload, `alg: none` and another key's signature are refused.
    @Test func accessTokensAreVerified() throws {
        let signer = TokenSigner()
        let other = TokenSigner()
        let token = try signer.sign(subject: "u1", issuedAt: 1000, ttl: 3600, issuer: "i", audience: "a")
        #expect(signer.verify(token, now: 2000) == .valid(subject: "u1"))
        #expect(signer.verify(token, now: 5000) == .expired)
        let parts = token.split(separator: ".").map(String.init)
        let forgedPayload = TokenSigner.base64url(Data(#"{"sub":"u2","exp":999999999999}"#.utf8))
        #expect(signer.verify("\(parts[0]).\(forgedPayload).\(parts[2])", now: 2000) == .invalid)
        let none = TokenSigner.base64url(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
        #expect(signer.verify("\(none).\(forgedPayload).", now: 2000) == .invalid)
        let foreign = try other.sign(subject: "u1", issuedAt: 1000, ttl: 3600, issuer: "i", audience: "a")
        #expect(signer.verify(foreign, now: 2000) == .invalid)
    }

    /// PBKDF2 passwords: right one matches, any other (also a prefix) does not.
    @Test func passwordsMatchExactly() throws {
        let salt = Data("salt-salt".utf8)
        let hash = try Passwords.hash("demo-user-password", salt: salt, rounds: 1000)
        #expect(Passwords.matches("demo-user-password", salt: salt, rounds: 1000, expected: hash))
        #expect(!Passwords.matches("demo-user-passwor", salt: salt, rounds: 1000, expected: hash))
        #expect(!Passwords.matches("demo-user-password", salt: salt, rounds: 1000, expected: hash.prefix(31)))
    }

    /// Hostile text in arguments is data, never SQL.
    @Test func injectionInArgumentsIsJustText() async throws {
        try await SandboxHarness.with { sb in
            let a = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                SandboxAuthTests.signIn,
                variables: ["u": "demo-user' OR '1'='1' --", "p": "x' OR '1'='1"],
                bearer: sb.psk
            )
            #expect(a.errorMessage == "Wrong username or password.")
            let (session, _) = try await SandboxAuthTests.tokens(sb)
            let q = "query($f: CpFilter) { cpsPaged(filter: $f, pagination: {limit: 5}) { pagination { totalCount } } }"
            let b = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                q,
                variables: ["f": ["latitude": 47.8, "longitude": 13.05, "radius": 50, "search": "x' OR 1=1; DROP TABLE station; --"]],
                bearer: session
            )
            #expect(b.errorCode == nil)
            #expect((b.data("cpsPaged")?["pagination"] as? [String: any Sendable])?["totalCount"] as? Double == 0)
            let c = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                q,
                variables: ["f": ["latitude": 47.8, "longitude": 13.05, "radius": 50]],
                bearer: session
            )
            #expect(
                ((c.data("cpsPaged")?["pagination"] as? [String: any Sendable])?["totalCount"] as? Double ?? 0) > 0,
                "the table is still there"
            )
        }
    }

    /// One user cannot stop, read or use another's sessions, attempts, cards or documents.
    @Test func usersCannotReachEachOthersThings() async throws {
        try await SandboxChargingTests.setup { s in
            let connector = try #require(try await SandboxChargingTests.connectors(s, roaming: false, status: "Available").first)
            let tag = try await SandboxChargingTests.tag(s, connector)
            let started = try await SandboxHTTP.graphQL(
                s.sb.graphQLURL,
                SandboxChargingTests.attempt,
                variables: ["c": connector, "t": tag],
                bearer: s.token
            )
            let attemptID = try #require(started.data("attemptRemoteStart")?["id"] as? String)
            s.clock.advance(by: 6)
            let logID = try #require(try await SandboxChargingTests.attemptStatus(s, attemptID)["chargelogId"] as? String)
            let (other, _) = try await SandboxAuthTests.tokens(s.sb, Sandbox.otherUser, Sandbox.otherPassword)

            let attempt = try await SandboxHTTP.graphQL(
                s.sb.graphQLURL,
                SandboxChargingTests.status,
                variables: ["id": attemptID],
                bearer: other
            )
            #expect(attempt.data("remoteStartAttemptStatus") == nil, "another user's attempt is not visible")
            let stop = try await SandboxHTTP.graphQL(s.sb.graphQLURL, SandboxChargingTests.stop, variables: ["t": logID], bearer: other)
            #expect(stop.data("remoteStop")?["status"] as? String != "success")
            let log = try #require(
                try await SandboxHTTP.graphQL(s.sb.graphQLURL, SandboxChargingTests.log, variables: ["id": logID], bearer: s.token).data(
                    "chargelog"
                )
            )
            #expect(log["status"] as? String == "started", "still charging after the other user's stop")
            let cards = try await SandboxHTTP.graphQL(
                s.sb.graphQLURL,
                SandboxChargingTests.cards,
                variables: ["c": connector],
                bearer: other
            )
            #expect(!cards.body.contains(tag), "the other user's cards do not include this one's")
            let docs = "{ accountDocumentsPaged(pagination: {limit: 100}) { data { id } } }"
            let mine = try await SandboxHTTP.graphQL(s.sb.graphQLURL, docs, bearer: s.token)
            let theirs = try await SandboxHTTP.graphQL(s.sb.graphQLURL, docs, bearer: other)
            let ids = { (a: SandboxHTTP.Answer) in
                Set(
                    ((a.data("accountDocumentsPaged")?["data"] as? [any Sendable]) ?? []).compactMap {
                        ($0 as? [String: any Sendable])?["id"] as? String
                    }
                )
            }
            #expect(!ids(mine).isEmpty)
            #expect(ids(mine).isDisjoint(with: ids(theirs)))
        }
    }
}
