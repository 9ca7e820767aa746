import ArgumentParser
import AsyncHTTPClient
import ChargeCore
import ChargeSandbox
import ChargeTestSupport
import Dispatch
import Foundation
import Logging
import NIOCore

/// `charge-bench core`: the core's own cost. (1) request encode + answer decode + model
/// mapping of a 100-station page, with the network replaced by a canned answer; (2) a
/// signed-in query through the core vs the same bytes as a bare HTTP round trip to the
/// in-process sandbox.
struct CoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "core", abstract: "Core encode/decode and per-request overhead.")

    @Option(help: "Iterations per figure.") var iterations = 2000

    static func pageJSON(stations: Int) throws -> Data {
        var data: [[String: Any]] = []
        for i in 0..<stations {
            let connectors: [[String: Any]] = (0..<4).map { c in
                [
                    "id": "c-\(i)-\(c)", "label": "\(c + 1)", "evseId": "AT*HTB*E\(i)*\(c)", "status": c == 0 ? "Charging" : "Available",
                    "statusUpdatedAt": "2026-11-25T10:00:00.000Z", "plugType": c == 3 ? "CCS" : "TYPE_2", "powerType": c == 3 ? "DC" : "AC",
                    "maxPower": c == 3 ? 150.0 : 22.0, "pricePerKwh": 0.39, "currency": "EUR",
                ]
            }
            data.append([
                "id": "station-\(i)", "label": "Ladepark Getreidegasse", "publicDisplayName": "Ladepark Getreidegasse \(i)",
                "distance": Double(i) * 0.05, "isRoaming": false, "timeZone": "Europe/Vienna",
                "address": ["street": "Getreidegasse", "houseNumber": "\(i)", "zip": "5020", "city": "Salzburg", "country": "AT"],
                "geolocation": ["latitude": 47.8, "longitude": 13.05],
                "openingHours": [["dayOfWeek": "MONDAY-SUNDAY", "from": "00:00", "to": "24:00"]], "connectors": connectors,
            ])
        }
        return try JSONSerialization.data(withJSONObject: ["data": ["cpsPaged": ["pagination": ["totalCount": 5000], "data": data]]])
    }

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let page = try Self.pageJSON(stations: 100)
        let cannedTransport = CannedTransport(body: page)
        let canned = try ChargeClient(
            configuration: EndpointConfiguration(graphQLURL: URL(string: "http://127.0.0.1:9/graphql/")!, psk: Secret("p")),
            logger: logger,
            transport: cannedTransport
        )
        try await canned.signIn(username: "u", password: Secret("p"))
        var samples: [Double] = []
        for i in 0..<iterations {
            // A new filter each time: the page cache must not answer.
            let filter = StationFilter(position: GeoPoint(latitude: 47.8, longitude: 13.05), radiusKm: 5 + Double(i) * 1e-6)
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try await canned.stations(filter: filter, offset: 0, limit: 100)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            precondition(result.items.count == 100)
        }
        samples.sort()
        print(
            String(
                format: "100-station page, encode + decode + models (%d KB answer): p50 %.3f ms  p99 %.3f ms  (goal <= 1 ms)",
                page.count / 1024,
                percentile(samples, 0.5),
                percentile(samples, 0.99)
            )
        )

        // Small answers (everything but the station page) decode through `JSONDecoder`: a
        // live-panel poll (one session) and a history page (20 sessions).
        func chargelog(_ i: Int) -> [String: Any] {
            [
                "id": "log-\(i)", "status": "started", "dateStart": "2026-11-25T10:00:00.000Z", "energyConsumption": 1.234 + Double(i),
                "rateName": "be.ENERGISED Basic",
                "cost": ["total": 0.5, "grossAmount": 0.6, "currency": "EUR"],
                "connector": [
                    "id": "c-1", "label": "1", "evseId": "AT*HTB*E1*1", "status": "Charging", "statusUpdatedAt": "2026-11-25T10:00:00.000Z",
                    "plugType": "TYPE_2", "powerType": "AC", "maxPower": 22.0, "pricePerKwh": 0.39, "currency": "EUR",
                ],
            ]
        }
        let one = try JSONSerialization.data(withJSONObject: ["data": ["chargelog": chargelog(0)]])
        let twenty = try JSONSerialization.data(withJSONObject: [
            "data": ["chargelogsPaged": ["data": (0..<20).map(chargelog), "pagination": ["totalCount": 20]]]
        ])
        for (name, body, call) in [
            ("one session (live poll)", one, { _ = try await canned.chargelog(id: "log-0") } as () async throws -> Void),
            ("20-session history page", twenty, { _ = try await canned.history(offset: 0, limit: 20) }),
        ] {
            cannedTransport.answer(body: body)
            var small: [Double] = []
            for _ in 0..<iterations {
                let start = DispatchTime.now().uptimeNanoseconds
                try await call()
                small.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            small.sort()
            print(
                String(
                    format: "%@, encode + decode + models (%d B answer): p50 %.3f ms  p99 %.3f ms",
                    name,
                    body.count,
                    percentile(small, 0.5),
                    percentile(small, 0.99)
                )
            )
        }

        // Per-request overhead against a real server on loopback.
        var config = SandboxConfiguration()
        config.stationCount = 300
        config.passwordHashRounds = 1000
        let sandbox = try await Sandbox(configuration: config, logger: logger)
        try await sandbox.start()
        let client = try ChargeClient(
            configuration: EndpointConfiguration(graphQLURL: sandbox.graphQLURL, psk: Secret(sandbox.psk)),
            logger: logger
        )
        try await client.signIn(username: Sandbox.demoUser, password: Secret(Sandbox.demoPassword))
        let body = try JSONSerialization.data(withJSONObject: ["query": APIOperation.contact.document, "operationName": "Contact"])
        let tokenBody = try JSONSerialization.data(withJSONObject: [
            "query": APIOperation.initSession.document,
            "variables": ["username": Sandbox.demoUser, "password": Sandbox.demoPassword],
        ])
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        func raw(_ body: Data, bearer: String) async throws -> Data {
            var request = HTTPClientRequest(url: sandbox.graphQLURL.absoluteString)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.headers.add(name: "authorization", value: "Bearer \(bearer)")
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await http.execute(request, timeout: .seconds(10))
            return Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        }
        let tokens = try JSONSerialization.jsonObject(with: try await raw(tokenBody, bearer: sandbox.psk)) as? [String: Any]
        let session = ((tokens?["data"] as? [String: Any])?["initSession"] as? [String: Any])?["sessionToken"] as? String ?? ""
        var bare: [Double] = []
        var core: [Double] = []
        let rounds = max(100, iterations / 4)
        for _ in 0..<rounds {
            var t = DispatchTime.now().uptimeNanoseconds
            _ = try await raw(body, bearer: session)
            bare.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            t = DispatchTime.now().uptimeNanoseconds
            _ = try await client.profile()
            core.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        bare.sort()
        core.sort()
        print(
            String(
                format: "signed-in query, bare HTTP round trip: p50 %.3f ms;  through the core: p50 %.3f ms;  overhead p50 %.3f ms",
                percentile(bare, 0.5),
                percentile(core, 0.5),
                percentile(core, 0.5) - percentile(bare, 0.5)
            )
        )
        try await http.shutdown()
        await client.shutdown()
        await sandbox.stop()
    }
}
