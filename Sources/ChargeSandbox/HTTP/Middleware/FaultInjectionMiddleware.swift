import Foundation
import Hummingbird
import NIOCore

/// Injected faults, before any work: they stand for a flaky network or an overloaded
/// server (`SandboxFaults`; the dice are `FaultState`'s). A request carrying the exemption
/// token (a soak's observer) sees the server as it is.
struct FaultInjectionMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    /// The header that carries `exemptToken`.
    static let exemptHeader = "x-fault-exempt"

    let faults: FaultState
    let exemptToken: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let exempt =
            exemptToken.map { token in
                !token.isEmpty && request.headers.contains { $0.name.canonicalName == Self.exemptHeader && $0.value == token }
            } ?? false
        let outcome = exempt ? .none : await faults.draw()
        switch outcome {
        case .none:
            return try await next(request, context)
        case .drop:
            context.channel.close(promise: nil)
            return Self.json(.serviceUnavailable, "")
        case .serverError(let code):
            throw GraphQLRefusal(.init(code: code), "Injected server error.", code: "INTERNAL_SERVER_ERROR")
        case .malformed:
            return Self.json(.ok, #"{"data": {"cpsPaged": [1, 2,"#)
        case .rateLimited(let after):
            throw GraphQLRefusal(
                .tooManyRequests,
                "Too many requests.",
                code: "RATE_LIMITED",
                headers: [.retryAfter: String(Int(after.rounded(.up)))]
            )
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
