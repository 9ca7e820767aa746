import ChargeTestSupport
import Foundation
import GraphQL
import Testing

@testable import ChargeSandbox

/// The sandbox over real HTTP: the shapes above end to end, status codes per media type,
/// errors with `path` and `locations`, and introspection as standard tools ask for it.
@Suite(.timeLimit(.minutes(3))) struct SandboxGraphQLHTTPTests {
    static let signIn = #"mutation{ initSession(username: "demo-user", password: "demo-user-password") { sessionToken refreshToken } }"#

    private static func errors(_ a: SandboxHTTP.Answer) -> [[String: any Sendable]] {
        (a.json["errors"] as? [any Sendable] ?? []).compactMap { $0 as? [String: any Sendable] }
    }

    @Test func vendorExampleRawDocumentSignsIn() async throws {
        try await SandboxHarness.with { sb in
            let a = try await SandboxHTTP.send(
                sb.graphQLURL,
                method: "POST",
                body: Data(Self.signIn.utf8),
                headers: ["content-type": "application/json", "accept-language": "", "authorization": "Bearer \(sb.psk)"]
            )
            #expect(a.status == 200)
            #expect(a.data("initSession")?["sessionToken"] is String)
            let g = try await SandboxHTTP.send(
                sb.graphQLURL,
                method: "POST",
                body: Data(Self.signIn.utf8),
                headers: ["content-type": "application/graphql", "authorization": "Bearer \(sb.psk)"]
            )
            #expect(g.data("initSession")?["refreshToken"] is String)
        }
    }

    @Test func getRunsQueriesAndRefusesMutations() async throws {
        try await SandboxHarness.with { sb in
            let (token, _) = try await SandboxAuthTests.tokens(sb)
            var url = try #require(URLComponents(url: sb.graphQLURL, resolvingAgainstBaseURL: false))
            url.queryItems = [
                .init(name: "query", value: "query Me { contact { profile { name } } }"), .init(name: "operationName", value: "Me"),
            ]
            let a = try await SandboxHTTP.send(try #require(url.url), method: "GET", headers: ["authorization": "Bearer \(token)"])
            #expect(a.status == 200)
            #expect((a.data("contact")?["profile"] as? [String: any Sendable])?["name"] as? String == "Demo User")

            url.queryItems = [.init(name: "query", value: Self.signIn)]
            let m = try await SandboxHTTP.send(try #require(url.url), method: "GET", headers: ["authorization": "Bearer \(sb.psk)"])
            #expect(m.status == 405)
            #expect(m.headers["allow"] == "POST")
            #expect(m.errorCode == "METHOD_NOT_ALLOWED")
            #expect(m.json["data"] == nil)
        }
    }

    @Test func fieldErrorsCarryPathAndLocations() async throws {
        try await SandboxHarness.with { sb in
            let a = try await SandboxHTTP.graphQL(sb.graphQLURL, "query {\n  contact { profile { id } }\n}", bearer: nil)
            #expect(a.status == 200)
            let e = try #require(Self.errors(a).first)
            #expect(e["path"] as? [String] == ["contact"])
            #expect(e["locations"] as? [[String: Double]] == [["line": 2, "column": 3]])
            #expect(a.errorCode == "UNAUTHENTICATED")
            #expect(a.body.contains(#""data":null"#))

            // Validation errors point into the document; they have no path and no data.
            let v = try await SandboxHTTP.graphQL(sb.graphQLURL, "{ nope }", bearer: nil)
            #expect(v.status == 400)
            let ve = try #require(Self.errors(v).first)
            #expect(ve["locations"] as? [[String: Double]] == [["line": 1, "column": 3]])
            #expect(ve["path"] == nil)
            #expect(v.errorCode == "GRAPHQL_VALIDATION_FAILED")
            #expect(v.json["data"] == nil)
        }
    }

    @Test func graphQLResponseMediaTypeStatusCodes() async throws {
        try await SandboxHarness.with { sb in
            let accept = ["content-type": "application/json", "accept": "application/graphql-response+json"]
            func send(_ body: [String: Any], bearer: String? = nil) async throws -> SandboxHTTP.Answer {
                var headers = accept
                if let bearer { headers["authorization"] = "Bearer \(bearer)" }
                return try await SandboxHTTP.send(
                    sb.graphQLURL,
                    method: "POST",
                    body: try JSONSerialization.data(withJSONObject: body),
                    headers: headers
                )
            }
            let ok = try await send(["query": "{ __typename }"])
            #expect(ok.status == 200)
            #expect(ok.headers["content-type"]?.hasPrefix("application/graphql-response+json") == true)
            #expect(try await send(["query": "{ nope }"]).status == 400)
            #expect(try await send(["query": "{ __typename "]).errorCode == "GRAPHQL_PARSE_FAILED")
            #expect(try await send(["query": "query A { __typename } query B { __typename }"]).status == 400)
            #expect(try await send(["query": "query A { __typename }", "operationName": "C"]).errorCode == "OPERATION_RESOLUTION_FAILURE")
            // Variables that do not coerce: nothing ran, so 400 and no data entry.
            let (token, _) = try await SandboxAuthTests.tokens(sb)
            let bad = try await send(["query": "query($id: String) { cp(id: $id) { id } }", "variables": ["id": ["a": 1]]], bearer: token)
            #expect(bad.status == 400)
            #expect(bad.errorCode == "BAD_USER_INPUT")
            #expect(bad.json["data"] == nil)
            // Executed with an error: 200, data present.
            let unauth = try await send(["query": "{ contact { profile { id } } }"])
            #expect(unauth.status == 200)
            #expect(unauth.errorCode == "UNAUTHENTICATED")
            // application/json stays what it was for the app.
            let plain = try await SandboxHTTP.graphQL(sb.graphQLURL, "{ __typename }", bearer: nil)
            #expect(plain.headers["content-type"]?.hasPrefix("application/json") == true)
            let none = try await SandboxHTTP.send(
                sb.graphQLURL,
                method: "POST",
                body: Data(#"{"query": "{ __typename }"}"#.utf8),
                headers: ["content-type": "application/json", "accept": "text/html"]
            )
            #expect(none.status == 406)
        }
    }

    /// What graphql-core, GraphiQL and Apollo ask: input-value deprecation and the spec's
    /// `@deprecated` locations. (The full standard query is run by Tests/graphql_http.)
    @Test func introspectionWithInputValueDeprecation() async throws {
        try await SandboxHarness.with { sb in
            let q = """
                { __type(name: "CpFilter") { inputFields(includeDeprecated: true) { name isDeprecated deprecationReason } }
                  __schema { directives { name isRepeatable locations args(includeDeprecated: true) { name defaultValue isDeprecated type { kind ofType { name } } } } } }
                """
            let a = try await SandboxHTTP.graphQL(sb.graphQLURL, q, bearer: nil)
            #expect(a.status == 200)
            #expect(a.json["errors"] == nil, "\(a.body)")
            let fields = (a.data("__type")?["inputFields"] as? [any Sendable] ?? []).compactMap { $0 as? [String: any Sendable] }
            #expect(fields.count > 3)
            #expect(fields.allSatisfy { $0["isDeprecated"] as? Double == 0 })  // SandboxHTTP reads JSON booleans as numbers
            let directives = (a.data("__schema")?["directives"] as? [any Sendable] ?? []).compactMap { $0 as? [String: any Sendable] }
            let deprecated = try #require(directives.first { $0["name"] as? String == "deprecated" })
            #expect(
                Set(deprecated["locations"] as? [String] ?? []) == [
                    "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "ENUM_VALUE",
                ]
            )
            let reason = try #require((deprecated["args"] as? [any Sendable])?.first as? [String: any Sendable])
            #expect(reason["defaultValue"] as? String == "\"No longer supported\"")
            #expect(Set(directives.compactMap { $0["name"] as? String }) == ["include", "skip", "deprecated", "specifiedBy", "oneOf"])
        }
    }

    /// Deprecated arguments and input fields are left out unless asked for, and say so when
    /// asked for (the library ignored `includeDeprecated` and had no `isDeprecated` for them).
    @Test func deprecatedInputValuesAreFilteredAndFlagged() async throws {
        try SandboxSchema.repairIntrospection()
        let schema = try buildSchema(
            source: """
                type Query { f(old: Int @deprecated(reason: "use new"), new: Int, i: I): Int }
                input I { a: Int @deprecated, b: Int }
                """
        )
        func run(_ q: String) async throws -> Map {
            let r = try await graphql(schema: schema, request: q)
            #expect(r.errors.isEmpty, "\(r.errors)")
            return r.data ?? .null
        }
        let hidden = try await run(#"{ __type(name: "Query") { fields { args { name } } } i: __type(name: "I") { inputFields { name } } }"#)
        #expect(hidden["__type"]["fields"][0]["args"].array?.compactMap { $0["name"].string } == ["new", "i"])
        #expect(hidden["i"]["inputFields"].array?.compactMap { $0["name"].string } == ["b"])
        let shown = try await run(
            #"{ __type(name: "Query") { fields { args(includeDeprecated: true) { name isDeprecated deprecationReason } } } i: __type(name: "I") { inputFields(includeDeprecated: true) { name isDeprecated deprecationReason } } }"#
        )
        let old = shown["__type"]["fields"][0]["args"][0]
        #expect(old["name"] == "old" && old["isDeprecated"] == true && old["deprecationReason"] == "use new")
        let a = shown["i"]["inputFields"][0]
        #expect(a["name"] == "a" && a["isDeprecated"] == true && a["deprecationReason"] == "No longer supported")
        #expect(shown["i"]["inputFields"][1]["isDeprecated"] == false)
    }
}
