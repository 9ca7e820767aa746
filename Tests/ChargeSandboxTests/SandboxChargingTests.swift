import ChargeSandbox
import ChargeTestSupport
import Foundation
import Testing

/// Start → charging → stop, a failed start, the roaming path, double stop; on a manual clock.
@Suite(.timeLimit(.minutes(3))) struct SandboxChargingTests {
    static let stations =
        "query($f: CpFilter) { cpsPaged(filter: $f, pagination: {limit: 100}) { data { id isRoaming connectors { id status } } } }"
    static let cards = "query($c: String) { availableCardsForChargingProcess(connectorId: $c) { tagId } }"
    static let attempt = "mutation($c: String, $t: String) { attemptRemoteStart(input: {connectorId: $c, tagId: $t}) { id status } }"
    static let status = "query($id: String) { remoteStartAttemptStatus(id: $id) { status chargelogId message } }"
    static let log = "query($id: String) { chargelog(id: $id) { status energyConsumption cost { total } connector { status } } }"
    static let stop = "mutation($t: String) { remoteStop(transaction: $t) { status code message } }"

    struct Setup {
        let sb: Sandbox
        let token: String
        let tag: String
        let clock: ManualSandboxClock
    }

    static func setup(_ body: (Setup) async throws -> Void) async throws {
        var config = SandboxHarness.configuration(speed: 1)
        let clock = ManualSandboxClock()
        config.clock = clock
        try await SandboxHarness.with(config) { sb in
            let (token, _) = try await SandboxAuthTests.tokens(sb)
            try await body(Setup(sb: sb, token: token, tag: "", clock: clock))
        }
    }

    static func connectors(_ s: Setup, roaming: Bool, status: String) async throws -> [String] {
        let a = try await SandboxHTTP.graphQL(
            s.sb.graphQLURL,
            stations,
            variables: ["f": ["latitude": 47.8095, "longitude": 13.055, "radius": 10]],
            bearer: s.token
        )
        let rows = (a.data("cpsPaged")?["data"] as? [any Sendable] ?? []).compactMap { $0 as? [String: any Sendable] }
        return rows.filter {
            ($0["isRoaming"] as? Double).map { $0 != 0 } ?? (($0["isRoaming"] as? Bool) ?? false) == roaming
                || (String(describing: $0["isRoaming"] ?? "") == "1.0") == roaming
        }
        .flatMap { ($0["connectors"] as? [any Sendable] ?? []).compactMap { $0 as? [String: any Sendable] } }
        .filter { $0["status"] as? String == status }.compactMap { $0["id"] as? String }
    }

    static func tag(_ s: Setup, _ connector: String) async throws -> String {
        let a = try await SandboxHTTP.graphQL(s.sb.graphQLURL, cards, variables: ["c": connector], bearer: s.token)
        let list = (a.json["data"] as? [String: any Sendable])?["availableCardsForChargingProcess"] as? [any Sendable] ?? []
        return try #require((list.first as? [String: any Sendable])?["tagId"] as? String)
    }

    static func attemptStatus(_ s: Setup, _ id: String) async throws -> [String: any Sendable] {
        try #require(
            try await SandboxHTTP.graphQL(s.sb.graphQLURL, status, variables: ["id": id], bearer: s.token).data("remoteStartAttemptStatus")
        )
    }

    @Test func startChargeStopAndDoubleStop() async throws {
        try await Self.setup { s in
            let connector = try #require(try await Self.connectors(s, roaming: false, status: "Available").first)
            let tag = try await Self.tag(s, connector)
            let started = try await SandboxHTTP.graphQL(
                s.sb.graphQLURL,
                Self.attempt,
                variables: ["c": connector, "t": tag],
                bearer: s.token
            )
            let id = try #require(started.data("attemptRemoteStart")?["id"] as? String)
            #expect(try await Self.attemptStatus(s, id)["status"] as? String == "pending")
            s.clock.advance(by: 2)
            #expect(try await Self.attemptStatus(s, id)["status"] as? String == "sending")
            s.clock.advance(by: 2)
            #expect(try await Self.attemptStatus(s, id)["status"] as? String == "waiting_for_start_transaction")
            s.clock.advance(by: 2)
            let attached = try await Self.attemptStatus(s, id)
            #expect(attached["status"] as? String == "charge_log_attached")
            let logID = try #require(attached["chargelogId"] as? String)
            s.clock.advance(by: 600)
            let a = try #require(
                try await SandboxHTTP.graphQL(s.sb.graphQLURL, Self.log, variables: ["id": logID], bearer: s.token).data("chargelog")
            )
            s.clock.advance(by: 600)
            let b = try #require(
                try await SandboxHTTP.graphQL(s.sb.graphQLURL, Self.log, variables: ["id": logID], bearer: s.token).data("chargelog")
            )
            #expect(a["status"] as? String == "started")
            #expect((a["connector"] as? [String: any Sendable])?["status"] as? String == "Charging")
            let e1 = a["energyConsumption"] as? Double ?? 0
            let e2 = b["energyConsumption"] as? Double ?? 0
            #expect(e1 > 1 && e2 > e1, "energy rises: \(e1) → \(e2)")
            let stop1 = try await SandboxHTTP.graphQL(s.sb.graphQLURL, Self.stop, variables: ["t": logID], bearer: s.token)
            #expect(stop1.data("remoteStop")?["status"] as? String == "success")
            let stop2 = try await SandboxHTTP.graphQL(s.sb.graphQLURL, Self.stop, variables: ["t": logID], bearer: s.token)
            #expect(stop2.data("remoteStop")?["status"] as? String == "error")
            #expect((stop2.data("remoteStop")?["message"] as? String)?.contains("already") == true)
            let after = try #require(
                try await SandboxHTTP.graphQL(s.sb.graphQLURL, Self.log, variables: ["id": logID], bearer: s.token).data("chargelog")
            )
            #expect(after["status"] as? String == "stopped")
            #expect((after["cost"] as? [String: any Sendable])?["total"] as? Double ?? 0 > 0)
        }
    }

    @Test func startOnABusyConnectorFailsWithAReason() async throws {
        try await Self.setup { s in
            let busy = try #require(try await Self.connectors(s, roaming: false, status: "Charging").first)
            let tag = try await Self.tag(s, busy)
            let started = try await SandboxHTTP.graphQL(s.sb.graphQLURL, Self.attempt, variables: ["c": busy, "t": tag], bearer: s.token)
            let id = try #require(started.data("attemptRemoteStart")?["id"] as? String)
            s.clock.advance(by: 5)
            let st = try await Self.attemptStatus(s, id)
            #expect(st["status"] as? String == "failed")
            #expect((st["message"] as? String)?.contains("in use") == true)
        }
    }

    @Test func roamingStationsStartThroughRemoteStart() async throws {
        try await Self.setup { s in
            let a = try await SandboxHTTP.graphQL(
                s.sb.graphQLURL,
                "query($f: CpFilter) { cpsPaged(filter: $f, pagination: {limit: 100}) { data { isRoaming connectors { id status } } } }",
                variables: ["f": ["latitude": 47.8095, "longitude": 13.055, "radius": 20, "onlyAvailable": true]],
                bearer: s.token
            )
            let rows = (a.data("cpsPaged")?["data"] as? [any Sendable] ?? []).compactMap { $0 as? [String: any Sendable] }
            let roaming = try #require(rows.first { ($0["isRoaming"] as? Double) == 1 || ($0["isRoaming"] as? Bool) == true })
            let connector = try #require(
                ((roaming["connectors"] as? [any Sendable]) ?? []).compactMap { $0 as? [String: any Sendable] }
                    .first { $0["status"] as? String == "Available" }?["id"] as? String
            )
            let tag = try await Self.tag(s, connector)
            // attemptRemoteStart never leaves pending on a roaming station.
            let attempt = try await SandboxHTTP.graphQL(
                s.sb.graphQLURL,
                Self.attempt,
                variables: ["c": connector, "t": tag],
                bearer: s.token
            )
            let attemptID = try #require(attempt.data("attemptRemoteStart")?["id"] as? String)
            s.clock.advance(by: 100)
            #expect(try await Self.attemptStatus(s, attemptID)["status"] as? String == "pending")
            let start = try await SandboxHTTP.graphQL(
                s.sb.graphQLURL,
                "mutation($t: String, $c: String) { remoteStart(authorization: {identifier: $t, type: AUTO}, connector: $c) { status transaction } }",
                variables: ["t": tag, "c": connector],
                bearer: s.token
            )
            #expect(start.data("remoteStart")?["status"] as? String == "accepted")
            let logID = try #require(start.data("remoteStart")?["transaction"] as? String)
            let waiting = try await SandboxHTTP.graphQL(s.sb.graphQLURL, Self.log, variables: ["id": logID], bearer: s.token)
            #expect(waiting.data("chargelog")?["status"] as? String == "roaming_waiting_for_transaction")
            s.clock.advance(by: 60)
            let charging = try await SandboxHTTP.graphQL(s.sb.graphQLURL, Self.log, variables: ["id": logID], bearer: s.token)
            #expect(charging.data("chargelog")?["status"] as? String == "roaming_start")
            #expect(charging.data("chargelog")?["energyConsumption"] as? Double ?? 0 > 0)
        }
    }
}
