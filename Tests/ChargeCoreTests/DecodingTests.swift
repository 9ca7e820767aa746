import Foundation
import Testing

@testable import ChargeCore

/// Odd answers become typed errors, never crashes.
@Suite(.timeLimit(.minutes(1))) struct DecodingTests {
    func decode(_ status: Int, _ body: String, headers: [String: String] = [:]) throws -> Wire.StationsPageW {
        try GraphQLChannel.decode(HTTPAnswer(status: status, headers: headers, body: Data(body.utf8)), as: Wire.StationsPageW.self)
    }

    func error(_ status: Int, _ body: String, headers: [String: String] = [:]) -> ChargeError? {
        do {
            _ = try decode(status, body, headers: headers)
            return nil
        } catch { return error as? ChargeError }
    }

    /// GraphQL over HTTP: only a graphql-response+json 4xx/5xx without `data` proves that the
    /// server did not execute the request; anything else a failed mutation gets is ambiguous.
    @Test func requestErrorsAreToldApartFromAmbiguousFailures() {
        let typed = ["content-type": "application/graphql-response+json; charset=utf-8"]
        let errors = #"{"errors":[{"message":"busy"}]}"#
        func isRequestError(_ status: Int, _ body: String, _ headers: [String: String]) -> Bool {
            GraphQLChannel.isRequestError(HTTPAnswer(status: status, headers: headers, body: Data(body.utf8)))
        }
        #expect(isRequestError(503, errors, typed))
        #expect(isRequestError(429, errors, typed))
        #expect(!isRequestError(503, errors, ["content-type": "application/json"]), "plain JSON status codes say nothing")
        #expect(!isRequestError(502, "<html>Bad Gateway</html>", ["content-type": "text/html"]), "a proxy's answer")
        #expect(!isRequestError(500, #"{"errors":[{"message":"x"}],"data":null}"#, typed), "data present: execution began")
        #expect(!isRequestError(200, errors, typed))
        #expect(!isRequestError(503, #"{"errors":[{"mess"#, typed), "garbled")
        #expect(GraphQLChannel.isGarbled(HTTPAnswer(status: 200, body: Data(#"{"data": {"cpsPaged": [1, 2,"#.utf8))))
        #expect(!GraphQLChannel.isGarbled(HTTPAnswer(status: 200, body: Data(#"{"data": {"odd": 1}}"#.utf8))))
    }

    @Test func mapsStatusesAndCodes() {
        #expect(
            error(200, #"{"errors":[{"message":"expired","extensions":{"code":"UNAUTHENTICATED"}}],"data":null}"#)
                == .unauthenticated("expired")
        )
        #expect(error(401, "") == .unauthenticated(""))
        #expect(error(403, "") == .forbidden(""))
        #expect(error(429, "", headers: ["retry-after": "3"]) == .rateLimited(retryAfter: 3))
        #expect(error(503, "") == .server(status: 503, message: nil))
        #expect(error(200, #"{"errors":[{"message":"radius","extensions":{"code":"BAD_USER_INPUT"}}]}"#) == .badInput("radius"))
        #expect(
            error(400, #"{"errors":[{"message":"Cannot query field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}"#)?.kind
                == .unexpectedResponse
        )
    }

    @Test func malformedAndEmptyBodiesAreTypedErrors() {
        #expect(error(200, #"{"data": {"cpsPaged": [1, 2,"#)?.kind == .unexpectedResponse)
        #expect(error(200, "")?.kind == .unexpectedResponse)
        #expect(error(200, #"{"data": null}"#)?.kind == .unexpectedResponse)
        #expect(error(200, "<html>502 Bad Gateway</html>")?.kind == .unexpectedResponse)
    }

    @Test func toleratesExtraFieldsNullsAndUnknownValues() throws {
        let body = #"""
            {"data":{"cpsPaged":{"pagination":{"totalCount":2,"extra":1},"data":[
              {"id":"a","label":null,"distance":0.4,"connectors":[{"id":"c1","status":"Weird","plugType":"NACS","maxPower":null}],"unknown":true},
              null,
              {"id":"b","publicDisplayName":"Bee","connectors":null}]}}}
            """#
        let page = try decode(200, body)
        let stations = try (page.cpsPaged?.data ?? []).compactMap { try $0?.model() }
        #expect(stations.count == 2)
        #expect(stations[0].name == "a")
        #expect(stations[0].connectors[0].status == .other("Weird"))
        #expect(stations[0].connectors[0].plugType == .other("NACS"))
        #expect(stations[1].name == "Bee")
    }

    /// Small answers go through `JSONDecoder`, the station page through the core's reader:
    /// the same statuses and codes give the same errors both ways.
    @Test func smallAnswersMapStatusesAndCodesAsThePageDoes() {
        func small(_ status: Int, _ body: String, headers: [String: String] = [:]) -> ChargeError? {
            do {
                _ = try GraphQLChannel.decode(
                    HTTPAnswer(status: status, headers: headers, body: Data(body.utf8)),
                    as: Wire.ChargelogOneW.self
                )
                return nil
            } catch { return error as? ChargeError }
        }
        let bodies = [
            (200, #"{"errors":[{"message":"expired","extensions":{"code":"UNAUTHENTICATED"}}],"data":null}"#),
            (200, #"{"errors":[{"message":"radius","extensions":{"code":"BAD_USER_INPUT"}}]}"#),
            (200, #"{"errors":[{"message":"gone","extensions":{"code":"NOT_FOUND"}}],"data":{"chargelog":null}}"#),
            (400, #"{"errors":[{"message":"Cannot query field","extensions":{"code":"GRAPHQL_VALIDATION_FAILED"}}]}"#),
            (500, #"{"errors":[{"message":"boom"}]}"#), (401, ""), (403, ""), (503, ""),
            (200, #"{"data": {"cpsPaged": [1, 2,"#), (200, ""), (200, #"{"data": null}"#), (200, "<html>502 Bad Gateway</html>"),
            (200, #"{"errors":[null]}"#), (200, #"{"errors":{"message":"not a list"}}"#),
        ]
        for (status, body) in bodies {
            #expect(small(status, body) == error(status, body), "\(status) \(body)")
            #expect(small(status, body) != nil, "\(status) \(body)")
        }
        #expect(small(429, "", headers: ["retry-after": "3"]) == .rateLimited(retryAfter: 3))
    }

    /// Broken UTF-8 inside a string is repaired (U+FFFD) in a small answer as in the page,
    /// not refused; broken bytes outside a string are refused.
    @Test func brokenUTF8InStringsIsRepairedInSmallAnswers() throws {
        var body = Data(#"{"data":{"chargelog":{"id":"log-1","status":"started","rateName":"Basic "#.utf8)
        body.append(contentsOf: [0xC3, 0x28, 0xFF])
        body.append(contentsOf: Array(#""}}}"#.utf8))
        let log = try GraphQLChannel.decode(HTTPAnswer(status: 200, body: body), as: Wire.ChargelogOneW.self).chargelog?.model()
        #expect(log?.rateName == "Basic \u{FFFD}(\u{FFFD}")
        var outside = Data(#"{"data":{"chargelog":null}"#.utf8)
        outside.append(0xFF)
        outside.append(contentsOf: Array("}".utf8))
        #expect(throws: ChargeError.unexpectedResponse("malformed JSON")) {
            try GraphQLChannel.decode(HTTPAnswer(status: 200, body: outside), as: Wire.ChargelogOneW.self)
        }
    }

    @Test func timestampsParseFastAndSlow() {
        #expect(Wire.date("2024-03-15T00:00:00.000Z") == Date(timeIntervalSince1970: 1_710_460_800))
        #expect(Wire.date("2024-03-15T12:30:05Z") == Date(timeIntervalSince1970: 1_710_505_805))
        #expect(Wire.date("2024-03-15T12:30:05.250Z")?.timeIntervalSince1970 == 1_710_505_805.25)
        #expect(Wire.date("2024-03-15T13:30:05+01:00") == Date(timeIntervalSince1970: 1_710_505_805))
        #expect(Wire.date("yesterday") == nil)
        #expect(Wire.date("2024-13-15T00:00:00.000Z") == nil)
    }

    @Test func missingIdsAreUnexpectedResponses() {
        let w = Wire.StationW(id: nil)
        #expect(throws: ChargeError.self) { try w.model() }
        let log = Wire.ChargelogW(id: "x", status: "flying")
        #expect(throws: ChargeError.self) { try log.model() }
    }
}
