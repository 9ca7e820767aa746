import AsyncHTTPClient
import Foundation
import NIOCore

/// Raw GraphQL and form requests to a sandbox, for tests that check the server itself.
public enum SandboxHTTP {
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var json: [String: any Sendable]
        public var body: String

        /// `data.<field>` as a dictionary.
        public func data(_ field: String) -> [String: any Sendable]? {
            (json["data"] as? [String: any Sendable])?[field] as? [String: any Sendable]
        }
        /// The first error's `extensions.code`; nil only for a real success: HTTP 200 with a
        /// `data` object and no errors. An error without a code, a body that is not JSON or an
        /// answer without data gets a code of its own here, so "no error code" never passes
        /// on garbage.
        public var errorCode: String? {
            if let errors = json["errors"] as? [any Sendable], let first = errors.first as? [String: any Sendable] {
                return ((first["extensions"] as? [String: any Sendable])?["code"] as? String) ?? "(an error without a code)"
            }
            guard status == 200, json["data"] is [String: any Sendable] else {
                return "(not a GraphQL answer: HTTP \(status), \(body.prefix(80)))"
            }
            return nil
        }
        public var errorMessage: String? { ((json["errors"] as? [any Sendable])?.first as? [String: any Sendable])?["message"] as? String }
    }

    public static func post(_ url: URL, body: Data, contentType: String = "application/json", bearer: String? = nil) async throws -> Answer
    {
        var headers = ["content-type": contentType]
        if let bearer { headers["authorization"] = "Bearer \(bearer)" }
        return try await send(url, method: "POST", body: body, headers: headers)
    }

    /// Any method with any headers (GraphQL over GET, `Accept` negotiation, odd content types).
    public static func send(_ url: URL, method: String, body: Data? = nil, headers: [String: String] = [:]) async throws -> Answer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        let data = Data(bytes.readableBytesView)
        var headers: [String: String] = [:]
        for h in response.headers { headers[h.name.lowercased()] = h.value }
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Answer(
            status: Int(response.status.code),
            headers: headers,
            json: sendable(json) as? [String: any Sendable] ?? [:],
            body: String(decoding: data, as: UTF8.self)
        )
    }

    /// A GET (the approval page).
    public static func get(_ url: URL) async throws -> Answer {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url.absoluteString), timeout: .seconds(10))
        let data = Data(try await response.body.collect(upTo: 8 << 20).readableBytesView)
        var headers: [String: String] = [:]
        for h in response.headers { headers[h.name.lowercased()] = h.value }
        return Answer(status: Int(response.status.code), headers: headers, json: [:], body: String(decoding: data, as: UTF8.self))
    }

    public static func graphQL(_ url: URL, _ query: String, variables: [String: Any] = [:], bearer: String?) async throws -> Answer {
        let body = try JSONSerialization.data(withJSONObject: ["query": query, "variables": variables])
        return try await post(url, body: body, bearer: bearer)
    }

    public static func form(_ url: URL, _ fields: [String: String]) async throws -> Answer {
        let text = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(
            separator: "&"
        )
        return try await post(url, body: Data(text.utf8), contentType: "application/x-www-form-urlencoded")
    }

    /// JSONSerialization's `Any` made `Sendable` (dictionaries, arrays, strings, numbers).
    static func sendable(_ value: Any) -> any Sendable {
        switch value {
        case let d as [String: Any]: return d.mapValues { sendable($0) } as [String: any Sendable]
        case let a as [Any]: return a.map { sendable($0) } as [any Sendable]
        case let s as String: return s
        case let n as NSNumber: return n.doubleValue
        default: return "null"
        }
    }
}
