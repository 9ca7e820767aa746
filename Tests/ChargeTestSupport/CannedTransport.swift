import ChargeCore
import Foundation

/// A transport that answers without a network: sign-in and the profile succeed, every other
/// request gets the body and status set last. For decoder fuzzing (one mutated answer after
/// another) and for benchmarks that must leave the network out.
public final class CannedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var status: Int
    private var body: Data

    public init(status: Int = 200, body: Data = Data()) {
        self.status = status
        self.body = body
    }

    /// The answer every later request (other than sign-in and profile) gets.
    public func answer(status: Int = 200, body: Data) {
        lock.withLock {
            self.status = status
            self.body = body
        }
    }

    public func post(url: URL, headers: [String: String], body request: Data) async throws(TransportFailure) -> HTTPAnswer {
        let text = String(decoding: request, as: UTF8.self)
        if text.contains("\"InitSession\"") {
            return HTTPAnswer(status: 200, body: Data(#"{"data":{"initSession":{"sessionToken":"s","refreshToken":"r"}}}"#.utf8))
        }
        if text.contains("\"Contact\"") {
            return HTTPAnswer(status: 200, body: Data(#"{"data":{"contact":{"profile":{"name":"B"}}}}"#.utf8))
        }
        return lock.withLock { HTTPAnswer(status: status, body: body) }
    }

    public func shutdown() async {}
}
