import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A raw HTTP answer.
public struct HTTPAnswer: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why a request got no answer, and whether the server may have seen it.
public enum TransportFailure: Error, Sendable, Equatable {
    /// Nothing was sent (DNS, connection refused, connect timeout): safe to resend anything.
    case notSent(String)
    /// The request may have reached the server (connection dropped, read timeout): a mutation
    /// must be reconciled, never blindly resent.
    case maybeSent(String, timedOut: Bool)
}

/// The one thing the core needs from HTTP, behind a protocol so tests can script answers.
public protocol HTTPTransport: Sendable {
    func post(url: URL, headers: [String: String], body: Data) async throws(TransportFailure) -> HTTPAnswer
    func shutdown() async
}

/// HTTP over AsyncHTTPClient: keep-alive, connect and read timeouts, TLS verified.
public final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient
    private let requestTimeout: Double

    public init(connectTimeout: Double, requestTimeout: Double) {
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)), read: .milliseconds(Int64(requestTimeout * 1000)))
        config.connectionPool = .init(idleTimeout: .seconds(60))
        config.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        self.requestTimeout = requestTimeout
    }

    public func post(url: URL, headers: [String: String], body: Data) async throws(TransportFailure) -> HTTPAnswer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(requestTimeout * 1000)))
            let bytes = try await response.body.collect(upTo: 16 << 20)
            var out: [String: String] = [:]
            for h in response.headers { out[h.name.lowercased()] = h.value }
            return HTTPAnswer(status: Int(response.status.code), headers: out, body: Data(bytes.readableBytesView))
        } catch {
            throw Self.classify(error)
        }
    }

    static func classify(_ error: any Error) -> TransportFailure {
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout: return .notSent("connection timed out")
            case .readTimeout, .deadlineExceeded: return .maybeSent("no answer in time", timedOut: true)
            case .remoteConnectionClosed, .cancelled: return .maybeSent("the connection was closed", timedOut: false)
            default: return .maybeSent(String(describing: e), timedOut: false)
            }
        }
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("connect(descriptor") {
            return .notSent("connection refused")
        }
        if text.contains("NIOConnectionError") || text.contains("resolution") || text.contains("getaddrinfo") {
            return .notSent("cannot connect")
        }
        return .maybeSent(text.count > 120 ? String(text.prefix(120)) : text, timedOut: false)
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
