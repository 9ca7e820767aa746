import ChargeCore
import Foundation

/// Scripted fakes of the core's service protocols, for view-model tests.
public final class FakeServices: AuthServicing, StationServicing, ChargingServicing, @unchecked Sendable {
    private let lock = NSLock()
    private let hub = FakeHub()

    public var supportsDeviceSignIn = true
    public var supportsPasswordSignIn = true

    // Scripts (set by the test).
    public var signInError: ChargeError?
    public var stationsResult: (StationFilter, Int, Int) -> Result<Page<Station>, ChargeError> = { _, o, l in
        .success(Page(items: [], totalCount: 0, offset: o, limit: l))
    }
    public var cardsResult: [ChargingCard] = []
    public var running: [Chargelog] = []
    /// When set, asking for running sessions fails with it.
    public var runningError: ChargeError?
    public var startResult: Result<String, ChargeError> = .success("log-1")
    /// When set, a start waits until the test yields on this stream (to test what happens
    /// while a start is under way).
    public var startGate: AsyncStream<Void>?
    public var stopResult: Result<StopResult, ChargeError> = .failure(.cancelled)
    public var deviceAuthorization: DeviceAuthorization?
    /// Device codes the "phone" has approved: polling for one of them signs in at once.
    public var approvedDeviceCodes: Set<String> = []

    // Records.
    public private(set) var stationRequests: [(StationFilter, Int)] = []
    public private(set) var signIns: [String] = []
    public private(set) var stops: [String] = []
    /// Starts sent: (connector id, card id), in order.
    public private(set) var starts: [(connector: String, card: String)] = []
    public private(set) var liveContinuation: AsyncThrowingStream<SessionSnapshot, any Error>.Continuation?

    public init() {}

    func locked<T>(_ f: () throws -> T) rethrows -> T { try lock.withLock(f) }

    public func signIn(username: String, password: Secret) async throws {
        try locked { () throws in
            signIns.append(username)
            if let e = signInError { throw e }
        }
        hub.emit(.signedIn(ContactProfile(name: "Test User")))
    }
    public func signIn(accessToken: Secret) async throws {}
    public func beginDeviceSignIn() async throws -> DeviceAuthorization {
        guard let d = locked({ deviceAuthorization }) else { throw ChargeError.configuration("no device flow") }
        locked { deviceCodesIssued += 1 }
        return d
    }
    public private(set) var deviceCodesIssued = 0
    /// User codes polled for, in order (a resumed code shows up twice).
    public private(set) var devicePolls: [String] = []
    public func completeDeviceSignIn(
        _ authorization: DeviceAuthorization,
        progress: @escaping @Sendable (DevicePollState) -> Void
    ) async throws {
        let approved = locked {
            devicePolls.append(authorization.userCode)
            return approvedDeviceCodes.contains(authorization.userCode)
        }
        if approved {
            hub.emit(.signedIn(ContactProfile(name: "Test User")))
            return
        }
        try await Task.sleep(nanoseconds: 60_000_000_000)
    }
    public private(set) var signOuts = 0
    public func signOut() async {
        locked { signOuts += 1 }
        hub.emit(.signedOut(.userRequested))
    }
    public func events() -> AsyncStream<AuthEvent> { hub.stream() }
    /// Sends an auth event as the core would.
    public func emit(_ e: AuthEvent) { hub.emit(e) }

    /// When set, a page request waits until the test yields on this stream (a slow list load
    /// that ends while the user is elsewhere).
    public var stationsGate: AsyncStream<Void>?
    public func stations(filter: StationFilter, offset: Int, limit: Int) async throws -> Page<Station> {
        if let gate = locked({ stationsGate }) {
            for await _ in gate { break }
        }
        let r = locked {
            stationRequests.append((filter, offset))
            return stationsResult(filter, offset, limit)
        }
        return try r.get()
    }
    /// How often one station was read (`station(id:)`: the detail's refreshes).
    public private(set) var stationReads = 0
    public func station(id: String) async throws -> Station {
        locked { stationReads += 1 }
        let all = try locked {
            try stationsResult(StationFilter(position: GeoPoint(latitude: 0, longitude: 0), radiusKm: 1), 0, 100).get().items
        }
        guard let s = all.first(where: { $0.id == id }) else { throw ChargeError.notFound("The station") }
        return s
    }
    /// How often the page cache was dropped.
    public private(set) var invalidations = 0
    public func invalidateStations() async { locked { invalidations += 1 } }
    public func cards(connectorId: String) async throws -> [ChargingCard] { locked { cardsResult } }
    public func start(
        station: Station,
        connector: Connector,
        card: ChargingCard,
        progress: @escaping @Sendable (StartProgress) -> Void
    ) async throws -> String {
        locked { starts.append((connector.id, card.id)) }
        progress(.requested(attemptId: "a1"))
        progress(.attempt(.sending))
        progress(.attempt(.chargeLogAttached))
        if let gate = locked({ startGate }) {
            for await _ in gate { break }
        }
        let r = locked { startResult }
        if case .success(let id) = r { progress(.started(chargelogId: id)) }
        return try r.get()
    }
    /// How many live streams were opened, and for which sessions (a follower that reopens
    /// its stream after an error shows here).
    public private(set) var liveSubscriptions: [String] = []
    public func liveSession(chargelogId: String) -> AsyncThrowingStream<SessionSnapshot, any Error> {
        let (stream, c) = AsyncThrowingStream<SessionSnapshot, any Error>.makeStream()
        locked {
            liveContinuation = c
            liveSubscriptions.append(chargelogId)
        }
        return stream
    }
    /// When set, a stop waits until the test yields on this stream (a stop whose answer is
    /// slow or being read back).
    public var stopGate: AsyncStream<Void>?
    public func stop(chargelogId: String) async throws -> StopResult {
        locked { stops.append(chargelogId) }
        if let gate = locked({ stopGate }) {
            for await _ in gate { break }
        }
        return try locked { try stopResult.get() }
    }
    public func runningSessions() async throws -> [Chargelog] {
        try locked { () throws in
            if let runningError { throw runningError }
            return running
        }
    }
    /// Past sessions and documents served in pages (newest first, as the server sends them).
    public var pastSessions: [Chargelog] = []
    public var accountDocuments: [AccountDocument] = []
    /// When set, reading one session fails with it.
    public var chargelogError: ChargeError?
    /// The pages asked for, as (offset, limit), in order.
    public private(set) var historyRequests: [(Int, Int)] = []
    public private(set) var documentRequests: [(Int, Int)] = []
    public private(set) var chargelogReads: [String] = []
    public func chargelog(id: String) async throws -> Chargelog {
        try locked { () throws in
            chargelogReads.append(id)
            if let chargelogError { throw chargelogError }
            guard let log = (pastSessions + running).first(where: { $0.id == id }) else {
                throw ChargeError.notFound("The charging session")
            }
            return log
        }
    }
    public func history(offset: Int, limit: Int) async throws -> Page<Chargelog> {
        locked {
            historyRequests.append((offset, limit))
            return Self.page(of: pastSessions, offset: offset, limit: limit)
        }
    }
    /// What `document(id:)` answers (default: the document from `accountDocuments`, or not found).
    public var documentResult: (@Sendable (String) -> Result<AccountDocument, ChargeError>)?
    public private(set) var documentReads: [String] = []
    /// When set for an id, reading that document waits until the test yields on the stream
    /// (an answer that arrives after the user has moved on).
    public var documentGates: [String: AsyncStream<Void>] = [:]
    public func document(id: String) async throws -> AccountDocument {
        if let gate = locked({ documentGates[id] }) {
            for await _ in gate { break }
        }
        let r: Result<AccountDocument, ChargeError> = locked {
            documentReads.append(id)
            if let documentResult { return documentResult(id) }
            return accountDocuments.first { $0.id == id }.map { .success($0) } ?? .failure(.notFound("The document"))
        }
        return try r.get()
    }
    public func documents(offset: Int, limit: Int) async throws -> Page<AccountDocument> {
        locked {
            documentRequests.append((offset, limit))
            return Self.page(of: accountDocuments, offset: offset, limit: limit)
        }
    }
    public func contractRateOptions() async throws -> [ContractRateOption] { [ContractRateOption(uuid: "r", name: "Basic")] }
    public func contractPaymentMethods() async throws -> [ContractPaymentMethod] {
        [ContractPaymentMethod(uuid: "p", kind: .postpaid), ContractPaymentMethod(uuid: "s", kind: .sepa)]
    }
    public private(set) var sepaRequests: [SepaContractRequest] = []
    public func createSepaContract(_ request: SepaContractRequest) async throws {
        locked {
            sepaRequests.append(request)
            cardsResult = [ChargingCard(id: "c", tagId: "T")]
        }
    }
    public func createPostpaidContract(paymentMethodId: String, rateId: String) async throws {
        locked { cardsResult = [ChargingCard(id: "c", tagId: "T")] }
    }

    /// One page of `all`, as a server pages a list.
    public static func page<Item>(of all: [Item], offset: Int, limit: Int) -> Page<Item> {
        Page(items: Array(all.dropFirst(offset).prefix(limit)), totalCount: all.count, offset: offset, limit: limit)
    }

    /// A station with the given connector statuses, `km` away.
    public static func station(_ id: String, km: Double, statuses: [ConnectorStatus] = [.available]) -> Station {
        Station(
            id: id,
            name: "Station \(id)",
            address: Address(street: "Main St", houseNumber: "1", zip: "5020", city: "Salzburg"),
            distanceKm: km,
            connectors: statuses.enumerated().map { i, s in
                Connector(
                    id: "\(id)-c\(i)",
                    label: "\(i + 1)",
                    status: s,
                    plugType: .type2,
                    powerType: .ac,
                    maxPowerKw: 22,
                    pricePerKwh: 0.4,
                    currency: "EUR"
                )
            }
        )
    }

    /// A scripted list of `count` stations served in pages.
    public func serve(_ count: Int, spacingKm: Double = 0.1) {
        let all = (0..<count).map { Self.station("s\($0)", km: Double($0) * spacingKm + spacingKm) }
        locked {
            stationsResult = { f, offset, limit in
                let within = all.filter { ($0.distanceKm ?? 0) <= f.radiusKm }
                return .success(Self.page(of: within, offset: offset, limit: limit))
            }
        }
    }
}

/// Event fan-out for the fake.
final class FakeHub: @unchecked Sendable {
    private let lock = NSLock()
    private var continuations: [AsyncStream<AuthEvent>.Continuation] = []
    func stream() -> AsyncStream<AuthEvent> {
        let (s, c) = AsyncStream<AuthEvent>.makeStream()
        lock.withLock { continuations.append(c) }
        return s
    }
    func emit(_ e: AuthEvent) { for continuation in lock.withLock({ continuations }) { continuation.yield(e) } }
}
