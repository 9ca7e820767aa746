import GraphQL

/// An error the sandbox answers with: a message and the GraphQL error code the
/// be.ENERGISED API uses for the case (`extensions.code`).
struct SandboxError: Error, Sendable {
    let message: String
    let code: String
    var retryAfter: Double?

    static func unauthenticated(_ m: String) -> SandboxError { SandboxError(message: m, code: "UNAUTHENTICATED") }
    static func badInput(_ m: String) -> SandboxError { SandboxError(message: m, code: "BAD_USER_INPUT") }
    static func notFound(_ m: String) -> SandboxError { SandboxError(message: m, code: "NOT_FOUND") }
    static func throttled(_ after: Double) -> SandboxError {
        SandboxError(
            message: "Too many failed sign-ins. Try again in \(Int(after.rounded(.up))) s.",
            code: "RATE_LIMITED",
            retryAfter: after
        )
    }

    var graphQLError: GraphQLError {
        var ext: [String: Map] = ["code": .string(code)]
        if let retryAfter { ext["retryAfter"] = .number(Number(retryAfter)) }
        return GraphQLError(message: message, extensions: ext)
    }
}
