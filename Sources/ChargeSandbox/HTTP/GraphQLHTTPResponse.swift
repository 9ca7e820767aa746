import Foundation
import GraphQL
import Hummingbird
import NIOCore

/// A GraphQL answer as it goes out over HTTP: status, media type and the JSON body.
///
/// Two kinds, as the GraphQL-over-HTTP spec separates them:
/// - a **request error** (the request could not be read, parsed, validated or its variables
///   coerced): nothing was executed, so the body has `errors` and no `data` entry, and the
///   status is a 4xx for either media type;
/// - an **executed result**: `data` (explicitly `null` when a resolver refused the whole
///   request, as the be.ENERGISED API answers UNAUTHENTICATED) and field errors carrying `path` and
///   `locations`.
struct GraphQLHTTPResponse: Sendable {
    var status: HTTPResponse.Status
    var mediaType: GraphQLMediaType
    var body: Data
    var extraHeaders: HTTPFields = [:]

    /// The Hummingbird response.
    var response: Response {
        var headers: HTTPFields = [.contentType: mediaType.contentType]
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// One error as the spec shapes it: `locations` and `path` only where they mean something.
    struct WireError: Encodable {
        var message: String
        var locations: [SourceLocation]
        var path: GraphQL.IndexPath
        var extensions: [String: Map]

        init(_ error: GraphQLError, code: String? = nil) {
            message = error.message
            locations = error.locations
            path = error.path
            extensions = error.extensions
            if let code, extensions["code"] == nil { extensions["code"] = .string(code) }
        }

        enum CodingKeys: String, CodingKey { case message, locations, path, extensions }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(message, forKey: .message)
            if !locations.isEmpty { try c.encode(locations, forKey: .locations) }
            if !path.elements.isEmpty { try c.encode(path, forKey: .path) }
            if !extensions.isEmpty { try c.encode(extensions, forKey: .extensions) }
        }
    }

    /// `{"errors": […], "data": …}`; `data` is left out for request errors.
    private struct Body: Encodable {
        var errors: [WireError]
        var executed: Bool
        var data: Map?

        enum CodingKeys: String, CodingKey { case errors, data }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            if !errors.isEmpty { try c.encode(errors, forKey: .errors) }
            if executed {
                if let data { try c.encode(data, forKey: .data) } else { try c.encodeNil(forKey: .data) }
            }
        }
    }

    private static func encode(_ body: Body) -> Data {
        if let data = try? GraphQLJSONEncoder().encode(body) { return data }
        // Only a value JSON cannot hold (a NaN from a resolver) gets here.
        return Data(#"{"errors":[{"message":"The answer could not be encoded.","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}"#.utf8)
    }

    /// A request that was not executed: one error with a code, no `data`.
    static func requestError(
        _ status: HTTPResponse.Status,
        message: String,
        code: String,
        as mediaType: GraphQLMediaType,
        extraHeaders: HTTPFields = [:]
    ) -> Self {
        let error = GraphQLError(message: message, extensions: ["code": .string(code)])
        return requestErrors(status, [error], code: code, as: mediaType, extraHeaders: extraHeaders)
    }

    /// A request that was not executed, with the errors the parser or validator found
    /// (they carry `locations` into the document).
    static func requestErrors(
        _ status: HTTPResponse.Status,
        _ errors: [GraphQLError],
        code: String,
        as mediaType: GraphQLMediaType,
        extraHeaders: HTTPFields = [:]
    ) -> Self {
        let body = Body(errors: errors.map { WireError($0, code: code) }, executed: false, data: nil)
        return Self(status: status, mediaType: mediaType, body: encode(body), extraHeaders: extraHeaders)
    }

    /// A request that could not be read at all.
    static func failure(_ failure: GraphQLHTTPRequest.Failure, as mediaType: GraphQLMediaType) -> Self {
        var headers: HTTPFields = [:]
        if let allow = failure.allow { headers[.allow] = allow }
        return requestError(failure.status, message: failure.message, code: failure.code, as: mediaType, extraHeaders: headers)
    }

    /// What the executor returned. A result without `data` whose errors point at no field
    /// failed before execution (variables that do not coerce): a request error, 400.
    /// Every error gets a code; a RATE_LIMITED error sets `Retry-After`, and with
    /// `application/json` also the status 429 (as the be.ENERGISED API does). With
    /// `application/graphql-response+json` the spec demands a 2xx whenever `data` is present,
    /// so there the answer stays 200 and only the header tells when to come back.
    static func executed(_ result: GraphQLResult, as mediaType: GraphQLMediaType) -> Self {
        if result.data == nil, !result.errors.isEmpty, result.errors.allSatisfy({ $0.path.elements.isEmpty }) {
            return requestErrors(.badRequest, result.errors, code: "BAD_USER_INPUT", as: mediaType)
        }
        let errors = result.errors.map { WireError($0, code: "INTERNAL_SERVER_ERROR") }
        // UNAUTHENTICATED answers carry data: null (as the be.ENERGISED API answers), not a tree of nulls.
        let unauthenticated = errors.contains { $0.extensions["code"] == .string("UNAUTHENTICATED") }
        let body = Body(errors: errors, executed: true, data: unauthenticated ? nil : result.data)
        var status: HTTPResponse.Status = .ok
        var headers: HTTPFields = [:]
        if let throttled = errors.first(where: { $0.extensions["code"] == .string("RATE_LIMITED") }) {
            let after = throttled.extensions["retryAfter"]?.double ?? 1
            headers[.retryAfter] = String(Int(after.rounded(.up)))
            if mediaType == .json { status = .tooManyRequests }
        }
        return Self(status: status, mediaType: mediaType, body: encode(body), extraHeaders: headers)
    }
}
