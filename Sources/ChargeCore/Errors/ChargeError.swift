import Foundation

/// Every failure the core reports, typed, each with a message a person can act on.
///
/// The view-model layer translates these into the user's language (its catalogue keys on
/// `kind`); `message` is the English text, and never contains a token or password.
///
/// It is a `LocalizedError` so that `localizedDescription` (which a caller may reach for) is
/// the message, never Foundation's "The operation could not be completed. (… error 9.)".
public enum ChargeError: LocalizedError, Sendable, Hashable, CustomStringConvertible {
    /// No connection could be made (DNS, refused, network down). Detail is a short reason.
    case offline(String)
    /// The server did not answer in time.
    case timeout
    /// The credentials were refused or the session ended (wrong password, expired token).
    case unauthenticated(String)
    /// Signed in, but not allowed to do this.
    case forbidden(String)
    /// The server rejected an argument (`BAD_USER_INPUT`), or local validation failed.
    case badInput(String)
    /// The thing asked for does not exist (any more).
    case notFound(String)
    /// Too many requests; try again after the given number of seconds when known.
    case rateLimited(retryAfter: Double?)
    /// The server failed (HTTP 5xx or `INTERNAL_SERVER_ERROR`).
    case server(status: Int, message: String?)
    /// The answer did not have the expected shape (decoding failed, unexpected null).
    case unexpectedResponse(String)
    /// A business refusal from a mutation payload (`status: "error"`, failed attempt).
    case refused(code: String?, message: String)
    /// Plain `http://` to a non-loopback host without the explicit insecure flag.
    case insecureEndpoint(String)
    /// A configuration value is wrong (endpoint URL, Auth0 settings).
    case configuration(String)
    /// The operation was cancelled (by the user or because it was superseded).
    case cancelled

    /// Broad kind, for catalogues and decisions (retry, sign-out).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case offline, timeout, unauthenticated, forbidden, badInput, notFound, rateLimited,
            server, unexpectedResponse, refused, insecureEndpoint, configuration, cancelled
    }

    public var kind: Kind {
        switch self {
        case .offline: .offline
        case .timeout: .timeout
        case .unauthenticated: .unauthenticated
        case .forbidden: .forbidden
        case .badInput: .badInput
        case .notFound: .notFound
        case .rateLimited: .rateLimited
        case .server: .server
        case .unexpectedResponse: .unexpectedResponse
        case .refused: .refused
        case .insecureEndpoint: .insecureEndpoint
        case .configuration: .configuration
        case .cancelled: .cancelled
        }
    }

    /// Whether a query may be retried automatically (never used for mutations).
    public var isTransient: Bool {
        switch self {
        case .offline, .timeout, .rateLimited: true
        case .server(let status, _): [500, 502, 503, 504].contains(status)
        default: false
        }
    }

    /// English text for a person: what happened and what to do.
    public var message: String {
        switch self {
        case .offline(let why): "Cannot reach the server (\(why)). Check the network and try again."
        case .timeout: "The server did not answer in time. Try again."
        case .unauthenticated(let why): why.isEmpty ? "Please sign in again." : why
        case .forbidden(let why): why.isEmpty ? "You are not allowed to do that." : why
        case .badInput(let why): why
        case .notFound(let what): what.isEmpty ? "Not found." : "\(what) was not found."
        case .rateLimited(let after):
            if let after {
                "Too many requests. Try again in \(Int(after.rounded(.up))) s."
            } else {
                "Too many requests. Try again shortly."
            }
        case .server(let status, let msg): "The server had a problem (\(status))\(msg.map { ": \($0)" } ?? ""). Try again later."
        case .unexpectedResponse(let what): "The server sent an answer this app does not understand (\(what))."
        case .refused(_, let msg): msg
        case .insecureEndpoint(let host):
            "Refusing plain http:// to \(host): it is not this machine, so the application key and your password would cross the network unencrypted. Use https://, or pass --insecure if you really mean it."
        case .configuration(let what): what
        case .cancelled: "Cancelled."
        }
    }

    public var description: String { message }

    public var errorDescription: String? { message }

    /// Wrap any error as a `ChargeError` (cancellation stays cancellation).
    public static func wrap(_ error: any Error) -> ChargeError {
        if let e = error as? ChargeError { return e }
        if let e = error as? AmbiguousMutation { return e.underlying }
        if error is CancellationError { return .cancelled }
        return .unexpectedResponse(String(describing: type(of: error)))
    }
}
