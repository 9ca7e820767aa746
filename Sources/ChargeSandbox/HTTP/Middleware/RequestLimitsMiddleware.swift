import Hummingbird
import NIOCore

/// The sizes a GraphQL request may have. The parsers (JSON's and GraphQL's) recurse, so a
/// hostile body nested thousands deep, or a huge document, must be refused before it
/// reaches them (found by Tests/reliability/api_fuzz.py: a 5,000-deep selection overflowed
/// the parser's stack, and a 1 MB query took longer than a client waits).
enum RequestLimits {
    static let maxBody = 1 << 20
    /// Longest query document accepted (ours are under 1 KB).
    static let maxQuery = 64 * 1024
    /// Deepest nesting of braces, brackets and parentheses accepted in a body.
    static let maxNesting = 64

    static let tooDeep = "The request is nested deeper than \(maxNesting) levels."

    /// Refuses a document (from a body or a URL) that is too long or nested too deep.
    static func check(query: String) throws(GraphQLRefusal) {
        guard query.utf8.count <= maxQuery else { throw GraphQLRefusal(.badRequest, "The query is longer than \(maxQuery / 1024) KB.") }
        if nestingDepth(query.utf8) > maxNesting { throw GraphQLRefusal(.badRequest, tooDeep) }
    }

    /// The deepest nesting of `{ [ (` outside strings (JSON's, or a GraphQL document's own
    /// string literals), so text values may hold any braces they like.
    static func nestingDepth(_ bytes: some Sequence<UInt8>) -> Int {
        // Contiguous bytes (a body, a native string) go through the non-generic loop: the
        // generic one, unspecialised in a debug build, took seconds for a 1 MB body, and a
        // hostile request must be refused fast (api_fuzz allows 1 s).
        if let depth = bytes.withContiguousStorageIfAvailable({ nestingDepth(raw: UnsafeRawBufferPointer($0)) }) { return depth }
        return Array(bytes).withUnsafeBytes { nestingDepth(raw: $0) }
    }

    private static func nestingDepth(raw bytes: UnsafeRawBufferPointer) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for i in 0..<bytes.count {
            let b = bytes[i]
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "("):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
                depth = max(0, depth - 1)
            default: break
            }
        }
        return deepest
    }
}

/// Reads the whole body within `RequestLimits.maxBody` (413 beyond) and refuses one nested
/// too deep (400), before any parser sees it. The next step gets the body already collected.
struct RequestLimitsMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: RequestLimits.maxBody)
        } catch {
            throw GraphQLRefusal(.contentTooLarge, "The request body is larger than \(RequestLimits.maxBody / 1024) KB.")
        }
        if RequestLimits.nestingDepth(body.readableBytesView) > RequestLimits.maxNesting {
            throw GraphQLRefusal(.badRequest, RequestLimits.tooDeep)
        }
        var request = request
        request.body = RequestBody(buffer: body)
        return try await next(request, context)
    }
}
