import AsyncHTTPClient
import Foundation
import NIOCore

/// A one-off form POST for the small subcommands (approve), with a readable error.
enum HTTPPost {
    static func send(url: URL, form: String) async throws -> String {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: form))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            return String(buffer: body)
        } catch {
            throw SandboxCommandError(message: "Cannot reach \(url.absoluteString): \(error)")
        }
    }
}

/// A subcommand failure with a message for a person.
struct SandboxCommandError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
