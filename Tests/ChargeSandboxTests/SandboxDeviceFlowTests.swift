import ChargeSandbox
import ChargeTestSupport
import Foundation
import Testing

/// The emulated Auth0 device flow: all four RFC 8628 answers, and the token works.
@Suite(.timeLimit(.minutes(3))) struct SandboxDeviceFlowTests {
    static func begin(_ sb: Sandbox) async throws -> (device: String, user: String) {
        let a = try await SandboxHTTP.form(
            sb.baseURL.appendingPathComponent("oauth/device/code"),
            ["client_id": sb.auth0ClientId, "scope": "openid"]
        )
        #expect(a.status == 200)
        return (try #require(a.json["device_code"] as? String), try #require(a.json["user_code"] as? String))
    }

    static func poll(_ sb: Sandbox, _ device: String) async throws -> SandboxHTTP.Answer {
        try await SandboxHTTP.form(
            sb.baseURL.appendingPathComponent("oauth/token"),
            ["grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": device, "client_id": sb.auth0ClientId]
        )
    }

    @Test func pendingSlowDownApprovedAndTheTokenIsAccepted() async throws {
        var config = SandboxHarness.configuration()
        let clock = ManualSandboxClock()
        config.clock = clock
        try await SandboxHarness.with(config) { sb in
            let (device, user) = try await Self.begin(sb)
            clock.advance(by: 6)
            #expect(try await Self.poll(sb, device).json["error"] as? String == "authorization_pending")
            #expect(try await Self.poll(sb, device).json["error"] as? String == "slow_down")
            try await sb.approveDevice(userCode: user)
            clock.advance(by: 11)
            let ok = try await Self.poll(sb, device)
            let token = try #require(ok.json["access_token"] as? String)
            #expect(token.split(separator: ".").count == 3)
            let me = try await SandboxHTTP.graphQL(sb.graphQLURL, "{ contact { profile { name } } }", bearer: token)
            #expect(me.errorCode == nil)
            clock.advance(by: 3601)
            let late = try await SandboxHTTP.graphQL(sb.graphQLURL, "{ contact { profile { name } } }", bearer: token)
            #expect(late.errorCode == "UNAUTHENTICATED")
        }
    }

    @Test func deniedAndExpiredCodes() async throws {
        var config = SandboxHarness.configuration()
        let clock = ManualSandboxClock()
        config.clock = clock
        try await SandboxHarness.with(config) { sb in
            let (device, user) = try await Self.begin(sb)
            try await sb.denyDevice(userCode: user)
            #expect(try await Self.poll(sb, device).json["error"] as? String == "access_denied")
            let (device2, _) = try await Self.begin(sb)
            clock.advance(by: 601)
            #expect(try await Self.poll(sb, device2).json["error"] as? String == "expired_token")
        }
    }
}
