import Foundation
import GraphQL
import Hummingbird
import NIOCore

/// Request context that keeps the connection, so the fault injector can drop it, and the
/// media type `GraphQLAnswerMiddleware` chose for the answer.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel
    var answerMediaType = GraphQLMediaType.json

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

    func register(on router: Router<SandboxRequestContext>) {
        // One route serves both /graphql and /graphql/ (the router ignores a trailing slash);
        // GET runs queries only (GraphQL over HTTP), which the endpoint checks once it has
        // parsed. In order: the answer's media type (and rendering every refusal in it),
        // injected faults, body limits, then reading, parsing and executing.
        let endpoint = GraphQLEndpoint(services: services, schema: schema)
        router.group("/graphql")
            .add(middleware: GraphQLAnswerMiddleware())
            .add(middleware: FaultInjectionMiddleware(faults: faults, exemptToken: faultExemptToken))
            .add(middleware: RequestLimitsMiddleware())
            .post { req, ctx in try await endpoint.respond(req, ctx) }
            .get { req, ctx in try await endpoint.respond(req, ctx) }
        router.post("/oauth/device/code") { req, _ in try await deviceCode(req) }
        router.post("/oauth/token") { req, _ in try await token(req) }
        router.get("/activate") { req, _ in activatePage(message: nil, code: req.uri.queryParameters.get("user_code") ?? "") }
        router.post("/activate") { req, _ in try await activate(req) }
        router.get("/health") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok\n"))) }
    }

    // MARK: Device flow (RFC 8628, as Auth0 offers it)

    private func json(_ status: HTTPResponse.Status, _ data: Data) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func form(_ request: Request) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let data = Data(buffer: body)
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            return object.compactMapValues { $0 as? String }
        }
        var out: [String: String] = [:]
        for pair in String(decoding: data, as: UTF8.self).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
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
        let (device, user) = devices.create(
            clientId: clientId,
            now: services.now,
            ttl: services.config.deviceCodeTTL,
            interval: services.config.devicePollInterval
        )
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
            let token = try services.auth.tokens.sign(
                subject: uid,
                issuedAt: services.now,
                ttl: services.config.accessTokenTTL,
                issuer: baseURL() + "/",
                audience: "be.ENERGISED"
            )
            let answer: [String: Any] = [
                "access_token": token, "token_type": "Bearer", "expires_in": Int(services.config.accessTokenTTL), "scope": "openid profile",
            ]
            return json(.ok, (try? JSONSerialization.data(withJSONObject: answer)) ?? Data())
        }
    }

    // MARK: Approval page

    /// Headers of the approval page: no framing (clickjacking the Approve button), nothing
    /// loaded from elsewhere, forms post only here, and nothing cached or leaked onward.
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        HTTPFields.Element.Name("X-Frame-Options")!: "DENY",
        .contentSecurityPolicy:
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .cacheControl: "no-store",
        HTTPFields.Element.Name("Referrer-Policy")!: "no-referrer",
    ]

    func activatePage(message: String?, code: String, status: HTTPResponse.Status = .ok) -> Response {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
                of: "\"",
                with: "&quot;"
            )
        }
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
        guard devices.decide(userCode: code, approveAs: deny ? nil : uid, now: services.now) else {
            return activatePage(message: refusal, code: code)
        }
        return activatePage(message: deny ? "Denied." : "Approved. You can return to your terminal.", code: "")
    }
}
