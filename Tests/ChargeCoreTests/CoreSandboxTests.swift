import ChargeCore
import ChargeSandbox
import ChargeTestSupport
import Foundation
import Logging
import Testing

/// Counts requests (and 5xx answers) by operation, and can spoil the answer of a mutation
/// after the server carried it out: lose it, replace it by a 502, or garble it. Can also
/// hide running sessions from the first few session lists, as a server that lists a
/// session only once the station has accepted it.
final class ObservingTransport: HTTPTransport, @unchecked Sendable {
    /// What happens to the answer of an operation that was forwarded to the server.
    enum Spoil: Sendable {
        case lose
        case status(Int)
        case garbage
    }

    let inner: any HTTPTransport
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private var serverErrors: [String: Int] = [:]
    private let spoil: [String: Spoil]
    private var hiddenLists: Int
    /// Operations answered with a GraphQL request error (not forwarded), this many times.
    private var refusals: [String: Int]

    init(
        inner: any HTTPTransport = AsyncHTTPTransport(connectTimeout: 5, requestTimeout: 10),
        loseAnswerOf: String? = nil,
        spoil: [String: Spoil] = [:],
        hideRunningSessionsFromFirstLists hidden: Int = 0,
        refuseFirst refusals: [String: Int] = [:]
    ) {
        self.inner = inner
        self.refusals = refusals
        var spoil = spoil
        if let loseAnswerOf { spoil[loseAnswerOf] = .lose }
        self.spoil = spoil
        self.hiddenLists = hidden
    }

    /// Requests sent for an operation (retries included).
    func count(_ op: String) -> Int { lock.withLock { counts[op] ?? 0 } }
    /// Answers with a status of 500 or more for an operation.
    func serverErrorCount(_ op: String) -> Int { lock.withLock { serverErrors[op] ?? 0 } }

    func post(url: URL, headers: [String: String], body: Data) async throws(TransportFailure) -> HTTPAnswer {
        let op = (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["operationName"] as? String ?? url.lastPathComponent
        lock.withLock { counts[op, default: 0] += 1 }
        let refuse = lock.withLock { () -> Bool in
            guard let left = refusals[op], left > 0 else { return false }
            refusals[op] = left - 1
            return true
        }
        if refuse {
            // An overloaded server turning the request away before executing it.
            return HTTPAnswer(
                status: 503,
                headers: ["content-type": "application/graphql-response+json; charset=utf-8"],
                body: Data(#"{"errors":[{"message":"Overloaded.","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}"#.utf8)
            )
        }
        let answer = try await inner.post(url: url, headers: headers, body: body)
        lock.withLock { if answer.status >= 500 { serverErrors[op, default: 0] += 1 } }
        switch spoil[op] {
        case .lose?: throw .maybeSent("the connection was closed", timedOut: false)
        case .status(let status)?: return HTTPAnswer(status: status, body: Data("<html>Bad Gateway</html>".utf8))
        case .garbage?: return HTTPAnswer(status: 200, body: Data(#"{"data":{"remote"#.utf8))
        case nil: break
        }
        if op == "Chargelogs", answer.status == 200,
            lock.withLock({ () -> Bool in
                guard hiddenLists > 0 else { return false }
                hiddenLists -= 1
                return true
            })
        {
            return HTTPAnswer(status: 200, body: Data(#"{"data":{"chargelogsPaged":{"pagination":{"totalCount":0},"data":[]}}}"#.utf8))
        }
        return answer
    }

    func shutdown() async { await inner.shutdown() }
}

/// What a start reported, in order (its progress callback runs off the test's task).
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [StartProgress] = []
    func append(_ p: StartProgress) { lock.withLock { items.append(p) } }
    var all: [StartProgress] { lock.withLock { items } }
}

/// The core against the sandbox over loopback.
@Suite(.timeLimit(.minutes(3))) struct CoreSandboxTests {
    static let salzburg = GeoPoint(latitude: Sandbox.defaultPosition.latitude, longitude: Sandbox.defaultPosition.longitude)

    static func freeConnector(_ client: ChargeClient) async throws -> (Station, Connector) {
        let page = try await client.stations(
            filter: StationFilter(position: salzburg, radiusKm: 5, onlyAvailable: true),
            offset: 0,
            limit: 20
        )
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
            let error = await #expect(throws: ChargeError.self) {
                try await client.start(station: station, connector: busy, card: card) { _ in }
            }
            guard case .refused(_, let message)? = error else {
                Issue.record("expected a refusal, got \(String(describing: error))")
                return
            }
            #expect(message.contains("in use"), "the station's reason: \(message)")
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
                try await client.createSepaContract(
                    SepaContractRequest(paymentMethodId: method.uuid, rateId: rate.uuid, iban: "AT00 1234", accountHolder: "X")
                )
            }
            try await client.createSepaContract(
                SepaContractRequest(
                    paymentMethodId: method.uuid,
                    rateId: rate.uuid,
                    iban: "AT61 1904 3002 3457 3201",
                    accountHolder: "Demo"
                )
            )
            #expect(try await !client.cards(connectorId: connector.id).isEmpty)
        }
    }

    @Test func shortSessionTTLRefreshesOnceForTwentyConcurrentCallers() async throws {
        var config = SandboxHarness.configuration()
        // 3 s, not 1: the refreshed token must outlive the twenty calls that use it, also on a
        // loaded machine (with 1 s it expired again under a parallel full run).
        config.sessionTTL = 3
        try await SandboxHarness.with(config) { sb in
            let transport = ObservingTransport()
            let client = try await SandboxHarness.signedInClient(sb, transport: transport)
            defer { Task { await client.shutdown() } }
            try await Task.sleep(nanoseconds: 3_300_000_000)  // the 3-second session token has expired
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

    @Test func aStartTurnedAwayWithARequestErrorIsSentAgainNotReconciled() async throws {
        try await SandboxHarness.with { sb in
            let transport = ObservingTransport(refuseFirst: ["AttemptRemoteStart": 2])
            let client = try await SandboxHarness.signedInClient(sb, transport: transport)
            defer { Task { await client.shutdown() } }
            let (station, connector) = try await Self.freeConnector(client)
            let card = try #require(try await client.cards(connectorId: connector.id).first)
            let chargelogs = transport.count("Chargelogs")
            let id = try await client.start(station: station, connector: connector, card: card) { _ in }
            // Two refusals, then the start that the server carried out: three requests, one
            // session, and no read-back (a request error proves the server did not act).
            #expect(transport.count("AttemptRemoteStart") == 3)
            #expect(transport.count("Chargelogs") == chargelogs, "a request error is not reconciled")
            #expect(try await client.runningSessions().map(\.id) == [id])
        }
    }

    @Test func injectedFaultsBecomeRetriesOrTypedErrors() async throws {
        try await SandboxHarness.with { sb in
            let transport = ObservingTransport()
            let client = try await SandboxHarness.signedInClient(sb, transport: transport)
            defer { Task { await client.shutdown() } }

            // Every answer a 5xx: the query is sent once and retried 3 times, then fails.
            await sb.setFaults(SandboxFaults(serverErrorRate: 1))
            let failed = await #expect(throws: ChargeError.self) {
                try await client.stations(filter: StationFilter(position: Self.salzburg, radiusKm: 9), offset: 0, limit: 5)
            }
            guard case .server? = failed else {
                Issue.record("expected a server error, got \(String(describing: failed))")
                return
            }
            #expect(transport.count("StationsPage") == 4, "1 request + 3 retries, got \(transport.count("StationsPage"))")

            // Some 5xx: every one is retried, every query succeeds.
            let before = transport.count("StationsPage")
            let errorsBefore = transport.serverErrorCount("StationsPage")
            await sb.setFaults(SandboxFaults(serverErrorRate: 0.3))
            for i in 0..<8 {
                _ = try await client.stations(
                    filter: StationFilter(position: Self.salzburg, radiusKm: 1 + Double(i) / 2),
                    offset: 0,
                    limit: 5
                )
            }
            let retried = transport.serverErrorCount("StationsPage") - errorsBefore
            #expect(transport.count("StationsPage") - before == 8 + retried, "one more request per 5xx (\(retried) 5xx)")

            let contacts = transport.count("Contact")  // sign-in reads the profile too
            await sb.setFaults(SandboxFaults(malformedRate: 1))
            await #expect(throws: ChargeError.unexpectedResponse("malformed JSON")) { try await client.profile() }
            #expect(transport.count("Contact") - contacts == 4, "a garbled answer to a query is retried like a network fault (1 + 3)")

            await sb.setFaults(SandboxFaults(dropRate: 1))
            let dropped = await #expect(throws: ChargeError.self) {
                try await client.stations(filter: StationFilter(position: Self.salzburg, radiusKm: 7), offset: 0, limit: 5)
            }
            #expect(dropped?.isTransient == true)
            #expect(transport.count("StationsPage") - before - 8 - retried == 4, "a dropped query is retried 3 times")

            await sb.setFaults(SandboxFaults(latency: 0.2...0.3))
            #expect(try await client.profile().name == "Demo User")
            await sb.setFaults(SandboxFaults())
        }
    }

    @Test func rateLimitingHonoursRetryAfter() async throws {
        try await SandboxHarness.with { sb in
            let clock = ManualTimeSource()
            let transport = ObservingTransport()
            var logger = Logger(label: "core.test")
            logger.logLevel = .critical
            let client = try ChargeClient(configuration: SandboxHarness.endpoint(sb), time: clock, logger: logger, transport: transport)
            defer { Task { await client.shutdown() } }
            try await client.signIn(username: Sandbox.demoUser, password: Secret(Sandbox.demoPassword))
            await sb.setFaults(SandboxFaults(rateLimitRate: 1, retryAfter: 2.5))  // sent as "Retry-After: 3"
            let waitsBefore = clock.sleepDurations.count
            let contacts = transport.count("Contact")  // sign-in reads the profile too
            let call = Task { try await client.profile() }
            // Each 429: the client waits on its clock before asking again (3 retries).
            for retry in 1...3 {
                try #require(await clock.waitForSleepers(1), "retry \(retry) waits")
                #expect(transport.count("Contact") - contacts == retry, "no request before the wait is over")
                clock.advance(by: 3)
            }
            let error = await #expect(throws: ChargeError.self) { try await call.value }
            #expect(error == .rateLimited(retryAfter: 3))
            #expect(
                Array(clock.sleepDurations.dropFirst(waitsBefore)) == [3, 3, 3],
                "waited what the server asked: \(clock.sleepDurations.dropFirst(waitsBefore))"
            )
            #expect(transport.count("Contact") - contacts == 4)
            await sb.setFaults(SandboxFaults())
        }
    }

    // MARK: Ambiguous mutations: carried out, but the answer is lost, a 5xx or garbage

    @Test func aLostStopAnswerIsReadBackNotResent() async throws {
        try await SandboxHarness.with { sb in
            let transport = ObservingTransport(loseAnswerOf: "RemoteStop")
            let (client, id) = try await Self.startedSession(sb, transport)
            defer { Task { await client.shutdown() } }
            let stopped = try await client.stop(chargelogId: id)
            #expect(stopped.chargelog.status == .stopped && !stopped.wasAlreadyStopped)
            #expect(transport.count("RemoteStop") == 1)
            #expect(try await client.runningSessions().isEmpty)
        }
    }

    @Test(arguments: [ObservingTransport.Spoil.status(502), .garbage])
    func aStartCarriedOutButAnsweredBadlyIsReconciled(_ spoil: ObservingTransport.Spoil) async throws {
        try await SandboxHarness.with { sb in
            let transport = ObservingTransport(spoil: ["AttemptRemoteStart": spoil])
            let client = try await SandboxHarness.signedInClient(sb, transport: transport)
            defer { Task { await client.shutdown() } }
            let (station, connector) = try await Self.freeConnector(client)
            let card = try #require(try await client.cards(connectorId: connector.id).first)
            let id = try await client.start(station: station, connector: connector, card: card) { _ in }
            #expect(transport.count("AttemptRemoteStart") == 1, "never sent twice")
            #expect(try await client.runningSessions().map(\.id) == [id], "exactly one session, the one reported")
        }
    }

    @Test(arguments: [ObservingTransport.Spoil.status(502), .garbage])
    func aStopCarriedOutButAnsweredBadlyIsReadBack(_ spoil: ObservingTransport.Spoil) async throws {
        try await SandboxHarness.with { sb in
            let transport = ObservingTransport(spoil: ["RemoteStop": spoil])
            let (client, id) = try await Self.startedSession(sb, transport)
            defer { Task { await client.shutdown() } }
            let stopped = try await client.stop(chargelogId: id)
            #expect(stopped.chargelog.status == .stopped && !stopped.wasAlreadyStopped)
            #expect(transport.count("RemoteStop") == 1)
        }
    }

    @Test func reconciliationKeepsLookingUntilTheSessionIsListed() async throws {
        try await SandboxHarness.with { sb in
            // The first 6 session lists come back empty (the old reconciliation gave up after 3).
            let transport = ObservingTransport(loseAnswerOf: "AttemptRemoteStart", hideRunningSessionsFromFirstLists: 6)
            let client = try await SandboxHarness.signedInClient(sb, transport: transport)
            defer { Task { await client.shutdown() } }
            let (station, connector) = try await Self.freeConnector(client)
            let card = try #require(try await client.cards(connectorId: connector.id).first)
            let id = try await client.start(station: station, connector: connector, card: card) { _ in }
            #expect(transport.count("AttemptRemoteStart") == 1)
            #expect(transport.count("Chargelogs") == 7, "looked 7 times: \(transport.count("Chargelogs"))")
            #expect(try await client.runningSessions().map(\.id) == [id])
        }
    }

    @Test func reconciliationGivesUpAfterTheAttemptTimeout() async throws {
        try await SandboxHarness.with { sb in
            // The answer is lost and the session never shows: after the start's own time
            // limit, an unconfirmed start that says nothing seems to charge; no second start.
            let transport = ObservingTransport(loseAnswerOf: "AttemptRemoteStart", hideRunningSessionsFromFirstLists: 1_000)
            var logger = Logger(label: "core.test")
            logger.logLevel = .critical
            let client = try ChargeClient(
                configuration: SandboxHarness.endpoint(sb),
                logger: logger,
                transport: transport,
                attemptPollInterval: 0.05,
                attemptTimeout: 0.5
            )
            defer { Task { await client.shutdown() } }
            try await client.signIn(username: Sandbox.demoUser, password: Secret(Sandbox.demoPassword))
            let (station, connector) = try await Self.freeConnector(client)
            let card = try #require(try await client.cards(connectorId: connector.id).first)
            let seen = ProgressLog()
            let error = await #expect(throws: ChargeError.self) {
                try await client.start(station: station, connector: connector, card: card) { p in seen.append(p) }
            }
            #expect(error == .refused(code: "UNCONFIRMED", message: ChargeClient.unconfirmedStart))
            #expect(seen.all.contains(.reconciling(seconds: 0)), "the user is told the answer was lost: \(seen.all)")
            #expect(transport.count("AttemptRemoteStart") == 1)
            #expect(transport.count("Chargelogs") >= 1, "looked before giving up: \(transport.count("Chargelogs"))")
        }
    }

    @Test func aLostRoamingStartAnswerIsReconciledNotResent() async throws {
        try await SandboxHarness.with { sb in
            let transport = ObservingTransport(loseAnswerOf: "RemoteStart")
            let client = try await SandboxHarness.signedInClient(sb, transport: transport)
            defer { Task { await client.shutdown() } }
            let page = try await client.stations(
                filter: StationFilter(position: Self.salzburg, radiusKm: 20, onlyAvailable: true),
                offset: 0,
                limit: 100
            )
            let station = try #require(
                page.items.first { $0.isRoaming && $0.connectors.contains { $0.status == .available } },
                "a roaming station nearby"
            )
            let connector = try #require(station.connectors.first { $0.status == .available })
            let card = try #require(try await client.cards(connectorId: connector.id).first)
            let id = try await client.start(station: station, connector: connector, card: card) { _ in }
            #expect(transport.count("RemoteStart") == 1)
            #expect(transport.count("AttemptRemoteStart") == 0, "a roaming start uses remoteStart")
            let running = try await client.runningSessions()
            #expect(running.map(\.id) == [id])
            #expect(running.first?.status.isRunning == true && running.first?.connector?.id == connector.id)
            // And its stop, answered with a 502 after it was carried out.
            let stopper = ObservingTransport(spoil: ["RemoteStop": .status(502)])
            let second = try await SandboxHarness.signedInClient(sb, transport: stopper)
            defer { Task { await second.shutdown() } }
            let stopped = try await second.stop(chargelogId: id)
            #expect(stopped.chargelog.status == .stopped)
            #expect(stopper.count("RemoteStop") == 1)
        }
    }

    /// A signed-in client over `transport` with a running session.
    static func startedSession(_ sb: Sandbox, _ transport: ObservingTransport) async throws -> (ChargeClient, String) {
        let client = try await SandboxHarness.signedInClient(sb, transport: transport)
        let (station, connector) = try await freeConnector(client)
        let card = try #require(try await client.cards(connectorId: connector.id).first)
        return (client, try await client.start(station: station, connector: connector, card: card) { _ in })
    }
}

/// Collects progress reports from a `@Sendable` callback.
final class Steps: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [StartProgress] = []
    func add(_ p: StartProgress) { lock.withLock { items.append(p) } }
    var all: [StartProgress] { lock.withLock { items } }
}
