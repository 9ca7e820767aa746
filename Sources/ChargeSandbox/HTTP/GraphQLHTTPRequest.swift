import Foundation
import GraphQL
import Hummingbird

/// A GraphQL request as it arrived over HTTP: the document, its variables and the operation
/// to run, read from the method, `Content-Type`, URL query and body, and nothing else.
///
/// Real servers and tools send it in several shapes (GraphQL-over-HTTP spec, and the vendor's
/// own curl example), so all of them are accepted here, in one pure value with its own tests,
/// instead of in the route handler:
/// - `POST` `application/json` with `{"query", "variables", "operationName"}`;
/// - `POST` whose body is the document itself: `application/graphql`, or `application/json`
///   when the body is not a JSON object (`--data-raw 'mutation { … }'`);
/// - `GET` with `?query=&variables=&operationName=` (queries only; the route refuses a
///   mutation with 405 once the document is parsed).
struct GraphQLHTTPRequest: Sendable, Equatable {
    /// How the request came: a `GET` may only run a query.
    enum Method: Sendable, Equatable { case get, post }

    var method: Method
    var query: String
    var variables: [String: Map]
    var operationName: String?

    /// A request that cannot be read, with the status and a message saying what to send instead.
    struct Failure: Error, Sendable, Equatable {
        var status: HTTPResponse.Status
        var message: String
        /// The `extensions.code` of the error.
        var code: String = "BAD_REQUEST"
        /// The `Allow` header of a 405.
        var allow: String?
    }

    static let shapes = #"send {"query": "…", "variables": {…}} as application/json, or the GraphQL document itself"#

    /// Reads a request. `urlQuery` is the raw query string of the URL (after `?`), `body` the
    /// whole body (already bounded by the caller).
    static func parse(
        method: HTTPRequest.Method,
        contentType: String?,
        urlQuery: String?,
        body: some Collection<UInt8>
    ) -> Result<Self, Failure> {
        switch method {
        case .get: return parseGet(urlQuery: urlQuery)
        case .post: return parsePost(contentType: contentType, urlQuery: urlQuery, body: body)
        default:
            return .failure(
                Failure(
                    status: .methodNotAllowed,
                    message: "GraphQL is served over POST (and GET for queries).",
                    code: "METHOD_NOT_ALLOWED",
                    allow: "GET, POST"
                )
            )
        }
    }

    private static func parseGet(urlQuery: String?) -> Result<Self, Failure> {
        let parameters = formDecode(urlQuery ?? "")
        guard let query = parameters["query"], !query.isEmpty else {
            return .failure(Failure(status: .badRequest, message: "A GET request needs the document in ?query= (or POST it: \(shapes))."))
        }
        return variables(fromJSONText: parameters["variables"]).map {
            GraphQLHTTPRequest(method: .get, query: query, variables: $0, operationName: nonEmpty(parameters["operationName"]))
        }
    }

    private static func parsePost(contentType: String?, urlQuery: String?, body: some Collection<UInt8>) -> Result<Self, Failure> {
        let mediaType = contentType.map { $0.split(separator: ";", maxSplits: 1).first.map(String.init) ?? "" }?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard let text = String(validating: body, as: UTF8.self) else {
            return .failure(Failure(status: .badRequest, message: "The body is not UTF-8 text: \(shapes)."))
        }
        if text.allSatisfy(\.isWhitespace) {
            return .failure(Failure(status: .badRequest, message: "The body is empty: \(shapes)."))
        }
        switch mediaType ?? "" {
        case "application/graphql":
            return document(text, urlQuery: urlQuery)
        case "application/json", "application/graphql-response+json":
            break
        default:
            let named = mediaType.map { "Content-Type \($0.isEmpty ? "(empty)" : $0)" } ?? "A body without Content-Type"
            return .failure(
                Failure(
                    status: .unsupportedMediaType,
                    message: "\(named) is not read here: \(shapes) (Content-Type: application/graphql).",
                    code: "UNSUPPORTED_MEDIA_TYPE"
                )
            )
        }
        // JSON first; a body that is no JSON at all is the document itself (the vendor's example).
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            return document(text, urlQuery: urlQuery)
        }
        guard let object = json as? [String: Any] else {
            if json is [Any] {
                return .failure(
                    Failure(
                        status: .badRequest,
                        message: "Batched requests (a JSON array) are not supported: send one {\"query\": …} per request."
                    )
                )
            }
            return .failure(Failure(status: .badRequest, message: "The JSON body must be an object: \(shapes)."))
        }
        guard let query = object["query"] as? String, !query.isEmpty else {
            return .failure(Failure(status: .badRequest, message: "The JSON body needs a \"query\" string holding the GraphQL document."))
        }
        var operationName: String?
        switch object["operationName"] {
        case nil, is NSNull: break
        case let name as String: operationName = nonEmpty(name)
        default: return .failure(Failure(status: .badRequest, message: "\"operationName\" must be a string."))
        }
        return variables(fromJSON: object["variables"]).map {
            GraphQLHTTPRequest(method: .post, query: query, variables: $0, operationName: operationName)
        }
    }

    /// A raw document body; variables and operation name may come in the URL, as some tools send them.
    private static func document(_ text: String, urlQuery: String?) -> Result<Self, Failure> {
        let parameters = formDecode(urlQuery ?? "")
        return variables(fromJSONText: parameters["variables"]).map {
            GraphQLHTTPRequest(method: .post, query: text, variables: $0, operationName: nonEmpty(parameters["operationName"]))
        }
    }

    /// Variables given as JSON text in the URL. Bounded like a body (the JSON parser recurses).
    private static func variables(fromJSONText text: String?) -> Result<[String: Map], Failure> {
        guard let text, !text.isEmpty else { return .success([:]) }
        if RequestLimits.nestingDepth(text.utf8) > RequestLimits.maxNesting {
            return .failure(Failure(status: .badRequest, message: RequestLimits.tooDeep))
        }
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return .failure(Failure(status: .badRequest, message: "\"variables\" must be a JSON object."))
        }
        return variables(fromJSON: value)
    }

    private static func variables(fromJSON value: Any?) -> Result<[String: Map], Failure> {
        guard let value, !(value is NSNull) else { return .success([:]) }
        guard let object = value as? [String: Any], let data = try? JSONSerialization.data(withJSONObject: object),
            let decoded = try? JSONDecoder().decode([String: Map].self, from: data)
        else {
            return .failure(Failure(status: .badRequest, message: "\"variables\" must be a JSON object."))
        }
        return .success(decoded)
    }

    private static func nonEmpty(_ s: String?) -> String? { s?.isEmpty == false ? s : nil }

    /// `application/x-www-form-urlencoded` decoding of a URL query: `+` is a space, then
    /// percent escapes. The first occurrence of a name wins.
    static func formDecode(_ query: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let key = decode(kv[0])
            if out[key] == nil { out[key] = kv.count == 2 ? decode(kv[1]) : "" }
        }
        return out
    }
}
