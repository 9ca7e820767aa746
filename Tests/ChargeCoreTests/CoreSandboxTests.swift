import ChargeCore
import ChargeSandbox
import ChargeTestSupport
import Foundation
import Testing

/// Counts requests by operation and can lose the answer of one operation after sending it.
final class ObservingTransport: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private let loseAnswerOf: String?

    init(inner: any HTTPTransport = AsyncHTTPTransport(connectTimeout: 5, requestTimeout: 10), loseAnswerOf: String? = nil) {
        self.inner = inner
        self.loseAnswerOf = loseAnswerOf
    }

    func count(_ op: String) -> Int { lock.withLock { counts[op] ?? 0 } }

    func post(url: URL, headers: [String: String], body: Data) async throws(TransportFailure) -> HTTPAnswer {
        let text = String(decoding: body, as: UTF8.self)
        let op = (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["operationName"] as? String ?? url.lastPathComponent
        lock.withLock { counts[op, default: 0] += 1 }
        let answer = try await inner.post(url: url, headers: headers, body: body)
        if let lose = loseAnswerOf, text.contains("\"operationName\":\"\(lose)\"") {
            throw .maybeSent("the connection was closed", timedOut: false)
        }
        return answer
    }

    func shutdown() async { await inner.shutdown() }
}

/// The core against the sandbox over loopback.
@Suite struct CoreSandboxTests {
    static let salzburg = GeoPoint(latitude: Sandbox.defaultPosition.latitude, longitude: Sandbox.defaultPosition.longitude)

    static func freeConnector(_ client: ChargeClient) async throws -> (Station, Connector) {
        let page = try await client.stations(filter: StationFilter(position: salzburg, radiusKm: 5, onlyAvailable: true), offset: 0, limit: 20)
        let station = try #require(page.items.first { !$0.isRoaming && $0.connectors.contains { $0.status == .available } })
        return (station, try #require(station.connectors.first { $0.status == .available }))
    }

    @Test func wholeFlowSignInFindStartWatchStop() async throws {
        try await SandboxHarness.with { sb in
            let client = try await SandboxHarness.signedInClient(sb)
            defer { Task { await client.shutdown() } }
            let page = try await client.stations(filter: StationFilter(position: Self.salzburg, radiusKm: 5), offset: 0, limit: 25)
            #expect(page.totalCount > 10)
            let distances = page.items.compactMap(\.distanceKm)
            #expect(distances == distances.sorted() && distances.allSatisfy { $0 <= 5 })

            let (station, connector) = try await Self.freeConnector(client)
            let card = try #require(try await client.cards(connectorId: connector.id).first)
            let steps = Steps()
            let id = try await client.start(station: station, connector: connector, card: card) { steps.add($0) }
            #expect(steps.all.contains(.started(chargelogId: id)))
            // Progress is reported step by step, in order (fast sandbox: some steps may be skipped).
            let attemptSteps = steps.all.compactMap { if case .attempt(let s) = $0 { s } else { nil } }
            #expect(attemptSteps.first == .pending && attemptSteps.last == .chargeLogAttached)

            var energies: [Double] = []
            for try await snap in client.liveSession(chargelogId: id) {
                energies.append(snap.chargelog.energyKwh)
                if energies.count == 3 { break }
            }
            #expect(energies.last ?? 0 > energies.first ?? 0, "energy rises: \(energies)")
            #expect(try await client.runningSessions().map(\.id) == [id])

            let stopped = try await client.stop(chargelogId: id)
            #expect(stopped.chargelog.status == .stopped && !stopped.wasAlreadyStopped)
            let again = try await client.stop(chargelogId: id)
            #expect(again.wasAlreadyStopped)
            #expect(try await client.runningSessions().isEmpty)
            #expect(try await client.history(offset: 0, limit: 10).items.first?.id == id)
            #expect(try await client.documents(offset: 0, limit: 10).totalCount > 0)
        }
    }

    @Test func startFailureIsARefusalWithTheStationsReason() async throws {
        try await SandboxHarness.with { sb in
            let client = try await SandboxHarness.signedInClient(sb)
            defer { Task { await client.shutdown() } }
            let page = try await client.stations(filter: StationFilter(position: Self.salzburg, radiusKm: 10), offset: 0, limit: 100)
            let station = try #require(page.items.first { !$0.isRoaming && $0.connectors.contains { $0.status == .charging } })
            var busy = try #require(station.connectors.first { $0.status == .charging })
            let card = try #require(try await client.cards(connectorId: busy.id).first)
            busy.status = .available  // as if the list were stale
            await #expect(throws: ChargeError.self) { try await client.start(station: station, connector: busy, card: card) { _ in } }
        }
    }

    @Test func noContractMeansNoCards() async throws {
        try await SandboxHarness.with { sb in
            let client = try await SandboxHarness.signedInClient(sb, username: Sandbox.noContractUser, password: Sandbox.noContractPassword)
            defer { Task { await client.shutdown() } }
            let (_, connector) = try await Self.freeConnector(client)
            #expect(try await client.cards(connectorId: connector.id).isEmpty)
            let rate = try #require(try await client.contractRateOptions().first)
            let method = try #require(try await client.contractPaymentMethods().first { $0.kind == .sepa })
            await #expect(throws: ChargeError.badInput("The IBAN is not valid. Check it and try again.")) {
                try await client.createSepaContract(SepaContractRequest(paymentMethodId: method.uuid, rateId: rate.uuid, iban: "AT00 1234", accountHolder: "X"))
            }
            try await client.createSepaContract(SepaContractRequest(paymentMethodId: method.uuid, rateId: rate.uuid, iban: "AT61 1904 3002 3457 3201", accountHolder: "Demo"))
            #expect(try await !client.cards(connectorId: connector.id).isEmpty)
        }
    }

    @Test func shortSessionTTLRefreshesOnceForTwentyConcurrentCallers() async throws {
        var config = SandboxHarness.configuration()
        config.sessionTTL = 1
        try await SandboxHarness.with(config) { sb in
            let transport = ObservingTransport()
            let client = try await SandboxHarness.signedInClient(sb, transport: transport)
            defer { Task { await client.shutdown() } }
            try await Task.sleep(nanoseconds: 1_300_000_000)  // the 1-second session token has expired
            let names = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<20 { group.addTask { try await client.profile().name } }
                var out: [String?] = []
                for try await n in group { out.append(n) }
                return out
            }
            #expect(names.count == 20 && names.allSatisfy { $0 == "Demo User" })
            #expect(transport.count("RefreshSession") == 1)
        }
    }

    @Test func deviceCodeSignIn() async throws {
        var config = SandboxHarness.configuration()
        config.devicePollInterval = 1
        try await SandboxHarness.with(config) { sb in
            let client = try ChargeClient(configuration: SandboxHarness.endpoint(sb))
            defer { Task { await client.shutdown() } }
            let auth = try await client.beginDeviceSignIn()
            #expect(auth.userCode.count == 9)
            #expect(auth.verificationURI.hasSuffix("/activate"))
            let approver = Task {
                try await Task.sleep(nanoseconds: 300_000_000)
                try await sb.approveDevice(userCode: auth.userCode)
            }
            try await client.completeDeviceSignIn(auth) { _ in }
            try await approver.value
            #expect(try await client.profile().name == "Demo User")
        }
    }

    @Test func aLostStartAnswerIsReconciledNotResent() async throws {
        try await SandboxHarness.with { sb in
            let transport = ObservingTransport(loseAnswerOf: "AttemptRemoteStart")
            let client = try await SandboxHarness.signedInClient(sb, transport: transport)
            defer { Task { await client.shutdown() } }
            let (station, connector) = try await Self.freeConnector(client)
            let card = try #require(try await client.cards(connectorId: connector.id).first)
            let id = try await client.start(station: station, connector: connector, card: card) { _ in }
            #expect(transport.count("AttemptRemoteStart") == 1)
            #expect(try await client.runningSessions().map(\.id) == [id])
        }
    }

    @Test func injectedFaultsBecomeRetriesOrTypedErrors() async throws {
        try await SandboxHarness.with { sb in
            let transport = ObservingTransport()
            let client = try await SandboxHarness.signedInClient(sb, transport: transport)
            defer { Task { await client.shutdown() } }
            let filter = StationFilter(position: Self.salzburg, radiusKm: 7)  // not cached by the loop below

            await sb.setFaults(SandboxFaults(serverErrorRate: 0.3))
            for i in 0..<4 { _ = try await client.stations(filter: StationFilter(position: Self.salzburg, radiusKm: 1 + Double(i)), offset: 0, limit: 5) }

            await sb.setFaults(SandboxFaults(malformedRate: 1))
            await #expect(throws: ChargeError.unexpectedResponse("malformed JSON")) { try await client.profile() }

            await sb.setFaults(SandboxFaults(dropRate: 1))
            let dropped = await #expect(throws: ChargeError.self) { try await client.stations(filter: filter, offset: 0, limit: 5) }
            #expect(dropped?.isTransient == true)

            await sb.setFaults(SandboxFaults(latency: 0.2...0.3))
            #expect(try await client.profile().name == "Demo User")
            await sb.setFaults(SandboxFaults())
        }
    }

    @Test func rateLimitingHonoursRetryAfter() async throws {
        try await SandboxHarness.with { sb in
            let client = try await SandboxHarness.signedInClient(sb)
            defer { Task { await client.shutdown() } }
            await sb.setFaults(SandboxFaults(rateLimitRate: 1, retryAfter: 0.2))
            let error = await #expect(throws: ChargeError.self) { try await client.profile() }
            #expect(error == .rateLimited(retryAfter: 1))
        }
    }
}

/// Collects progress reports from a `@Sendable` callback.
final class Steps: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [StartProgress] = []
    func add(_ p: StartProgress) { lock.withLock { items.append(p) } }
    var all: [StartProgress] { lock.withLock { items } }
}
