import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ChargeSandbox

/// Bodies too large or nested too deep are refused before any parser, and the endpoint gets
/// the whole body otherwise; the middleware alone, in process.
@Suite(.timeLimit(.minutes(1))) struct RequestLimitsMiddlewareTests {
    static let chain: [any MiddlewareProtocol<Request, Response, SandboxRequestContext>] = [
        GraphQLAnswerMiddleware(), RequestLimitsMiddleware(),
    ]

    static func post(_ client: any TestClientProtocol, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: "/graphql", method: .post, body: ByteBuffer(string: body))
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        try await MiddlewareTestApp.run(Self.chain) { client in
            let r = try await Self.post(client, String(repeating: " ", count: RequestLimits.maxBody + 1))
            #expect(r.status == .contentTooLarge)
            #expect(MiddlewareTestApp.firstError(r).message == "The request body is larger than 1024 KB.")
            let atLimit = try await Self.post(client, String(repeating: " ", count: RequestLimits.maxBody))
            #expect(String(buffer: atLimit.body) == "reached application/json \(RequestLimits.maxBody)")
        }
    }

    @Test func aBodyNestedTooDeepIs400() async throws {
        try await MiddlewareTestApp.run(Self.chain) { client in
            let deep =
                #"{"query": "{ a }", "variables": {"x": "# + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "}}"
            let r = try await Self.post(client, deep)
            #expect(r.status == .badRequest)
            #expect(MiddlewareTestApp.firstError(r) == ("The request is nested deeper than 64 levels.", "BAD_REQUEST"))
            // Braces inside strings do not count, and the endpoint sees the whole body.
            let text = #"{"query": "{ a }", "variables": {"s": ""# + String(repeating: "{[(", count: 500) + #"\"}"}}"#
            let ok = try await Self.post(client, text)
            #expect(String(buffer: ok.body) == "reached application/json \(text.utf8.count)")
        }
    }

    @Test func nestingIsCountedOutsideStringsOnly() {
        #expect(RequestLimits.nestingDepth("".utf8) == 0)
        #expect(RequestLimits.nestingDepth("{ a { b [ ( c ) ] } }".utf8) == 4)
        #expect(RequestLimits.nestingDepth(#"{"s": "{{{{", "t": "\"{{"}"#.utf8) == 1)
        #expect(RequestLimits.nestingDepth("}}}} { }".utf8) == 1, "closers without openers do not go below zero")
        // The generic path (a sequence that is not contiguous) counts the same.
        #expect(RequestLimits.nestingDepth("{[(".utf8.lazy.map { $0 }) == 3)
    }

    @Test func aQueryTooLongOrTooDeepIsRefused() throws {
        #expect(throws: Never.self) { try RequestLimits.check(query: "{ a { b } }") }
        #expect { try RequestLimits.check(query: String(repeating: "x", count: RequestLimits.maxQuery + 1)) } throws: { error in
            (error as? GraphQLRefusal)?.errors.first?.message == "The query is longer than 64 KB."
        }
        #expect { try RequestLimits.check(query: String(repeating: "{", count: 65)) } throws: { error in
            (error as? GraphQLRefusal)?.status == .badRequest
        }
    }
}
