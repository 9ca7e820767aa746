import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ChargeSandbox

/// Each injected fault's answer, the observer's exemption, and that a fault seed replays
/// the same faults; the middleware alone, in process.
@Suite(.timeLimit(.minutes(1))) struct FaultInjectionMiddlewareTests {
    static func chain(
        _ faults: SandboxFaults,
        seed: UInt64 = 1,
        exempt: String? = nil
    ) -> [any MiddlewareProtocol<Request, Response, SandboxRequestContext>] {
        [GraphQLAnswerMiddleware(), FaultInjectionMiddleware(faults: FaultState(faults, seed: seed), exemptToken: exempt)]
    }

    static func post(_ client: any TestClientProtocol, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await client.execute(uri: "/graphql", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
    }

    @Test func withoutFaultsTheRequestGoesThrough() async throws {
        try await MiddlewareTestApp.run(Self.chain(SandboxFaults())) { client in
            let r = try await Self.post(client)
            #expect(r.status == .ok)
            #expect(String(buffer: r.body) == "reached application/json 2")
        }
    }

    @Test func aServerErrorIsAGraphQLErrorInTheAskedType() async throws {
        try await MiddlewareTestApp.run(Self.chain(SandboxFaults(serverErrorRate: 1))) { client in
            for accept in ["application/json", "application/graphql-response+json"] {
                let r = try await Self.post(client, headers: [.accept: accept])
                #expect([500, 502, 503].contains(r.status.code))
                #expect(r.headers[.contentType] == accept + "; charset=utf-8")
                #expect(MiddlewareTestApp.firstError(r).code == "INTERNAL_SERVER_ERROR")
                #expect(MiddlewareTestApp.json(r)?["data"] == nil, "not executed: no data entry")
            }
        }
    }

    @Test func rateLimitingSaysWhenToComeBack() async throws {
        try await MiddlewareTestApp.run(Self.chain(SandboxFaults(rateLimitRate: 1, retryAfter: 2.5))) { client in
            let r = try await Self.post(client)
            #expect(r.status == .tooManyRequests)
            #expect(r.headers[.retryAfter] == "3")
            #expect(MiddlewareTestApp.firstError(r).code == "RATE_LIMITED")
        }
    }

    @Test func aMalformedAnswerIsNotJSON() async throws {
        try await MiddlewareTestApp.run(Self.chain(SandboxFaults(malformedRate: 1))) { client in
            let r = try await Self.post(client)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "application/json")
            #expect((try? JSONSerialization.jsonObject(with: Data(buffer: r.body))) == nil)
        }
    }

    @Test func aDropAnswersNothing() async throws {
        try await MiddlewareTestApp.run(Self.chain(SandboxFaults(dropRate: 1))) { client in
            let r = try await Self.post(client)
            #expect(r.status == .serviceUnavailable)
            #expect(r.body.readableBytes == 0)
        }
    }

    static let exemptHeader = HTTPFields.Element.Name(FaultInjectionMiddleware.exemptHeader)!

    @Test func onlyTheExemptionTokenSkipsFaults() async throws {
        try await MiddlewareTestApp.run(Self.chain(SandboxFaults(serverErrorRate: 1), exempt: "observer")) { client in
            let observer = try await Self.post(client, headers: [Self.exemptHeader: "observer"])
            let guess = try await Self.post(client, headers: [Self.exemptHeader: "guess"])
            let plain = try await Self.post(client)
            #expect(observer.status == .ok)
            #expect(guess.status.code >= 500)
            #expect(plain.status.code >= 500)
        }
        // An empty token exempts nobody, even a request that sends an empty header.
        try await MiddlewareTestApp.run(Self.chain(SandboxFaults(serverErrorRate: 1), exempt: "")) { client in
            let empty = try await Self.post(client, headers: [Self.exemptHeader: ""])
            #expect(empty.status.code >= 500)
        }
    }

    /// The statuses of 40 requests under a mix of faults.
    static func statuses(seed: UInt64) async throws -> [Int] {
        let mix = SandboxFaults(serverErrorRate: 0.2, dropRate: 0.1, malformedRate: 0.1, rateLimitRate: 0.1)
        return try await MiddlewareTestApp.run(chain(mix, seed: seed)) { client in
            var out: [Int] = []
            for _ in 0..<40 { out.append(try await post(client).status.code) }
            return out
        }
    }

    @Test func aSeedReplaysTheSameFaults() async throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        let first = try await Self.statuses(seed: seed)
        let second = try await Self.statuses(seed: seed)
        #expect(first == second, "seed \(seed)")
        #expect(first.contains(200) && first.contains { $0 != 200 }, "seed \(seed): a mix of faults and answers, got \(first)")
    }
}
