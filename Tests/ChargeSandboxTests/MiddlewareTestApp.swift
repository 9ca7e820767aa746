import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

@testable import ChargeSandbox

/// A `/graphql` route with only the middleware under test in front of a stub endpoint that
/// answers "reached", the media type it was handed and the body length it got; run in
/// process by HummingbirdTesting's router framework (no socket, no sandbox, no SQLite).
enum MiddlewareTestApp {
    typealias Handler = @Sendable (Request, SandboxRequestContext) async throws -> Response

    static func reached(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: .max)
        let text = "reached \(context.answerMediaType.rawValue) \(body.readableBytes)"
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func run<Value: Sendable>(
        _ middleware: [any MiddlewareProtocol<Request, Response, SandboxRequestContext>],
        handler: @escaping Handler = reached,
        _ test: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let router = Router(context: SandboxRequestContext.self)
        let group = router.group("/graphql")
        for m in middleware { group.add(middleware: m) }
        group.post(use: handler)
        return try await Application(router: router).test(.router, test)
    }

    /// The body as a JSON object (nil when it is not one).
    static func json(_ response: TestResponse) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
    }

    /// `errors[0].message` and `errors[0].extensions.code` of a GraphQL answer.
    static func firstError(_ response: TestResponse) -> (message: String?, code: String?) {
        let error = (json(response)?["errors"] as? [[String: Any]])?.first
        return (error?["message"] as? String, (error?["extensions"] as? [String: Any])?["code"] as? String)
    }
}
