import Foundation
import Logging

/// A mutation whose answer was lost after it may have reached the server. The caller must
/// reconcile (read the state back) instead of sending it again.
struct AmbiguousMutation: Error {
    let underlying: ChargeError
}

/// Sends GraphQL operations, Apollo-style chain without Apollo:
/// auth header → send → parse → retry (queries only) / refresh (once, on UNAUTHENTICATED).
final class GraphQLChannel: Sendable {
    enum Auth: Sendable {
        case none
        case bearer(Secret)
        case session
    }

    let config: EndpointConfiguration
    let transport: any HTTPTransport
    let time: any TimeSource
    let tokens: TokenStore
    let logger: Logger
    /// Retries of a query after a transient failure.
    let maxRetries = 3

    init(config: EndpointConfiguration, transport: any HTTPTransport, time: any TimeSource, tokens: TokenStore, logger: Logger) {
        self.config = config
        self.transport = transport
        self.time = time
        self.tokens = tokens
        self.logger = logger
    }

    private struct Body: Encodable {
        let query: String
        let variables: [String: JSON]
        let operationName: String
    }

    /// `retries`: how often a query is tried again after a transient failure (default
    /// `maxRetries`). A caller that retries on its own schedule (the live poll) passes 0, so
    /// the two back-offs do not multiply into a long silence.
    func run<T: WireAnswer & Sendable>(
        _ op: APIOperation,
        _ variables: [String: JSON] = [:],
        as type: T.Type,
        auth: Auth = .session,
        retries: Int? = nil
    ) async throws -> T {
        let retries = retries ?? maxRetries
        var body: Data
        do {
            body = try JSONEncoder().encode(Body(query: op.document, variables: variables, operationName: op.rawValue))
        } catch {
            throw ChargeError.badInput("Could not encode the request.")
        }
        // The encoded request may hold a password: overwrite it once it is sent, so it
        // does not linger in freed memory after the user has gone (best effort: copies
        // inside Swift strings cannot be reached).
        defer { body.wipe() }
        var attempt = 0
        var refreshed = false
        while true {
            try Task.checkCancellation()
            var generation = 0
            // Set when the server's answer proves it did not act (a GraphQL request error):
            // then even a mutation may be sent again.
            var notExecuted = false
            // Set when a query's answer did not even parse as JSON: garbled in transit.
            var garbled = false
            do {
                let bearer: Secret?
                switch auth {
                case .none: bearer = nil
                case .bearer(let s): bearer = s
                case .session:
                    let current = try await tokens.currentBearer()
                    bearer = current.token
                    generation = current.generation
                }
                var headers = ["content-type": "application/json", "accept": Self.accept, "accept-language": config.language]
                if let bearer { headers["authorization"] = "Bearer \(bearer.revealed)" }
                let started = time.now()
                let answer: HTTPAnswer
                do {
                    answer = try await transport.post(url: config.graphQLURL, headers: headers, body: body)
                } catch {
                    switch error {
                    case .notSent(let why): throw ChargeError.offline(why)
                    case .maybeSent(let why, let timedOut):
                        let e: ChargeError = timedOut ? .timeout : .offline(why)
                        if op.isMutation { throw AmbiguousMutation(underlying: e) }
                        throw e
                    }
                }
                try answer.refuseRedirect(from: config.graphQLURL)
                logger.debug("graphql \(op.rawValue) → \(answer.status) in \(Int(time.now().timeIntervalSince(started) * 1000)) ms")
                do {
                    return try Self.decode(answer, as: T.self)
                } catch let error as ChargeError {
                    notExecuted = Self.isRequestError(answer)
                    garbled = !op.isMutation && answer.status == 200 && Self.isGarbled(answer)
                    // A mutation the server may have carried out before failing (5xx) or
                    // whose answer was garbled (a 200 that does not parse) is as ambiguous
                    // as a lost answer: the caller reconciles instead of sending it again.
                    if op.isMutation, !notExecuted, answer.status >= 500 || (answer.status == 200 && error.kind == .unexpectedResponse) {
                        throw AmbiguousMutation(underlying: error)
                    }
                    throw error
                }
            } catch let error as ChargeError {
                if case .unauthenticated = error, case .session = auth, !refreshed {
                    refreshed = true
                    try await tokens.refresh(afterFailureOf: generation)
                    continue
                }
                let retryable = shouldRetry(error, op: op) || (notExecuted && error.isTransient) || garbled
                if retryable, attempt < retries {
                    attempt += 1
                    let wait = backoff(attempt: attempt, error: error)
                    logger.info("retrying \(op.rawValue) in \(String(format: "%.1f", wait)) s after: \(error.kind.rawValue)")
                    try await time.sleep(seconds: wait)
                    continue
                }
                throw error
            }
        }
    }

    /// What the app asks answers to be: `application/graphql-response+json` first, whose
    /// status codes mean something (GraphQL over HTTP), and plain JSON for older servers.
    static let accept = "application/graphql-response+json, application/json;q=0.9"

    /// GraphQL over HTTP: an `application/graphql-response+json` answer with a 4xx or 5xx
    /// status and no `data` entry is a *request error*, raised before execution began. The
    /// server did not act, so a mutation answered this way is not ambiguous and may be sent
    /// again (an overloaded server refusing work). Any other failed answer to a mutation (a
    /// proxy's HTML 502, a dropped connection, a garbled body) still is: that is reconciled.
    static func isRequestError(_ answer: HTTPAnswer) -> Bool {
        guard answer.status >= 400,
            let type = answer.headers["content-type"]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
            type == "application/graphql-response+json",
            let object = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
        else { return false }
        return object["data"] == nil && object["errors"] != nil
    }

    /// A body that is not JSON at all (cut off, or noise): garbled on the way, so a query is
    /// tried again like after any network fault. A well-formed answer of the wrong shape is
    /// not retried: asking again would get the same answer.
    static func isGarbled(_ answer: HTTPAnswer) -> Bool {
        (try? JSONSerialization.jsonObject(with: answer.body, options: [.fragmentsAllowed])) == nil
    }

    /// Queries retry on any transient failure; mutations only where the server surely did
    /// not act (not sent, or told us to come back later).
    func shouldRetry(_ error: ChargeError, op: APIOperation) -> Bool {
        guard error.isTransient else { return false }
        if !op.isMutation { return true }
        switch error {
        case .offline, .rateLimited: return true  // .offline here means "not sent"; maybe-sent was AmbiguousMutation
        case .server(let status, _): return status == 503
        default: return false
        }
    }

    /// Bounded exponential back-off with jitter; a server's Retry-After wins (capped).
    func backoff(attempt: Int, error: ChargeError) -> Double {
        if case .rateLimited(let after?) = error { return min(30, max(0.2, after)) }
        let base = min(8, 0.4 * pow(2, Double(attempt - 1)))
        return base * (0.75 + Double.random(in: 0...0.5))
    }

    /// HTTP answer → typed data or a typed error. Never crashes on odd input.
    static func decode<T: WireAnswer>(_ answer: HTTPAnswer, as type: T.Type) throws -> T {
        let envelope = try? T.envelope(from: answer.body)
        let first = envelope?.errors?.first
        let message = DisplayText.safe(first?.message ?? "")
        switch answer.status {
        case 200...299: break
        case 401: throw ChargeError.unauthenticated(message)
        case 403: throw ChargeError.forbidden(message)
        case 429: throw ChargeError.rateLimited(retryAfter: answer.headers["retry-after"].flatMap(Double.init))
        case 400:
            if first?.extensions?.code == "BAD_USER_INPUT" { throw ChargeError.badInput(message) }
            throw ChargeError.unexpectedResponse("the server did not accept this app's request: \(message.isEmpty ? "HTTP 400" : message)")
        case 500...599: throw ChargeError.server(status: answer.status, message: message.isEmpty ? nil : message)
        default: throw ChargeError.unexpectedResponse("HTTP \(answer.status)")
        }
        guard let envelope else { throw ChargeError.unexpectedResponse("malformed JSON") }
        if let first {
            switch first.extensions?.code ?? "" {
            case "UNAUTHENTICATED": throw ChargeError.unauthenticated(message)
            case "FORBIDDEN": throw ChargeError.forbidden(message)
            case "BAD_USER_INPUT": throw ChargeError.badInput(message)
            case "NOT_FOUND": throw ChargeError.notFound(message)
            case "RATE_LIMITED": throw ChargeError.rateLimited(retryAfter: answer.headers["retry-after"].flatMap(Double.init))
            case "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED":
                throw ChargeError.unexpectedResponse("the server did not accept this app's request: \(message)")
            default: throw ChargeError.server(status: answer.status, message: message.isEmpty ? nil : message)
            }
        }
        guard let data = envelope.data else { throw ChargeError.unexpectedResponse("an empty answer") }
        return data
    }
}

extension Data {
    /// Overwrites the bytes with zeros in place (when this value is their only owner).
    mutating func wipe() {
        withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            memset(base, 0, raw.count)
        }
    }
}
