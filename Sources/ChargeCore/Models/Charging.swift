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

/// Cost of a session; may be zero while running. Every figure is the server's, nil when it
/// gave none (a receipt shows "—" then, never an invented 0).
public struct SessionCost: Sendable, Hashable, Codable {
    /// The session's total as the API names it (the sandbox and the vendor's examples give
    /// the gross figure here; `grossAmount` is preferred when both are sent).
    public var total: Double?
    public var grossAmount: Double?
    public var currency: String?
    /// The tax rate in percent (the API's `tax`, e.g. 20 for 20 %).
    public var taxRate: Double?
    /// The tax in the session's currency.
    public var taxAmount: Double?
    /// The gross amount in the user's local currency, when the session's differs.
    public var grossAmountLocalCurrency: Double?
    /// What the total is made of, in the server's order (empty while running).
    public var items: [CostItem]

    public init(
        total: Double? = nil,
        grossAmount: Double? = nil,
        currency: String? = nil,
        taxRate: Double? = nil,
        taxAmount: Double? = nil,
        grossAmountLocalCurrency: Double? = nil,
        items: [CostItem] = []
    ) {
        self.total = total
        self.grossAmount = grossAmount
        self.currency = currency
        self.taxRate = taxRate
        self.taxAmount = taxAmount
        self.grossAmountLocalCurrency = grossAmountLocalCurrency
        self.items = items
    }

    /// The amount to pay: the gross figure, else `total`; nil when the server gave neither.
    public var payable: Double? { grossAmount ?? total }
}

/// One line of a session's cost (energy, a session fee, parking, …), as the server gave it.
public struct CostItem: Sendable, Hashable, Codable {
    public var description: String?
    public var netAmount: Double?
    public var grossAmount: Double?
    public var taxAmount: Double?
    /// Percent (20 for 20 %).
    public var taxRate: Double?
    public var netAmountLocalCurrency: Double?
    public var grossAmountLocalCurrency: Double?
    public var taxAmountLocalCurrency: Double?

    public init(
        description: String? = nil,
        netAmount: Double? = nil,
        grossAmount: Double? = nil,
        taxAmount: Double? = nil,
        taxRate: Double? = nil,
        netAmountLocalCurrency: Double? = nil,
        grossAmountLocalCurrency: Double? = nil,
        taxAmountLocalCurrency: Double? = nil
    ) {
        self.description = description
        self.netAmount = netAmount
        self.grossAmount = grossAmount
        self.taxAmount = taxAmount
        self.taxRate = taxRate
        self.netAmountLocalCurrency = netAmountLocalCurrency
        self.grossAmountLocalCurrency = grossAmountLocalCurrency
        self.taxAmountLocalCurrency = taxAmountLocalCurrency
    }
}

/// A charging session record (`Chargelog`).
public struct Chargelog: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var status: ChargelogStatus
    public var connector: Connector?
    public var dateStart: Date?
    public var dateEnd: Date?
    /// kWh so far; live while running (0 when the server gave no figure).
    public var energyKwh: Double
    /// The server's energy figure as sent: nil when it gave none (a receipt says "—"
    /// where the live panel, counting up, shows 0).
    public var reportedEnergyKwh: Double?
    public var rateName: String?
    public var cost: SessionCost?

    /// `reportedEnergyKwh` left out means "as `energyKwh`" (fakes and tests); the decoder
    /// passes the server's figure, nil included.
    public init(
        id: String,
        status: ChargelogStatus,
        connector: Connector? = nil,
        dateStart: Date? = nil,
        dateEnd: Date? = nil,
        energyKwh: Double = 0,
        rateName: String? = nil,
        cost: SessionCost? = nil,
        reportedEnergyKwh: Double?? = .none
    ) {
        self.reportedEnergyKwh = reportedEnergyKwh ?? energyKwh
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
