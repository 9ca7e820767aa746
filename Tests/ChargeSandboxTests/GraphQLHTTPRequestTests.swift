import ChargeTestSupport
import Foundation
import GraphQL
import Testing

@testable import ChargeSandbox

/// Reading GraphQL-over-HTTP requests: every shape real servers accept, as a pure value.
@Suite(.timeLimit(.minutes(3))) struct GraphQLHTTPRequestTests {
    private func parse(
        _ method: String = "POST",
        contentType: String? = "application/json",
        query: String? = nil,
        body: String = ""
    ) -> Result<GraphQLHTTPRequest, GraphQLHTTPRequest.Failure> {
        GraphQLHTTPRequest.parse(
            method: method == "GET" ? .get : method == "PUT" ? .put : .post,
            contentType: contentType,
            urlQuery: query,
            body: Array(body.utf8)
        )
    }

    @Test func jsonObjectBody() throws {
        let r = try parse(body: #"{"query": "query A($n: Int) { a(n: $n) }", "variables": {"n": 3}, "operationName": "A"}"#).get()
        #expect(
            r == GraphQLHTTPRequest(method: .post, query: "query A($n: Int) { a(n: $n) }", variables: ["n": .number(3)], operationName: "A")
        )
        let nulls = try parse(
            contentType: "application/json; charset=utf-8",
            body: #"{"query": "{ a }", "variables": null, "operationName": null}"#
        ).get()
        #expect(nulls == GraphQLHTTPRequest(method: .post, query: "{ a }", variables: [:], operationName: nil))
    }

    /// The vendor's getting-started example: the document itself, sent as application/json.
    @Test func rawDocumentBodyWithJSONContentType() throws {
        let doc = #"mutation{ initSession(username: "u", password: "p") { sessionToken refreshToken } }"#
        #expect(try parse(body: doc).get() == GraphQLHTTPRequest(method: .post, query: doc, variables: [:], operationName: nil))
        // A shorthand query starts with a brace but is no JSON either.
        #expect(try parse(body: "{ __typename }").get().query == "{ __typename }")
    }

    @Test func applicationGraphQLBody() throws {
        let r = try parse(contentType: "application/graphql", query: "operationName=B&variables=%7B%22x%22%3A1%7D", body: "query B { b }")
            .get()
        #expect(r == GraphQLHTTPRequest(method: .post, query: "query B { b }", variables: ["x": .number(1)], operationName: "B"))
    }

    @Test func getWithURLParameters() throws {
        let r = try parse(
            "GET",
            contentType: nil,
            query: "query=query+Q(%24id%3A+String)+%7B+cp(id%3A+%24id)+%7B+id+%7D+%7D&variables=%7B%22id%22%3A%22a+b%22%7D&operationName=Q"
        ).get()
        #expect(
            r
                == GraphQLHTTPRequest(
                    method: .get,
                    query: "query Q($id: String) { cp(id: $id) { id } }",
                    variables: ["id": .string("a b")],
                    operationName: "Q"
                )
        )
        let plain = try parse("GET", contentType: nil, query: "query=%7B__typename%7D").get()
        #expect(plain == GraphQLHTTPRequest(method: .get, query: "{__typename}", variables: [:], operationName: nil))
    }

    @Test func refusalsSayWhatToSend() {
        func failure(_ r: Result<GraphQLHTTPRequest, GraphQLHTTPRequest.Failure>) -> GraphQLHTTPRequest.Failure? {
            if case .failure(let f) = r { return f }
            return nil
        }
        #expect(failure(parse("GET", contentType: nil, query: nil))?.message.contains("?query=") == true)
        #expect(failure(parse(body: ""))?.message.hasPrefix("The body is empty") == true)
        #expect(failure(parse(body: "   \n"))?.status == .badRequest)
        #expect(failure(parse(body: #"[{"query": "{ a }"}]"#))?.message.hasPrefix("Batched requests") == true)
        #expect(failure(parse(body: "42"))?.message.hasPrefix("The JSON body must be an object") == true)
        #expect(failure(parse(body: #"{"variables": {}}"#))?.message.contains("\"query\" string") == true)
        #expect(failure(parse(body: #"{"query": "{ a }", "variables": [1]}"#))?.message == "\"variables\" must be a JSON object.")
        #expect(failure(parse(body: #"{"query": "{ a }", "operationName": 5}"#))?.message == "\"operationName\" must be a string.")
        #expect(failure(parse("GET", contentType: nil, query: "query=%7Ba%7D&variables=%5B1%5D"))?.status == .badRequest)
        #expect(
            failure(parse("GET", contentType: nil, query: "query=%7Ba%7D&variables=" + String(repeating: "%5B", count: 100)))?.message
                .contains("nested deeper") == true
        )
        let form = failure(parse(contentType: "application/x-www-form-urlencoded", body: "query=%7Ba%7D"))
        #expect(form?.status == .unsupportedMediaType)
        #expect(form?.message.contains("application/json") == true)
        #expect(failure(parse(contentType: nil, body: "{ a }"))?.status == .unsupportedMediaType)
        let put = failure(parse("PUT", body: "{ a }"))
        #expect(put?.status == .methodNotAllowed)
        #expect(put?.allow == "GET, POST")
    }

    @Test func acceptNegotiation() {
        #expect(GraphQLMediaType.negotiate(accept: nil) == .json)
        #expect(GraphQLMediaType.negotiate(accept: "") == .json)
        #expect(GraphQLMediaType.negotiate(accept: "*/*") == .json)
        #expect(GraphQLMediaType.negotiate(accept: "application/json") == .json)
        #expect(GraphQLMediaType.negotiate(accept: "application/graphql-response+json") == .graphQLResponse)
        #expect(GraphQLMediaType.negotiate(accept: "application/graphql-response+json, application/json;q=0.9") == .graphQLResponse)
        #expect(GraphQLMediaType.negotiate(accept: "application/json, application/graphql-response+json") == .json)
        #expect(GraphQLMediaType.negotiate(accept: "application/json;q=0.5, application/graphql-response+json") == .graphQLResponse)
        #expect(GraphQLMediaType.negotiate(accept: "text/html, application/xhtml+xml, */*;q=0.8") == .json)
        #expect(GraphQLMediaType.negotiate(accept: "text/html") == nil)
        #expect(GraphQLMediaType.negotiate(accept: "application/json;q=0") == nil)
    }
}
