import GraphQL
import Hummingbird

/// A GraphQL request answered without being executed: a fault, a limit, a body that cannot
/// be read, a document that does not parse or validate. Any step of the `/graphql` chain
/// throws one; `GraphQLAnswerMiddleware` renders it in the media type the client asked for.
struct GraphQLRefusal: Error, Sendable {
    var status: HTTPResponse.Status
    var errors: [GraphQLError]
    /// The `extensions.code` of each error that has none of its own.
    var code: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, code: String = "BAD_REQUEST", headers: HTTPFields = [:]) {
        self.status = status
        errors = [GraphQLError(message: message, extensions: ["code": .string(code)])]
        self.code = code
        self.headers = headers
    }

    /// The errors the parser or validator found (they carry `locations` into the document).
    init(_ status: HTTPResponse.Status, errors: [GraphQLError], code: String) {
        self.status = status
        self.errors = errors
        self.code = code
    }

    /// A request that could not be read at all.
    init(_ failure: GraphQLHTTPRequest.Failure) {
        var headers: HTTPFields = [:]
        if let allow = failure.allow { headers[.allow] = allow }
        self.init(failure.status, failure.message, code: failure.code, headers: headers)
    }

    func response(as mediaType: GraphQLMediaType) -> Response {
        GraphQLHTTPResponse.requestErrors(status, errors, code: code, as: mediaType, extraHeaders: headers).response
    }
}

/// The outermost step of `/graphql`: picks the answer's media type from `Accept` (406 when
/// it allows neither), hands it on in the context, and renders any `GraphQLRefusal` thrown
/// further in, so every answer (faults and limits too) comes in the type asked for.
struct GraphQLAnswerMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let mediaType = GraphQLMediaType.negotiate(accept: request.headers[values: .accept].joined(separator: ", ")) else {
            return GraphQLRefusal(
                .notAcceptable,
                "Answers are application/json or application/graphql-response+json; the Accept header allows neither.",
                code: "NOT_ACCEPTABLE"
            ).response(as: .json)
        }
        var context = context
        context.answerMediaType = mediaType
        do {
            return try await next(request, context)
        } catch let refusal as GraphQLRefusal {
            return refusal.response(as: mediaType)
        }
    }
}
