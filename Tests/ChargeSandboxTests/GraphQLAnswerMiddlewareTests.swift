import Foundation
import GraphQL
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ChargeSandbox

/// The media type is chosen once, handed on, and every refusal from further in is rendered
/// in it; the middleware alone, in process.
@Suite(.timeLimit(.minutes(1))) struct GraphQLAnswerMiddlewareTests {
    static let chain: [any MiddlewareProtocol<Request, Response, SandboxRequestContext>] = [GraphQLAnswerMiddleware()]

    @Test func anAcceptThatAllowsNeitherTypeIs406() async throws {
        try await MiddlewareTestApp.run(Self.chain) { client in
            let r = try await client.execute(
                uri: "/graphql",
                method: .post,
                headers: [.accept: "text/html"],
                body: ByteBuffer(string: "{}")
            )
            #expect(r.status == .notAcceptable)
            #expect(r.headers[.contentType] == "application/json; charset=utf-8")
            #expect(MiddlewareTestApp.firstError(r).code == "NOT_ACCEPTABLE")
        }
    }

    @Test func theChosenTypeIsHandedOn() async throws {
        try await MiddlewareTestApp.run(Self.chain) { client in
            let plain = try await client.execute(uri: "/graphql", method: .post, body: ByteBuffer(string: "{}"))
            #expect(String(buffer: plain.body) == "reached application/json 2")
            let asked = try await client.execute(
                uri: "/graphql",
                method: .post,
                headers: [.accept: "application/json;q=0.5, application/graphql-response+json"],
                body: ByteBuffer(string: "{}")
            )
            #expect(String(buffer: asked.body) == "reached application/graphql-response+json 2")
        }
    }

    @Test func aRefusalIsRenderedInTheChosenType() async throws {
        let refuse: MiddlewareTestApp.Handler = { _, _ in
            throw GraphQLRefusal(.methodNotAllowed, "Use POST.", code: "METHOD_NOT_ALLOWED", headers: [.allow: "POST"])
        }
        try await MiddlewareTestApp.run(Self.chain, handler: refuse) { client in
            let r = try await client.execute(
                uri: "/graphql",
                method: .post,
                headers: [.accept: "application/graphql-response+json"],
                body: ByteBuffer(string: "{}")
            )
            #expect(r.status == .methodNotAllowed)
            #expect(r.headers[.allow] == "POST")
            #expect(r.headers[.contentType] == "application/graphql-response+json; charset=utf-8")
            #expect(MiddlewareTestApp.firstError(r) == ("Use POST.", "METHOD_NOT_ALLOWED"))
            #expect(MiddlewareTestApp.json(r)?.keys.sorted() == ["errors"], "a request error has no data entry")
        }
    }

    @Test func otherErrorsPassThrough() async throws {
        let conflict: MiddlewareTestApp.Handler = { _, _ in throw HTTPError(.conflict) }
        try await MiddlewareTestApp.run(Self.chain, handler: conflict) { client in
            let r = try await client.execute(uri: "/graphql", method: .post, body: ByteBuffer(string: "{}"))
            #expect(r.status == .conflict)
        }
    }
}
