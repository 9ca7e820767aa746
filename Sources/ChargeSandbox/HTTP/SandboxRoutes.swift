import Foundation
import GraphQL
import Hummingbird
import NIOCore

/// Request context that keeps the connection, so the fault injector can drop it.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// The sandbox's HTTP surface: GraphQL, the emulated Auth0 device flow, the approval page.
struct SandboxRoutes: Sendable {
    let services: SandboxServices
    let schema: GraphQLSchema
    let devices: DeviceAuthorizations
    let faults: FaultState
    let faultExemptToken: String?
    let baseURL: @Sendable () -> String

    static let maxBody = 1 << 20
    /// The header that carries `faultExemptToken`.
    static let exemptHeader = "x-fault-exempt"
    /// Longest query document accepted (ours are under 1 KB).
    static let maxQuery = 64 * 1024
    /// Deepest nesting of braces, brackets and parentheses accepted in a body.
    static let maxNesting = 64

    /// The deepest nesting of `{ [ (` outside strings (JSON's, or a GraphQL document's own
    /// string literals), so text values may hold any braces they like.
    static func nestingDepth(_ bytes: some Sequence<UInt8>) -> Int {
        // Contiguous bytes (a body, a native string) go through the non-generic loop: the
        // generic one, unspecialised in a debug build, took seconds for a 1 MB body, and a
        // hostile request must be refused fast (api_fuzz allows 1 s).
        if let depth = bytes.withContiguousStorageIfAvailable({ nestingDepth(raw: UnsafeRawBufferPointer($0)) }) { return depth }
        return Array(bytes).withUnsafeBytes { nestingDepth(raw: $0) }
    }

    private static func nestingDepth(raw bytes: UnsafeRawBufferPointer) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for i in 0..<bytes.count {
            let b = bytes[i]
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "("):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
                depth = max(0, depth - 1)
            default: break
            }
        }
        return deepest
    }

    func register(on router: Router<SandboxRequestContext>) {
        // One route serves both /graphql and /graphql/ (the router ignores a trailing slash);
        // GET runs queries only (GraphQL over HTTP), which the handler checks once it has parsed.
        router.post("/graphql") { req, ctx in try await graphQL(req, ctx) }
        router.get("/graphql") { req, ctx in try await graphQL(req, ctx) }
        router.post("/oauth/device/code") { req, _ in try await deviceCode(req) }
        router.post("/oauth/token") { req, _ in try await token(req) }
        router.get("/activate") { req, _ in activatePage(message: nil, code: req.uri.queryParameters.get("user_code") ?? "") }
        router.post("/activate") { req, _ in try await activate(req) }
        router.get("/health") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
    }

    // MARK: GraphQL

    private func json(_ status: HTTPResponse.Status, _ data: Data, extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// GraphQL over HTTP (`POST`, and `GET` for queries): reading the request is
    /// `GraphQLHTTPRequest`'s job, shaping the answer `GraphQLHTTPResponse`'s; this handler
    /// only orders the steps and applies the limits.
    func graphQL(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        // The media type first, so every answer below (faults too) is in the one asked for.
        guard let mediaType = GraphQLMediaType.negotiate(accept: request.headers[values: .accept].joined(separator: ", ")) else {
            return GraphQLHTTPResponse.requestError(
                .notAcceptable, message: "Answers are application/json or application/graphql-response+json; the Accept header allows neither.",
                code: "NOT_ACCEPTABLE", as: .json
            ).response
        }
        func refuse(_ status: HTTPResponse.Status, _ message: String, code: String = "BAD_REQUEST", headers: HTTPFields = [:]) -> Response {
            GraphQLHTTPResponse.requestError(status, message: message, code: code, as: mediaType, extraHeaders: headers).response
        }
        // Faults next: they stand for a flaky network or an overloaded server. A soak's
        // observer (with the exemption token) sees the server as it is.
        let exempt = faultExemptToken.map { token in
            !token.isEmpty && request.headers.contains { $0.name.canonicalName == Self.exemptHeader && $0.value == token }
        } ?? false
        var outcome = FaultState.Outcome.none
        if !exempt { outcome = await faults.draw() }
        switch outcome {
        case .none: break
        case .drop:
            context.channel.close(promise: nil)
            return json(.serviceUnavailable, Data())
        case .serverError(let code):
            return refuse(.init(code: code), "Injected server error.", code: "INTERNAL_SERVER_ERROR")
        case .malformed:
            return json(.ok, Data(#"{"data": {"cpsPaged": [1, 2,"#.utf8))
        case .rateLimited(let after):
            return refuse(.tooManyRequests, "Too many requests.", code: "RATE_LIMITED", headers: [.retryAfter: String(Int(after.rounded(.up)))])
        }

        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBody)
        } catch {
            return refuse(.contentTooLarge, "The request body is larger than \(Self.maxBody / 1024) KB.")
        }
        // Limits before any parsing: the parsers recurse, so a hostile body nested thousands
        // deep (or a huge document) must be refused before it reaches them.
        if Self.nestingDepth(body.readableBytesView) > Self.maxNesting {
            return refuse(.badRequest, "The request is nested deeper than \(Self.maxNesting) levels.")
        }
        let graphQLRequest: GraphQLHTTPRequest
        switch GraphQLHTTPRequest.parse(method: request.method, contentType: request.headers[.contentType], urlQuery: request.uri.query, body: body.readableBytesView) {
        case .success(let parsed): graphQLRequest = parsed
        case .failure(let failure): return GraphQLHTTPResponse.failure(failure, as: mediaType).response
        }
        let query = graphQLRequest.query
        guard query.utf8.count <= Self.maxQuery else {
            return refuse(.badRequest, "The query is longer than \(Self.maxQuery / 1024) KB.")
        }
        if Self.nestingDepth(query.utf8) > Self.maxNesting {
            return refuse(.badRequest, "The request is nested deeper than \(Self.maxNesting) levels.")
        }
        let bearer = request.headers[.authorization].flatMap { value -> String? in
            let parts = value.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? String(parts[1]) : nil
        }
        let caller = services.auth.caller(bearer: bearer)

        // Parse and validate separately, so a bad document gets HTTP 400 as the be.ENERGISED API answers it.
        let document: Document
        do {
            document = try parse(source: Source(body: query, name: "GraphQL request"))
        } catch let error as GraphQLError {
            return GraphQLHTTPResponse.requestErrors(.badRequest, [error], code: "GRAPHQL_PARSE_FAILED", as: mediaType).response
        }
        let validationErrors = validate(schema: schema, ast: document)
        if !validationErrors.isEmpty {
            return GraphQLHTTPResponse.requestErrors(.badRequest, validationErrors, code: "GRAPHQL_VALIDATION_FAILED", as: mediaType).response
        }
        if let refusal = QueryCost.refusal(document) { return refuse(.badRequest, refusal, code: "QUERY_TOO_COMPLEX") }
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        let operation = graphQLRequest.operationName.map { name in operations.first { $0.name?.value == name } } ?? (operations.count == 1 ? operations.first : nil)
        guard let operation else {
            let message = graphQLRequest.operationName.map { "The document has no operation named \"\($0)\"." }
                ?? "The document has several operations: name the one to run in operationName."
            return refuse(.badRequest, message, code: "OPERATION_RESOLUTION_FAILURE")
        }
        if graphQLRequest.method == .get, operation.operation != .query {
            return refuse(.methodNotAllowed, "A \(operation.operation.rawValue) must be sent with POST; GET runs queries only.",
                          code: "METHOD_NOT_ALLOWED", headers: [.allow: "POST"])
        }
        let result = try await execute(schema: schema, documentAST: document, rootValue: (), context: ResolverContext(caller: caller),
                                       variableValues: graphQLRequest.variables, operationName: graphQLRequest.operationName)
        return GraphQLHTTPResponse.executed(result, as: mediaType).response
    }

    // MARK: Device flow (RFC 8628, as Auth0 offers it)

    private func form(_ request: Request) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let data = Data(buffer: body)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            return object.compactMapValues { $0 as? String }
        }
        var out: [String: String] = [:]
        for pair in String(decoding: data, as: UTF8.self).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            if kv.count == 2 { out[kv[0]] = kv[1] } else if kv.count == 1 { out[kv[0]] = "" }
        }
        return out
    }

    private func oauthError(_ error: String, _ description: String, status: HTTPResponse.Status = .badRequest) -> Response {
        json(status, (try? JSONSerialization.data(withJSONObject: ["error": error, "error_description": description])) ?? Data())
    }

    func deviceCode(_ request: Request) async throws -> Response {
        let f = try await form(request)
        guard let clientId = f["client_id"], services.config.auth0ClientIds.contains(clientId) else {
            return oauthError("unauthorized_client", "Unknown client_id.", status: .unauthorized)
        }
        let (device, user) = devices.create(clientId: clientId, now: services.now, ttl: services.config.deviceCodeTTL, interval: services.config.devicePollInterval)
        let base = baseURL()
        let answer: [String: Any] = [
            "device_code": device, "user_code": user, "verification_uri": "\(base)/activate",
            "verification_uri_complete": "\(base)/activate?user_code=\(user)",
            "expires_in": Int(services.config.deviceCodeTTL), "interval": Int(services.config.devicePollInterval),
        ]
        return json(.ok, (try? JSONSerialization.data(withJSONObject: answer)) ?? Data())
    }

    func token(_ request: Request) async throws -> Response {
        let f = try await form(request)
        guard f["grant_type"] == "urn:ietf:params:oauth:grant-type:device_code" else {
            return oauthError("unsupported_grant_type", "Only the device-code grant is offered here.")
        }
        guard let deviceCode = f["device_code"], let clientId = f["client_id"] else {
            return oauthError("invalid_request", "device_code and client_id are required.")
        }
        switch devices.poll(deviceCode: deviceCode, clientId: clientId, now: services.now) {
        case .pending: return oauthError("authorization_pending", "The user has not approved yet.", status: .forbidden)
        case .slowDown: return oauthError("slow_down", "Polling too fast; wait longer between polls.", status: .tooManyRequests)
        case .expired: return oauthError("expired_token", "The device code has expired. Start again.", status: .forbidden)
        case .denied: return oauthError("access_denied", "The user denied the sign-in.", status: .forbidden)
        case .invalid: return oauthError("invalid_grant", "Unknown or used device code.")
        case .approved(let uid):
            let token = try services.auth.tokens.sign(subject: uid, issuedAt: services.now, ttl: services.config.accessTokenTTL, issuer: baseURL() + "/", audience: "be.ENERGISED")
            let answer: [String: Any] = ["access_token": token, "token_type": "Bearer", "expires_in": Int(services.config.accessTokenTTL), "scope": "openid profile"]
            return json(.ok, (try? JSONSerialization.data(withJSONObject: answer)) ?? Data())
        }
    }

    // MARK: Approval page

    /// Headers of the approval page: no framing (clickjacking the Approve button), nothing
    /// loaded from elsewhere, forms post only here, and nothing cached or leaked onward.
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        HTTPFields.Element.Name("X-Frame-Options")!: "DENY",
        .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .cacheControl: "no-store",
        HTTPFields.Element.Name("Referrer-Policy")!: "no-referrer",
    ]

    func activatePage(message: String?, code: String, status: HTTPResponse.Status = .ok) -> Response {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\"", with: "&quot;") }
        let html = """
            <!doctype html><html><head><meta charset="utf-8"><title>Sign in to ChargeTerm (sandbox)</title></head>
            <body style="font-family:sans-serif;max-width:28em;margin:3em auto">
            <h1>Approve a device</h1>\(message.map { "<p><strong>\(esc($0))</strong></p>" } ?? "")
            <form method="post" action="/activate">
            <p><label>Code <input name="user_code" value="\(esc(code))" autocomplete="off"></label></p>
            <p><label>Username <input name="username" value="demo-user"></label></p>
            <p><label>Password <input name="password" type="password"></label></p>
            <p><button name="decision" value="approve">Approve</button> <button name="decision" value="deny">Deny</button></p>
            </form></body></html>
            """
        return Response(status: status, headers: Self.pageHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func activate(_ request: Request) async throws -> Response {
        let f = try await form(request)
        let code = f["user_code"] ?? ""
        // Approve and deny both need the user's credentials, checked with the sign-in
        // throttle; a wrong code, username or password get one answer, so the page tells
        // nothing about which was wrong.
        let refusal = "Wrong code, username or password."
        let uid: String
        do {
            uid = try services.auth.verifyUser(username: f["username"] ?? "", password: f["password"] ?? "")
        } catch let e as SandboxError where e.code == "RATE_LIMITED" {
            return activatePage(message: e.message, code: code, status: .tooManyRequests)
        } catch {
            return activatePage(message: refusal, code: code)
        }
        let deny = f["decision"] == "deny"
        guard devices.decide(userCode: code, approveAs: deny ? nil : uid, now: services.now) else { return activatePage(message: refusal, code: code) }
        return activatePage(message: deny ? "Denied." : "Approved. You can return to your terminal.", code: "")
    }
}
