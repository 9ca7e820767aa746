import ChargeSandbox
import ChargeTestSupport
import Foundation
import Testing

/// Hostile requests get a 400 before any parser sees them, and the server keeps serving
/// (found by Tests/reliability/api_fuzz.py: a 5,000-deep selection overflowed the parser's
/// stack, and a 1 MB query took longer than a client waits).
@Suite(.timeLimit(.minutes(3))) struct SandboxLimitsTests {
    @Test func deepAndHugeRequestsAreRefusedWithout5xx() async throws {
        try await SandboxHarness.with { sb in
            let nested = "query { " + String(repeating: "a { ", count: 5000) + "b" + String(repeating: " }", count: 5000) + " }"
            let deep = try await SandboxHTTP.graphQL(sb.graphQLURL, nested, bearer: nil)
            #expect(deep.status == 400)
            #expect(deep.errorMessage == "The request is nested deeper than 64 levels.")
            let list = Data(
                ("{\"query\": \"{ __typename }\", \"variables\": {\"x\": " + String(repeating: "[", count: 5000)
                    + String(repeating: "]", count: 5000) + "}}").utf8
            )
            #expect(try await SandboxHTTP.post(sb.graphQLURL, body: list).status == 400)
            let huge = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                "{ __typename " + String(repeating: "x", count: 100_000) + " }",
                bearer: nil
            )
            #expect(huge.status == 400)
            #expect(huge.errorMessage == "The query is longer than 64 KB.")
            let tooBig = try await SandboxHTTP.post(sb.graphQLURL, body: Data(repeating: 0x20, count: 2 << 20))
            #expect(tooBig.status == 413)
            // Braces inside strings and ordinary queries are fine.
            let ok = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                "{ __typename }",
                variables: ["s": String(repeating: "{", count: 500)],
                bearer: nil
            )
            #expect(ok.status == 200)
        }
    }
}
