import Foundation

/// The media type a GraphQL answer is sent as, chosen from the client's `Accept` header.
///
/// The GraphQL-over-HTTP spec names two: `application/json` (what every client understands,
/// and what ours asks for) and `application/graphql-response+json`, whose status codes say
/// whether the request was executed at all (a request error is a 4xx, never a 200).
enum GraphQLMediaType: String, Sendable, Equatable {
    case json = "application/json"
    case graphQLResponse = "application/graphql-response+json"

    /// The `Content-Type` header value of an answer.
    var contentType: String { rawValue + "; charset=utf-8" }

    /// The type the client prefers, by `q` weight and then by order; `application/json`
    /// when the header is absent or empty (the spec's default for clients that predate the
    /// new type); `nil` when the header rules out both (the caller answers 406).
    static func negotiate(accept: String?) -> GraphQLMediaType? {
        guard let accept, !accept.allSatisfy({ $0 == " " || $0 == "\t" }) else { return .json }
        var best: (type: GraphQLMediaType, q: Double)?
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let name = parts.first, !name.isEmpty else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)) ?? 0
            }
            guard q > 0 else { continue }
            let type: GraphQLMediaType
            switch name {
            case Self.graphQLResponse.rawValue: type = .graphQLResponse
            case Self.json.rawValue, "application/*", "*/*": type = .json
            default: continue
            }
            if best == nil || q > (best?.q ?? 0) { best = (type, q) }
        }
        return best?.type
    }
}
