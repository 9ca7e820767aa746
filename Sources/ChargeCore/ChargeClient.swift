import Foundation
import Logging

/// The be.ENERGISED API client: sign-in, stations, charging. Implements the ports the view
/// models use. Holds tokens in memory only.
public final class ChargeClient: AuthServicing, StationServicing, ChargingServicing, Sendable {
    let config: EndpointConfiguration
    let channel: GraphQLChannel
    let tokens: TokenStore
    let hub = EventHub()
    let time: any TimeSource
    let logger: Logger
    let pages: PageCache
    let transport: any HTTPTransport

    /// Seconds between start-attempt polls, and how long a start may take before giving up.
    let attemptPollInterval: Double
    let attemptTimeout: Double

    /// - Parameters:
    ///   - sessionLifetime: how long a session token lives (the API says 60 minutes; it is not
    ///     in the answer). The client refreshes shortly before, and again on any 401.
    public init(
        configuration: EndpointConfiguration,
        time: any TimeSource = SystemTimeSource(),
        logger: Logger = Logger(label: "chargeterm.core"),
        transport: (any HTTPTransport)? = nil,
        sessionLifetime: Double = 3600,
        attemptPollInterval: Double = 1,
        attemptTimeout: Double = 120
    ) throws {
        try Self.checkSecure(configuration.graphQLURL, allowInsecure: configuration.allowInsecure)
        if let auth0 = configuration.auth0 { try Self.checkSecure(auth0.domain, allowInsecure: configuration.allowInsecure) }
        self.config = configuration
        self.time = time
        self.logger = logger
        let transport =
            transport ?? AsyncHTTPTransport(connectTimeout: configuration.connectTimeout, requestTimeout: configuration.requestTimeout)
        self.transport = transport
        tokens = TokenStore(time: time, events: hub, sessionLifetime: sessionLifetime)
        channel = GraphQLChannel(config: configuration, transport: transport, time: time, tokens: tokens, logger: logger)
        pages = PageCache(ttl: 20, time: time)
        self.attemptPollInterval = attemptPollInterval
        self.attemptTimeout = attemptTimeout
        let channel = self.channel
        Task { [tokens] in
            await tokens.setRefresher { refreshToken in
                let out = try await channel.run(.refreshSession, as: Wire.RefreshSessionW.self, auth: .bearer(refreshToken))
                guard let s = out.refreshSession?.sessionToken, let r = out.refreshSession?.refreshToken else {
                    throw ChargeError.unexpectedResponse("a refresh answer without tokens")
                }
                return (Secret(s), Secret(r))
            }
        }
    }

    /// Plain http:// only to this machine (`LoopbackHost`) unless the user said otherwise:
    /// the PSK and passwords must not cross a network in clear.
    static func checkSecure(_ url: URL, allowInsecure: Bool) throws {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), ["http", "https"].contains(scheme) else {
            throw ChargeError.configuration("\(url.absoluteString) is not an http(s) URL.")
        }
        if scheme == "http" && !allowInsecure && !LoopbackHost.isLoopback(host) {
            throw ChargeError.insecureEndpoint(host)
        }
    }

    /// Closes connections. Call once at exit.
    public func shutdown() async { await transport.shutdown() }

    // MARK: - AuthServicing

    public var supportsDeviceSignIn: Bool { config.auth0 != nil }
    public var supportsPasswordSignIn: Bool { config.psk != nil }

    public func events() -> AsyncStream<AuthEvent> { hub.stream() }

    public func signIn(username: String, password: Secret) async throws {
        guard let psk = config.psk else {
            throw ChargeError.configuration("Username/password sign-in needs the application key (PSK) for this endpoint.")
        }
        let out = try await channel.run(
            .initSession,
            ["username": .string(username), "password": .string(password.revealed)],
            as: Wire.InitSessionW.self,
            auth: .bearer(psk)
        )
        guard let s = out.initSession?.sessionToken, let r = out.initSession?.refreshToken, !s.isEmpty else {
            throw ChargeError.unexpectedResponse("a sign-in answer without tokens")
        }
        await tokens.setSession(session: Secret(s), refresh: Secret(r))
        await pages.invalidate()
        hub.emit(.signedIn(try? await profile()))
    }

    public func signIn(accessToken: Secret) async throws {
        await tokens.setAccessToken(accessToken)
        do {
            let p = try await profile()
            hub.emit(.signedIn(p))
        } catch {
            await tokens.clear()
            throw error
        }
    }

    public func beginDeviceSignIn() async throws -> DeviceAuthorization {
        guard let auth0 = config.auth0 else { throw ChargeError.configuration("Device sign-in needs the Auth0 domain and client id.") }
        return try await DeviceFlow(settings: auth0, transport: transport, time: time).begin()
    }

    public func completeDeviceSignIn(
        _ authorization: DeviceAuthorization,
        progress: @escaping @Sendable (DevicePollState) -> Void
    ) async throws {
        guard let auth0 = config.auth0 else { throw ChargeError.configuration("Device sign-in needs the Auth0 domain and client id.") }
        let token = try await DeviceFlow(settings: auth0, transport: transport, time: time).poll(authorization, progress: progress)
        try await signIn(accessToken: token)
    }

    public func signOut() async {
        await tokens.signOut(.userRequested)
        await pages.invalidate()
    }

    /// The signed-in user's profile.
    public func profile() async throws -> ContactProfile {
        let out = try await channel.run(.contact, as: Wire.ContactW.self)
        let p = out.contact?.profile
        return ContactProfile(id: p?.id, name: DisplayText.safe(p?.name), email: DisplayText.safe(p?.email))
    }

    // MARK: - StationServicing

    public func stations(filter: StationFilter, offset: Int, limit: Int) async throws -> Page<Station> {
        guard filter.position.isValid else { throw ChargeError.badInput("The position is not a valid latitude/longitude.") }
        guard filter.radiusKm > 0 else { throw ChargeError.badInput("The radius must be greater than 0 km.") }
        let limit = min(100, max(1, limit))
        let offset = max(0, offset)
        let channel = self.channel
        return try await pages.page(.init(filter: filter, offset: offset, limit: limit)) {
            var f: [String: JSON] = [
                "latitude": .number(filter.position.latitude), "longitude": .number(filter.position.longitude),
                "radius": .number(filter.radiusKm),
            ]
            if filter.onlyAvailable { f["onlyAvailable"] = .bool(true) }
            if !filter.plugTypes.isEmpty { f["plugTypes"] = .array(filter.plugTypes.map { .string($0.apiValue) }) }
            if let minPower = filter.minPowerKw { f["minPower"] = .number(minPower) }
            if let search = filter.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty { f["search"] = .string(search) }
            if filter.openNow { f["openNow"] = .bool(true) }
            let out: Wire.StationsPageW
            do {
                out = try await channel.run(
                    .stationsPage,
                    ["filter": .object(f), "pagination": .object(["limit": .int(limit), "offset": .int(offset)])],
                    as: Wire.StationsPageW.self
                )
            } catch  where filter.openNow && Self.refusesOpenNow(error) {
                // A tenant whose CpFilter lacks the field rejects the whole variable.
                throw ChargeError.badInput(StationFilter.openNowUnsupported)
            }
            guard let paged = out.cpsPaged else { throw ChargeError.unexpectedResponse("no station list") }
            var items: [Station] = []
            for s in paged.data ?? [] { if let s { items.append(try s.model()) } }
            return Page(items: items, totalCount: paged.pagination?.totalCount ?? items.count, offset: offset, limit: limit)
        }
    }

    /// Whether `error` is the server refusing the `openNow` filter field (a validation or
    /// input error naming it), rather than any other failure of the search.
    static func refusesOpenNow(_ error: any Error) -> Bool {
        let e = ChargeError.wrap(error)
        switch e.kind {
        case .badInput, .unexpectedResponse, .server: return e.message.contains("openNow")
        default: return false
        }
    }

    public func station(id: String) async throws -> Station {
        let out = try await channel.run(.station, ["id": .string(id)], as: Wire.StationOneW.self)
        guard let s = out.cp else { throw ChargeError.notFound("The station") }
        return try s.model()
    }

    /// Forget cached station pages (the user asked to refresh).
    public func invalidateStations() async { await pages.invalidate() }

    // MARK: - ChargingServicing

    public func cards(connectorId: String) async throws -> [ChargingCard] {
        let out = try await channel.run(.cards, ["connectorId": .string(connectorId)], as: Wire.CardsW.self)
        var cards: [ChargingCard] = []
        for c in out.availableCardsForChargingProcess ?? [] { if let c { cards.append(try c.model()) } }
        return cards
    }

    public func start(
        station: Station,
        connector: Connector,
        card: ChargingCard,
        progress: @escaping @Sendable (StartProgress) -> Void
    ) async throws -> String {
        if station.isRoaming { return try await roamingStart(connector: connector, card: card, progress: progress) }
        progress(.requested(attemptId: nil))
        let startedAt = time.now()
        let attempt: StartAttempt
        do {
            let out = try await channel.run(
                .attemptRemoteStart,
                ["input": .object(["connectorId": .string(connector.id), "tagId": .string(card.tagId)])],
                as: Wire.AttemptStartW.self
            )
            guard let a = out.attemptRemoteStart else { throw ChargeError.unexpectedResponse("no start attempt") }
            attempt = try a.model()
        } catch let ambiguous as AmbiguousMutation {
            // The start may have reached the station: look before trying again.
            logger.warning("start answer lost; reconciling by reading running sessions")
            return try await reconciled(connectorId: connector.id, since: startedAt, after: ambiguous, progress: progress)
        }
        progress(.requested(attemptId: attempt.id))
        var last: StartAttemptStatus?
        var current = attempt
        while true {
            if current.status != last {
                progress(.attempt(current.status))
                last = current.status
            }
            switch current.status {
            case .chargeLogAttached:
                guard let id = current.chargelogId else { throw ChargeError.unexpectedResponse("a started attempt without a session id") }
                // The connector is busy now: cached pages showing it free must not be shown.
                await pages.invalidate()
                progress(.started(chargelogId: id))
                return id
            case .failed:
                throw ChargeError.refused(code: nil, message: current.message ?? "The station refused to start.")
            default: break
            }
            if time.now().timeIntervalSince(startedAt) > attemptTimeout {
                throw ChargeError.refused(
                    code: "TIMEOUT",
                    message: "The station did not start in time. Try again or choose another connector."
                )
            }
            try await time.sleep(seconds: attemptPollInterval)
            let out = try await channel.run(.remoteStartAttemptStatus, ["id": .string(attempt.id)], as: Wire.AttemptStatusW.self)
            guard let a = out.remoteStartAttemptStatus else { throw ChargeError.notFound("The start attempt") }
            current = try a.model()
        }
    }

    private func roamingStart(connector: Connector, card: ChargingCard, progress: @Sendable (StartProgress) -> Void) async throws -> String
    {
        progress(.requested(attemptId: nil))
        let startedAt = time.now()
        do {
            let out = try await channel.run(
                .remoteStart,
                [
                    "authorization": .object(["identifier": .string(card.tagId), "type": .string("AUTO")]),
                    "connector": .string(connector.id),
                ],
                as: Wire.RemoteStartW.self
            )
            guard let r = out.remoteStart else { throw ChargeError.unexpectedResponse("no start answer") }
            guard r.status?.lowercased() == "accepted", let id = r.transaction else {
                throw ChargeError.refused(code: r.code, message: DisplayText.safe(r.message) ?? "The roaming station refused to start.")
            }
            await pages.invalidate()
            progress(.started(chargelogId: id))
            return id
        } catch let ambiguous as AmbiguousMutation {
            return try await reconciled(connectorId: connector.id, since: startedAt, after: ambiguous, progress: progress)
        }
    }

    /// One session, fresh.
    public func chargelog(id: String) async throws -> Chargelog { try await chargelog(id: id, retries: nil) }

    /// One session, fresh; `retries` as in `GraphQLChannel.run` (0: one attempt).
    func chargelog(id: String, retries: Int?) async throws -> Chargelog {
        let out = try await channel.run(.chargelog, ["id": .string(id)], as: Wire.ChargelogOneW.self, retries: retries)
        guard let log = out.chargelog else { throw ChargeError.notFound("The charging session") }
        return try log.model()
    }

    public func stop(chargelogId: String) async throws -> StopResult {
        let answer: Wire.ResponseW?
        do {
            answer = try await channel.run(.remoteStop, ["transaction": .string(chargelogId)], as: Wire.RemoteStopW.self).remoteStop
        } catch is AmbiguousMutation {
            // Lost answer: the chargelog says whether the stop happened. It is read back
            // until it answers; the stop is never sent again behind the user's back.
            logger.warning("stop answer lost; reading the session back")
            let log = try await readBackStop(chargelogId, patience: stopConfirmSeconds)
            await pages.invalidate()
            if log.status == .stopped { return StopResult(chargelog: log, wasAlreadyStopped: false) }
            throw ChargeError.refused(code: "STOP_UNCONFIRMED", message: "The station has not confirmed the stop. Press s to try again.")
        }
        await pages.invalidate()
        let accepted = answer?.status?.lowercased() == "success"
        // After an accepted stop the session may take a moment to end; after a refusal one
        // read says whether it had already ended.
        let log = try await readBackStop(chargelogId, patience: accepted ? stopConfirmSeconds : 0)
        if accepted { return StopResult(chargelog: log, wasAlreadyStopped: false) }
        if log.status == .stopped { return StopResult(chargelog: log, wasAlreadyStopped: true) }
        throw ChargeError.refused(code: answer?.code, message: DisplayText.safe(answer?.message) ?? "The station did not stop.")
    }

    /// How long a stop may take to show in the chargelog before the user is told it was
    /// not confirmed (reads that fail do not count: they are retried until one answers).
    var stopConfirmSeconds: Double { 30 }

    /// Reads the chargelog until it says `stopped`, or until `patience` seconds of answers
    /// saying it still runs. Failed reads (faults, outages) are retried with capped
    /// back-off for as long as the caller waits; only "no such session" ends it early.
    func readBackStop(_ chargelogId: String, patience: Double) async throws -> Chargelog {
        var failures = 0
        var firstRunning: Date?
        while true {
            try Task.checkCancellation()
            do {
                let log = try await chargelog(id: chargelogId)
                failures = 0
                if log.status == .stopped { return log }
                let now = time.now()
                let since = firstRunning ?? now
                firstRunning = since
                if now.timeIntervalSince(since) >= patience { return log }
                try await time.sleep(seconds: 1)
            } catch {
                let e = ChargeError.wrap(error)
                if Self.endsFollowing(e) { throw e }
                failures += 1
                try await time.sleep(seconds: Self.liveBackoff(failures: failures))
            }
        }
    }

    public func runningSessions() async throws -> [Chargelog] {
        let running: [JSON] = [ChargelogStatus.started, .waitingForTransaction, .roamingStart, .roamingWaitingForTransaction].map {
            .string($0.rawValue)
        }
        let out = try await channel.run(
            .chargelogs,
            ["filter": .object(["status": .array(running)]), "pagination": .object(["limit": .int(20), "offset": .int(0)])],
            as: Wire.ChargelogsW.self
        )
        var logs: [Chargelog] = []
        for l in out.chargelogsPaged?.data ?? [] { if let l { logs.append(try l.model()) } }
        return logs.filter { $0.status.isRunning }
    }

    public func history(offset: Int, limit: Int) async throws -> Page<Chargelog> {
        let limit = min(100, max(1, limit))
        let offset = max(0, offset)
        let out = try await channel.run(
            .chargelogs,
            ["pagination": .object(["limit": .int(limit), "offset": .int(offset)])],
            as: Wire.ChargelogsW.self
        )
        var logs: [Chargelog] = []
        for l in out.chargelogsPaged?.data ?? [] { if let l { logs.append(try l.model()) } }
        return Page(items: logs, totalCount: out.chargelogsPaged?.pagination?.totalCount ?? logs.count, offset: offset, limit: limit)
    }
}
