import ChargeCore
import Foundation

/// The live session panel, as a value: the figures as the server gave them (kWh, kW, cost,
/// seconds), changed only by `apply(_:at:)`, `tick(now:)` and `stopped(_:)`. The text the
/// panel draws is made from them when read (`energyText`, …), in the session's language.
public struct LiveSession: Sendable, Equatable {
    /// Why the figures on screen are not current.
    public enum Staleness: Sendable, Equatable {
        /// Following for a while and nothing read yet.
        case noFiguresYet
        /// The last figures are this many seconds old.
        case updatedAgo(Int)
    }

    public var chargelogId: String
    public var stationName: String
    public var connectorLine: String
    public var status: ChargelogStatus
    /// Whole seconds charged (from the server's figure, then the clock between polls).
    public var elapsedSeconds = 0
    public var energyKwh: Double = 0
    public var powerKw: Double?
    public var cost: Double?
    public var currency: String?
    /// Power samples (kW), one per reading, paged by their place in the session (ChartPaging).
    public var chart = ChartPaging()
    public var stopping = false
    public var note: String?
    /// When charging began (elapsed time ticks from here).
    public var startedAt: Date?
    public var endedAt: Date?
    /// When the figures were last read from the server (nil: none read yet).
    public var updatedAt: Date?
    /// When the panel began following (the age of "no figures yet").
    public var followingSince: Date?
    /// Set while the figures are older than `staleAfter`; the panel then draws them dimmed.
    public var stale: Staleness?
    /// The language the figures are written in.
    public var language: Language
    /// The connector's status in the last reading (SuspendedEV: the car stopped drawing).
    public var connectorStatus: ConnectorStatus?
    /// The first reading of an unbroken run of readings with (near) no power while the
    /// session charges; nil while energy flows or before power is known.
    public var noPowerSince: Date?
    /// Why no energy flows, when that is so: the panel warns and says what it usually means.
    public var noEnergy: NoEnergy?

    /// Why a charging session draws no energy.
    public enum NoEnergy: Sendable, Equatable {
        /// OCPP SuspendedEV: the car stopped drawing (full, its limit or timer reached).
        case carPaused
        /// OCPP SuspendedEVSE: the station holds back power (load limit, schedule).
        case stationPaused
        /// "Charging" but readings 3 minutes apart show no energy added.
        case noPower
    }

    /// Readings this far apart all at (near) zero power count as "no energy flowing".
    public static let noPowerFor: Double = 180
    /// Below this a derived power is noise, not charging.
    public static let noPowerBelowKw = 0.05

    /// Figures older than this are not current: two polls (5 s each) plus a slow answer.
    public static let staleAfter: Double = 12

    public init(
        chargelogId: String,
        stationName: String,
        connectorLine: String,
        status: ChargelogStatus = .waitingForTransaction,
        language: Language = .en,
        followingSince: Date? = nil
    ) {
        self.chargelogId = chargelogId
        self.stationName = stationName
        self.connectorLine = connectorLine
        self.status = status
        self.language = language
        self.followingSince = followingSince
    }

    // MARK: the edge: text for the panel

    var strings: Strings { Strings(language) }
    public var statusText: String { strings.statusText(status) }
    public var elapsedText: String { Format.duration(Double(elapsedSeconds)) }
    public var energyText: String { Format.energy(energyKwh, language) }
    public var powerText: String { Format.livePower(powerKw, language) }
    public var costText: String { Format.money(cost, currency, language) }
    /// The warning line, nil while energy flows.
    public var noEnergyText: String? { noEnergy.map { strings.noEnergyWarning($0) } }
    /// "updated 40 s ago · reconnecting"; nil while the figures are current.
    public var staleText: String? {
        switch stale {
        case nil: nil
        case .noFiguresYet: strings.noFiguresYet
        case .updatedAgo(let seconds): strings.updatedAgo(seconds)
        }
    }

    // MARK: transitions

    /// A reading from the server at `now`. Returns false (and changes nothing) when it is
    /// another session's.
    @discardableResult
    public mutating func apply(_ snap: SessionSnapshot, at now: Date) -> Bool {
        guard snap.chargelog.id == chargelogId else { return false }
        let log = snap.chargelog
        status = log.status
        startedAt = log.dateStart
        endedAt = log.dateEnd
        elapsedSeconds = max(0, Int(snap.elapsed))
        energyKwh = log.energyKwh
        powerKw = snap.powerKw
        cost = snap.costSoFar
        currency = snap.currency
        note = nil
        updatedAt = now
        stale = nil
        if let kw = snap.powerKw { chart.append(kw) }
        if stationName.isEmpty, let c = log.connector { stationName = c.evseId ?? c.label ?? "" }
        if let c = log.connector { connectorStatus = c.status }
        if let kw = snap.powerKw {
            noPowerSince = kw < Self.noPowerBelowKw && isCharging ? (noPowerSince ?? now) : nil
        }
        noEnergy = noEnergyNow()
        return true
    }

    /// The server says it charges (not waiting for the car, not stopped).
    var isCharging: Bool { status == .started || status == .roamingStart }

    /// From the readings alone, never from the clock between them: figures that stopped
    /// coming (a slow link) are "not current", not "no energy".
    func noEnergyNow() -> NoEnergy? {
        guard isCharging, !stopping else { return nil }
        switch connectorStatus {
        case .suspendedEV: return .carPaused
        case .suspendedEVSE: return .stationPaused
        default: break
        }
        guard let since = noPowerSince, let updatedAt, updatedAt.timeIntervalSince(since) >= Self.noPowerFor else { return nil }
        return .noPower
    }

    /// A second passed between polls: the elapsed time runs on from the start, and
    /// figures older than `staleAfter` are marked with their age.
    public mutating func tick(now: Date) {
        if status.isRunning, let startedAt { elapsedSeconds = max(0, Int(now.timeIntervalSince(startedAt))) }
        stale = staleness(now: now)
    }

    public func staleness(now: Date) -> Staleness? {
        guard status != .stopped else { return nil }
        guard let updatedAt else {
            let waited = now.timeIntervalSince(followingSince ?? now)
            return waited > Self.staleAfter ? .noFiguresYet : nil
        }
        let age = now.timeIntervalSince(updatedAt)
        return age > Self.staleAfter ? .updatedAgo(Int(age)) : nil
    }

    /// The stop's answer: the session as it ended (its final energy, cost and duration).
    public mutating func stopped(_ log: Chargelog) {
        status = log.status
        noEnergy = nil
        energyKwh = log.energyKwh
        if let total = log.cost?.grossAmount ?? log.cost?.total {
            cost = total
            currency = log.cost?.currency
        }
        if let a = log.dateStart, let b = log.dateEnd { elapsedSeconds = max(0, Int(b.timeIntervalSince(a))) }
    }
}

extension LiveSession {
    /// The footer on the panel (`l` picks another session when several run).
    static func hints(othersRunning: Bool, _ t: Strings) -> [KeyHint] {
        var h = [KeyHint(key: "s", label: t.stop), KeyHint(key: "?", label: t.help), KeyHint(key: "q", label: t.quit)]
        if othersRunning { h.insert(KeyHint(key: "l", label: t.otherSessions), at: 1) }
        return h
    }
}
