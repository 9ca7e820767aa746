import Foundation

// The ports the core offers to the layers above. ChargeViewModels depends on these
// protocols only, so its tests run against fakes and its code never makes HTTP calls.
// `ChargeClient` (in this module) implements all of them against a real endpoint.

/// Why the user is no longer signed in.
public enum SignOutReason: Sendable, Hashable {
    /// The user chose to sign out.
    case userRequested
    /// The session could not be refreshed (refresh token rejected or expired).
    case sessionExpired(String)
    /// An Auth0 access token reached its end of life (no refresh for those).
    case accessTokenExpired
    /// Kiosk idle timeout.
    case idle
}

/// Sign-in state changes, published by the auth service.
public enum AuthEvent: Sendable, Hashable {
    case signedIn(ContactProfile?)
    /// The session token was renewed silently (no user action needed).
    case refreshed
    case signedOut(SignOutReason)
}

/// What the device-code flow shows the user (RFC 8628 device authorization response).
public struct DeviceAuthorization: Sendable, Hashable {
    public var deviceCode: Secret
    public var userCode: String
    public var verificationURI: String
    public var verificationURIComplete: String?
    /// When the code stops working.
    public var expiresAt: Date
    /// Seconds between polls, as the server asked (raised on `slow_down`).
    public var interval: Double

    public init(
        deviceCode: Secret,
        userCode: String,
        verificationURI: String,
        verificationURIComplete: String?,
        expiresAt: Date,
        interval: Double
    ) {
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationURI = verificationURI
        self.verificationURIComplete = verificationURIComplete
        self.expiresAt = expiresAt
        self.interval = interval
    }
}

/// Progress of polling the device-code flow.
public enum DevicePollState: Sendable, Hashable {
    /// Waiting for the user to approve (`authorization_pending`).
    case pending
    /// The server asked to slow down; new interval in seconds.
    case slowedDown(interval: Double)
}

/// Signing in and out.
public protocol AuthServicing: Sendable {
    /// Legacy sign-in: the configured PSK + `initSession(username, password)`.
    func signIn(username: String, password: Secret) async throws
    /// Sign in with an Auth0 access token obtained elsewhere.
    func signIn(accessToken: Secret) async throws
    /// Start the OAuth device-code flow: returns the code and URL to show.
    func beginDeviceSignIn() async throws -> DeviceAuthorization
    /// Poll until the user approves (then signed in), denies, or the code expires.
    /// `progress` is called on each pending / slow-down answer.
    func completeDeviceSignIn(_ authorization: DeviceAuthorization, progress: @escaping @Sendable (DevicePollState) -> Void) async throws
    /// Forget every token (memory only; nothing is on disk).
    func signOut() async
    /// Whether the device-code flow is configured for this endpoint.
    var supportsDeviceSignIn: Bool { get }
    /// Whether username/password (PSK) sign-in is configured for this endpoint.
    var supportsPasswordSignIn: Bool { get }
    /// Sign-in state changes. Each call returns a new stream that sees later events.
    func events() -> AsyncStream<AuthEvent>
}

/// Finding stations.
public protocol StationServicing: Sendable {
    /// One page of stations matching `filter`, nearest first. Pages are cached per filter and
    /// identical in-flight requests are shared. `limit` is at most 100.
    func stations(filter: StationFilter, offset: Int, limit: Int) async throws -> Page<Station>
    /// One station with its connectors, fresh from the server.
    func station(id: String) async throws -> Station
    /// Drops every cached page (and any answer still on its way), so the next request asks
    /// the server: `r` on the list, and after a start or stop changed a connector.
    func invalidateStations() async
}

/// Charging: cards, start, live session, stop, history, contracts.
public protocol ChargingServicing: Sendable {
    /// Cards usable at this connector; empty means no valid contract there.
    func cards(connectorId: String) async throws -> [ChargingCard]
    /// Start charging. Reports progress; ends with `.started(chargelogId:)` or throws
    /// (`.refused` for a failed attempt). Never starts twice, even after a lost answer.
    func start(
        station: Station,
        connector: Connector,
        card: ChargingCard,
        progress: @escaping @Sendable (StartProgress) -> Void
    ) async throws -> String
    /// A live view of a session: polls at an adaptive interval, derives kW and cost, and
    /// finishes after the snapshot whose status is `stopped`. Every failed poll (outage,
    /// garbled answer, odd error) is retried with capped back-off inside the stream; it
    /// throws only `.notFound` (the session no longer exists) or `.unauthenticated`.
    func liveSession(chargelogId: String) -> AsyncThrowingStream<SessionSnapshot, any Error>
    /// Stop a session; a second stop reports `wasAlreadyStopped` instead of failing. When
    /// the answer is lost the session is read back (as long as reads fail) instead of
    /// sending the stop again; `.refused` when the stop was not confirmed.
    func stop(chargelogId: String) async throws -> StopResult
    /// Sessions still running for this user (to resume after a restart).
    func runningSessions() async throws -> [Chargelog]
    /// One session as the server has it now (a receipt after the session ended).
    func chargelog(id: String) async throws -> Chargelog
    /// Past sessions, newest first.
    func history(offset: Int, limit: Int) async throws -> Page<Chargelog>
    /// Invoices and other account documents.
    func documents(offset: Int, limit: Int) async throws -> Page<AccountDocument>
    /// One document read again (its link as the server gives it now).
    func document(id: String) async throws -> AccountDocument
    /// Tariffs for a new contract.
    func contractRateOptions() async throws -> [ContractRateOption]
    /// Payment methods for a new contract.
    func contractPaymentMethods() async throws -> [ContractPaymentMethod]
    /// Create a SEPA contract; the IBAN is validated locally first (`.badInput`).
    func createSepaContract(_ request: SepaContractRequest) async throws
    /// Create a postpaid contract.
    func createPostpaidContract(paymentMethodId: String, rateId: String) async throws
}
