import Foundation

/// A charging card (RFID tag) the user may start with.
public struct ChargingCard: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// The identifier sent when starting (`tagId`).
    public var tagId: String
    public var number: String?
    public var label: String?
    public var expiryDate: Date?
    public var type: String?

    public init(id: String, tagId: String, number: String? = nil, label: String? = nil, expiryDate: Date? = nil, type: String? = nil) {
        self.id = id
        self.tagId = tagId
        self.number = number
        self.label = label
        self.expiryDate = expiryDate
        self.type = type
    }
}

/// Status of a remote start attempt (`RemoteStartAttemptStatus`).
public enum StartAttemptStatus: String, Sendable, Hashable, Codable {
    case pending, sending, failed
    case waitingForStartTransaction = "waiting_for_start_transaction"
    case chargeLogAttached = "charge_log_attached"
}

/// A remote start attempt as the server reports it.
public struct StartAttempt: Sendable, Hashable, Codable {
    public var id: String
    public var status: StartAttemptStatus
    public var chargelogId: String?
    public var message: String?

    public init(id: String, status: StartAttemptStatus, chargelogId: String? = nil, message: String? = nil) {
        self.id = id
        self.status = status
        self.chargelogId = chargelogId
        self.message = message
    }
}

/// Progress of starting a charge, step by step, as the start flow reports it.
public enum StartProgress: Sendable, Hashable {
    /// The start request is on its way (attempt id once known).
    case requested(attemptId: String?)
    /// Server status of the attempt changed.
    case attempt(StartAttemptStatus)
    /// Charging has begun: the session (chargelog) id.
    case started(chargelogId: String)
    /// The start's answer was lost: the running sessions are read back (never a second
    /// start) for up to `seconds`, to learn whether the station started all the same.
    case reconciling(seconds: Int)
}

/// Chargelog (session) status.
public enum ChargelogStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case started
    case waitingForTransaction = "waiting_for_transaction"
    case roamingStart = "roaming_start"
    case roamingWaitingForTransaction = "roaming_waiting_for_transaction"
    case stopped

    /// Whether the session is still running (not `stopped`).
    public var isRunning: Bool { self != .stopped }
}

/// Cost of a session; may be zero while running.
public struct SessionCost: Sendable, Hashable, Codable {
    public var total: Double?
    public var grossAmount: Double?
    public var currency: String?

    public init(total: Double? = nil, grossAmount: Double? = nil, currency: String? = nil) {
        self.total = total
        self.grossAmount = grossAmount
        self.currency = currency
    }
}

/// A charging session record (`Chargelog`).
public struct Chargelog: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var status: ChargelogStatus
    public var connector: Connector?
    public var dateStart: Date?
    public var dateEnd: Date?
    /// kWh so far; live while running.
    public var energyKwh: Double
    public var rateName: String?
    public var cost: SessionCost?

    public init(
        id: String,
        status: ChargelogStatus,
        connector: Connector? = nil,
        dateStart: Date? = nil,
        dateEnd: Date? = nil,
        energyKwh: Double = 0,
        rateName: String? = nil,
        cost: SessionCost? = nil
    ) {
        self.id = id
        self.status = status
        self.connector = connector
        self.dateStart = dateStart
        self.dateEnd = dateEnd
        self.energyKwh = energyKwh
        self.rateName = rateName
        self.cost = cost
    }
}

/// One observation of a live session, derived by the core from polling `chargelog`.
public struct SessionSnapshot: Sendable, Hashable {
    public var chargelog: Chargelog
    /// When this snapshot was taken (injected clock).
    public var observedAt: Date
    /// Time since `dateStart` (0 before the session has a start date).
    public var elapsed: TimeInterval
    /// Power derived from the change of energy over time, smoothed; nil until two samples exist.
    public var powerKw: Double?
    /// Cost so far: the server's figure when it gives one, else energy × connector price.
    public var costSoFar: Double?
    public var currency: String?

    public init(chargelog: Chargelog, observedAt: Date, elapsed: TimeInterval, powerKw: Double?, costSoFar: Double?, currency: String?) {
        self.chargelog = chargelog
        self.observedAt = observedAt
        self.elapsed = elapsed
        self.powerKw = powerKw
        self.costSoFar = costSoFar
        self.currency = currency
    }
}

/// Result of a stop request.
public struct StopResult: Sendable, Hashable {
    /// The session as it stands after the stop (normally `stopped`).
    public var chargelog: Chargelog
    /// True when the session had already been stopped (a second stop).
    public var wasAlreadyStopped: Bool

    public init(chargelog: Chargelog, wasAlreadyStopped: Bool) {
        self.chargelog = chargelog
        self.wasAlreadyStopped = wasAlreadyStopped
    }
}
