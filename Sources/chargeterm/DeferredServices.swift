import ChargeCore
import Foundation

/// The core's services, available once a slow start-up step (the embedded sandbox) is done.
///
/// Lets the app draw its sign-in form the moment it starts instead of after the sandbox has
/// opened its database and bound a port: every call simply awaits the client first. If the
/// start-up failed, every call fails with a message saying so.
final class DeferredServices: AuthServicing, StationServicing, ChargingServicing, Sendable {
    private let task: Task<ChargeClient, any Error>
    let supportsDeviceSignIn: Bool
    let supportsPasswordSignIn: Bool

    init(supportsDeviceSignIn: Bool, supportsPasswordSignIn: Bool, start: @escaping @Sendable () async throws -> ChargeClient) {
        self.supportsDeviceSignIn = supportsDeviceSignIn
        self.supportsPasswordSignIn = supportsPasswordSignIn
        task = Task { try await start() }
    }

    /// The client, once ready.
    func client() async throws -> ChargeClient {
        do {
            return try await task.value
        } catch let error as ChargeError {
            throw error
        } catch {
            throw ChargeError.offline("the embedded sandbox did not start: \(error)")
        }
    }

    // MARK: AuthServicing

    func signIn(username: String, password: Secret) async throws { try await client().signIn(username: username, password: password) }
    func signIn(accessToken: Secret) async throws { try await client().signIn(accessToken: accessToken) }
    func beginDeviceSignIn() async throws -> DeviceAuthorization { try await client().beginDeviceSignIn() }
    func completeDeviceSignIn(_ authorization: DeviceAuthorization, progress: @escaping @Sendable (DevicePollState) -> Void) async throws {
        try await client().completeDeviceSignIn(authorization, progress: progress)
    }
    func signOut() async { try? await client().signOut() }

    func events() -> AsyncStream<AuthEvent> {
        AsyncStream { continuation in
            let forward = Task {
                guard let client = try? await self.client() else {
                    continuation.finish()
                    return
                }
                for await event in client.events() { continuation.yield(event) }
                continuation.finish()
            }
            continuation.onTermination = { _ in forward.cancel() }
        }
    }

    // MARK: StationServicing

    func stations(filter: StationFilter, offset: Int, limit: Int) async throws -> Page<Station> {
        try await client().stations(filter: filter, offset: offset, limit: limit)
    }
    func station(id: String) async throws -> Station { try await client().station(id: id) }
    func invalidateStations() async { try? await client().invalidateStations() }

    // MARK: ChargingServicing

    func cards(connectorId: String) async throws -> [ChargingCard] { try await client().cards(connectorId: connectorId) }
    func start(
        station: Station,
        connector: Connector,
        card: ChargingCard,
        progress: @escaping @Sendable (StartProgress) -> Void
    ) async throws -> String {
        try await client().start(station: station, connector: connector, card: card, progress: progress)
    }
    func liveSession(chargelogId: String) -> AsyncThrowingStream<SessionSnapshot, any Error> {
        AsyncThrowingStream { continuation in
            let forward = Task {
                do {
                    for try await snapshot in try await self.client().liveSession(chargelogId: chargelogId) {
                        continuation.yield(snapshot)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in forward.cancel() }
        }
    }
    func stop(chargelogId: String) async throws -> StopResult { try await client().stop(chargelogId: chargelogId) }
    func runningSessions() async throws -> [Chargelog] { try await client().runningSessions() }
    func chargelog(id: String) async throws -> Chargelog { try await client().chargelog(id: id) }
    func history(offset: Int, limit: Int) async throws -> Page<Chargelog> { try await client().history(offset: offset, limit: limit) }
    func documents(offset: Int, limit: Int) async throws -> Page<AccountDocument> {
        try await client().documents(offset: offset, limit: limit)
    }
    func document(id: String) async throws -> AccountDocument { try await client().document(id: id) }
    func contractRateOptions() async throws -> [ContractRateOption] { try await client().contractRateOptions() }
    func contractPaymentMethods() async throws -> [ContractPaymentMethod] { try await client().contractPaymentMethods() }
    func createSepaContract(_ request: SepaContractRequest) async throws { try await client().createSepaContract(request) }
    func createPostpaidContract(paymentMethodId: String, rateId: String) async throws {
        try await client().createPostpaidContract(paymentMethodId: paymentMethodId, rateId: rateId)
    }
}
