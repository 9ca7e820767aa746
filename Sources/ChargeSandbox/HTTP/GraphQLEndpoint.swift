import GraphQL
import Hummingbird

/// The innermost step of `/graphql`: reads the request (`GraphQLHTTPRequest`), parses,
/// validates and prices the document, picks the operation and executes it. Media type,
/// faults and body limits were dealt with by the middleware in front
/// (`SandboxRoutes.register`); anything refused here is thrown as a `GraphQLRefusal`.
struct GraphQLEndpoint: Sendable {
    let services: SandboxServices
    let schema: GraphQLSchema

    func respond(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: RequestLimits.maxBody)
        let graphQLRequest: GraphQLHTTPRequest
        switch GraphQLHTTPRequest.parse(
            method: request.method,
            contentType: request.headers[.contentType],
            urlQuery: request.uri.query,
            body: body.readableBytesView
        ) {
        case .success(let parsed): graphQLRequest = parsed
        case .failure(let failure): throw GraphQLRefusal(failure)
        }
        try RequestLimits.check(query: graphQLRequest.query)
        // Who calls, before the document is looked at: a reused refresh token ends its
        // sign-in whatever the request it came with.
        let bearer = request.headers[.authorization].flatMap { value -> String? in
            let parts = value.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
        }
        let caller = services.auth.caller(bearer: bearer)
        let document = try Self.prepare(graphQLRequest, schema: schema)
        let result = try await execute(
            schema: schema,
            documentAST: document,
            rootValue: (),
            context: ResolverContext(caller: caller),
            variableValues: graphQLRequest.variables,
            operationName: graphQLRequest.operationName
        )
        return GraphQLHTTPResponse.executed(result, as: context.answerMediaType).response
    }

    /// Parses and validates separately, so a bad document gets HTTP 400 (as the
    /// be.ENERGISED API answers it), then refuses a too costly document and picks the
    /// operation to run (a `GET` may only run a query).
    static func prepare(_ request: GraphQLHTTPRequest, schema: GraphQLSchema) throws -> Document {
        let document: Document
        do {
            document = try parse(source: Source(body: request.query, name: "GraphQL request"))
        } catch let error as GraphQLError {
            throw GraphQLRefusal(.badRequest, errors: [error], code: "GRAPHQL_PARSE_FAILED")
        }
        let validationErrors = validate(schema: schema, ast: document)
        if !validationErrors.isEmpty { throw GraphQLRefusal(.badRequest, errors: validationErrors, code: "GRAPHQL_VALIDATION_FAILED") }
        if let refusal = QueryCost.refusal(document) { throw GraphQLRefusal(.badRequest, refusal, code: "QUERY_TOO_COMPLEX") }
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        let operation =
            request.operationName.map { name in operations.first { $0.name?.value == name } }
            ?? (operations.count == 1 ? operations.first : nil)
        guard let operation else {
            let message =
                request.operationName.map { "The document has no operation named \"\($0)\"." }
                ?? "The document has several operations: name the one to run in operationName."
            throw GraphQLRefusal(.badRequest, message, code: "OPERATION_RESOLUTION_FAILURE")
        }
        if request.method == .get, operation.operation != .query {
            throw GraphQLRefusal(
                .methodNotAllowed,
                "A \(operation.operation.rawValue) must be sent with POST; GET runs queries only.",
                code: "METHOD_NOT_ALLOWED",
                headers: [.allow: "POST"]
            )
        }
        return document
    }
}
