import ChargeTestSupport
import Foundation
import Testing

@testable import ChargeCore

/// The client's security boundary: where plain http may go, redirects, readable refusals.
@Suite(.timeLimit(.minutes(1))) struct SecurityTests {
    /// Hosts that merely look like this machine. Each would have received the PSK and the
    /// password in clear under the old prefix check.
    static let lookalikes = [
        "127.0.0.1.x.invalid", "127.x.invalid", "localhost.x.invalid", "[::ffff:127.0.0.1]", "0x7f.1", "2130706433",
        "0177.0.0.1", "127.0.0.1.", "localhost.", "127.0.0", "127.0.0.256", "[::2]",
    ]

    @Test(arguments: lookalikes) func plainHTTPToALookalikeHostIsRefused(host: String) throws {
        let url = try #require(URL(string: "http://\(host):4000/graphql/"))
        #expect(throws: ChargeError.insecureEndpoint(url.host ?? host)) { try ChargeClient.checkSecure(url, allowInsecure: false) }
        // The Auth0 domain gets the same rule (the device flow posts there).
        let domain = try #require(URL(string: "http://\(host)"))
        let config = EndpointConfiguration(
            graphQLURL: URL(string: "https://api.example/graphql/")!,
            auth0: Auth0Settings(domain: domain, clientId: "c")
        )
        #expect(throws: ChargeError.self) { try ChargeClient(configuration: config, transport: NoTransport()) }
    }

    @Test(arguments: ["127.0.0.1", "127.1.2.3", "127.255.255.254", "localhost", "LOCALHOST", "[::1]", "[0:0:0:0:0:0:0:1]"])
    func plainHTTPToThisMachineIsAllowed(host: String) throws {
        let url = try #require(URL(string: "http://\(host):4000/graphql/"))
        try ChargeClient.checkSecure(url, allowInsecure: false)
        let config = EndpointConfiguration(
            graphQLURL: url,
            auth0: Auth0Settings(domain: try #require(URL(string: "http://\(host):4000")), clientId: "c")
        )
        _ = try ChargeClient(configuration: config, transport: NoTransport())
    }

    @Test func loopbackParsesAddressesNotPrefixes() {
        #expect(LoopbackHost.isLoopback("127.0.0.1"))
        #expect(LoopbackHost.isLoopback("::1"))
        #expect(!LoopbackHost.isLoopback("128.0.0.1"))
        #expect(!LoopbackHost.isLoopback("::ffff:127.0.0.1"))
        #expect(!LoopbackHost.isLoopback("::2"))
        #expect(!LoopbackHost.isLoopback("127.0.0.1 "))
        #expect(!LoopbackHost.isLoopback(""))
    }

    /// A server that answers sign-in with 307 must not receive the password elsewhere, and
    /// the refusal names where it pointed.
    @Test func aRedirectIsNotFollowedAndIsNamed() async throws {
        let server = try RedirectingServer(status: 307)
        defer { server.stop() }
        let client = try ChargeClient(
            configuration: EndpointConfiguration(graphQLURL: server.url, psk: Secret("the-psk"), requestTimeout: 20)
        )
        let error = await #expect(throws: ChargeError.self) {
            try await client.signIn(username: "demo-user", password: Secret("hunter2-password"))
        }
        await client.shutdown()
        let message = error?.message ?? ""
        #expect(message.contains("http://127.0.0.1:\(server.port)/elsewhere"), "the refusal names the target: \(message)")
        #expect(message.contains("307"))
        #expect(server.requests.count == 1, "exactly the one request, not followed: \(server.requests.map(\.path))")
        #expect(!server.requests.contains { $0.path == "/elsewhere" })
    }

    @Test func aRedirectFromTheSignInServiceIsNotFollowed() async throws {
        let server = try RedirectingServer(status: 302)
        defer { server.stop() }
        let config = EndpointConfiguration(
            graphQLURL: server.url,
            auth0: Auth0Settings(domain: URL(string: "http://127.0.0.1:\(server.port)")!, clientId: "c"),
            requestTimeout: 20
        )
        let client = try ChargeClient(configuration: config)
        let error = await #expect(throws: ChargeError.self) { _ = try await client.beginDeviceSignIn() }
        await client.shutdown()
        #expect(error?.message.contains("/elsewhere") == true, "\(error?.message ?? "")")
        #expect(!server.requests.contains { $0.path == "/elsewhere" })
    }

    @Test func aRedirectTargetIsShownAsPlainText() throws {
        let answer = HTTPAnswer(status: 301, headers: ["location": "http://evil.invalid/\u{1b}[2J\u{7}x"], body: Data())
        #expect {
            try answer.refuseRedirect(from: URL(string: "https://api.example/graphql/")!)
        } throws: { error in
            let m = (error as? ChargeError)?.message ?? ""
            return m.contains("http://evil.invalid/[2Jx") && !m.contains("\u{1b}") && m.contains("api.example")
        }
    }

    /// Every refusal reads as a sentence, also through `localizedDescription` (which once
    /// printed "The operation could not be completed. (ChargeCore.ChargeError error 9.)").
    @Test func everyErrorReadsAsASentence() throws {
        let all: [ChargeError] = [
            .offline("connection refused"), .timeout, .unauthenticated(""), .forbidden(""),
            .badInput("The radius must be greater than 0 km."),
            .notFound("The station"), .rateLimited(retryAfter: 3), .server(status: 502, message: nil), .unexpectedResponse("x"),
            .refused(code: nil, message: "The station refused."), .insecureEndpoint("127.0.0.1.x.invalid"), .configuration("Bad URL."),
            .cancelled,
        ]
        #expect(Set(all.map(\.kind)) == Set(ChargeError.Kind.allCases))
        for e in all {
            let any: any Error = e
            #expect(any.localizedDescription == e.message)
            #expect(!any.localizedDescription.contains("could not be completed"))
            #expect(!any.localizedDescription.contains("ChargeError"))
        }
        #expect(ChargeError.insecureEndpoint("127.x.invalid").message.contains("127.x.invalid"))
        #expect(ChargeError.insecureEndpoint("127.x.invalid").message.contains("--insecure"))
    }
}

/// A transport for tests that only construct a client: never called.
struct NoTransport: HTTPTransport {
    func post(url: URL, headers: [String: String], body: Data) async throws(TransportFailure) -> HTTPAnswer {
        throw .notSent("no network in this test")
    }
    func shutdown() async {}
}
