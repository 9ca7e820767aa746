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

extension HTTPAnswer {
    /// Throws when the answer is a redirect: it is never followed (it could carry the
    /// password or the PSK to another host), and the error names where it pointed so a
    /// person can decide whether that address should be configured instead.
    public func refuseRedirect(from url: URL) throws(ChargeError) {
        guard (300...399).contains(status) else { return }
        let raw = headers["location"] ?? ""
        // The target is the server's text: printable ASCII only, bounded, before it is shown.
        let target = String(raw.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f }.prefix(200).map(Character.init))
        let from = url.host ?? url.absoluteString
        throw ChargeError.configuration(
            "\(from) answered with a redirect (HTTP \(status)) to \(target.isEmpty ? "an address it did not give" : target). "
                + "Redirects are not followed, so no password or key was sent there; if that address is right, configure it instead."
        )
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
        // Never follow a redirect: the body (a password, the PSK in the header) would go
        // with it to wherever the server points, https→http included. A 3xx comes back as
        // an answer and `HTTPAnswer.refuseRedirect` turns it into an error naming the target.
        config.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        self.requestTimeout = requestTimeout
    }

    public func post(url: URL, headers: [String: String], body: Data) async throws(TransportFailure) -> HTTPAnswer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        var buffer = ByteBuffer(bytes: body)
        request.body = .bytes(buffer)
        defer {
            // Drop the request's copy (it may hold a password) and overwrite ours.
            request.body = nil
            buffer.withUnsafeMutableReadableBytes { raw in
                if let base = raw.baseAddress { memset(base, 0, raw.count) }
            }
        }
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
