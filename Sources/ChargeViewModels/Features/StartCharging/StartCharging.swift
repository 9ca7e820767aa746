import ChargeCore
import Foundation

/// One step of starting a charge, as the station view lists them.
public struct StartStep: Sendable, Equatable {
    public enum Phase: Sendable, Equatable { case pending, active, done, failed }
    public var label: String
    public var phase: Phase
}

/// Starting a charge at a station, as a value: one phase, and every transition a function
/// of the phase and what happened (no clock, no services). The view model runs the calls
/// and feeds their outcomes in; the station view draws `phase`.
///
/// idle → checkingCards → confirming (price, connector, card; Esc → idle)
///        → starting(steps) → (live panel) | failed
///             ↘ noContract → creatingContract (options) → contractForm → creatingContract → idle
public struct StartCharging: Sendable, Equatable {
    /// The four steps a start goes through, in order (the server's attempt states folded in).
    public enum Stage: Int, Sendable, CaseIterable, Comparable {
        case requested, sending, waiting, started
        public static func < (a: Stage, b: Stage) -> Bool { a.rawValue < b.rawValue }

        /// The stage a progress report reaches; nil for a report that moves nothing.
        public init?(_ progress: StartProgress) {
            switch progress {
            case .requested, .attempt(.pending): self = .requested
            case .attempt(.sending): self = .sending
            case .attempt(.waitingForStartTransaction): self = .waiting
            case .attempt(.chargeLogAttached), .started: self = .started
            case .attempt(.failed), .reconciling: return nil
            }
        }

        func label(_ t: Strings) -> String {
            switch self {
            case .requested: t.stepRequested
            case .sending: t.stepSending
            case .waiting: t.stepWaiting
            case .started: t.stepStarted
            }
        }
    }

    public enum Phase: Sendable, Equatable {
        case idle
        case checkingCards
        /// The user has no card that may charge here: a contract can be made.
        case noContract
        /// The user's cards are known: station, connector, price and card wait for Enter.
        case confirming(StartConfirmation)
        case contractForm(ContractForm)
        /// Loading the contract options (no form yet), or sending the filled-in form.
        case creatingContract(ContractForm?)
        case starting([StartStep])
        /// Why, and the steps as far as they got (the one under way marked failed).
        case failed(String, steps: [StartStep])
    }

    public var phase: Phase = .idle
    /// A line for the idle station view ("Contract created…").
    public var notice: String?

    public init() {}

    public var isIdle: Bool { phase == .idle }
    /// A start is under way (cards checked or the command sent): charging may begin.
    public var isStarting: Bool {
        switch phase {
        case .checkingCards, .starting: true
        default: false
        }
    }
    /// Waiting on the server: the keys that change the station view do nothing.
    public var isBusy: Bool {
        if case .creatingContract = phase { return true }
        return isStarting
    }
    public var isNoContract: Bool { phase == .noContract }
    /// The contract form while it is open or being sent.
    public var contract: ContractForm? {
        switch phase {
        case .contractForm(let form): form
        case .creatingContract(let form): form
        default: nil
        }
    }
    public var isContractFormOpen: Bool {
        if case .contractForm = phase { return true }
        return false
    }
    /// The steps to list (while starting, and after a failure).
    public var steps: [StartStep] {
        switch phase {
        case .starting(let steps), .failed(_, let steps): steps
        default: []
        }
    }

    // MARK: transitions

    public mutating func checkCards() { phase = .checkingCards }

    public mutating func noCard() { phase = .noContract }

    /// The start request goes out: four steps, the first under way.
    public mutating func begin(_ t: Strings) {
        phase = .starting(Self.steps(reached: .requested, t))
    }

    /// A progress report; returns the status line it calls for (nil: nothing moved).
    public mutating func progress(_ p: StartProgress, _ t: Strings) -> StatusLine? {
        guard case .starting(let current) = phase, !current.isEmpty else { return nil }
        // A lost answer being read back moves no step; the line says what is going on.
        if case .reconciling(let seconds) = p { return StatusLine(loading: true, message: t.reconcilingStart(seconds)) }
        guard let stage = Stage(p) else { return nil }
        phase = .starting(Self.steps(reached: stage, t))
        return StatusLine(loading: stage != .started, message: stage.label(t))
    }

    /// Every step before `reached` done, `reached` under way (done once started), the rest pending.
    static func steps(reached: Stage, _ t: Strings) -> [StartStep] {
        Stage.allCases.map { stage in
            let phase: StartStep.Phase = stage < reached ? .done : stage == reached ? (reached == .started ? .done : .active) : .pending
            return StartStep(label: stage.label(t), phase: phase)
        }
    }

    /// Something failed: the step under way is marked, the reason shown under the steps.
    public mutating func fail(_ reason: String) {
        var steps = steps
        if let i = steps.firstIndex(where: { $0.phase == .active }) { steps[i].phase = .failed }
        phase = .failed(reason, steps: steps)
    }

    /// Charging began: the live panel takes over.
    public mutating func started() { phase = .idle }

    // MARK: contract

    /// The rates and payment methods are being loaded.
    public mutating func loadContractOptions() { phase = .creatingContract(nil) }

    public mutating func openContractForm(rates: [ContractRateOption], methods: [ContractPaymentMethod]) {
        phase = .contractForm(ContractForm(rates: rates, methods: methods))
    }

    /// What a key on the open contract form asks for.
    public enum FormOutcome: Sendable, Equatable {
        case edited, cancelled
        case submit(ContractForm)
    }

    /// A key on the open contract form. Enter checks the form first (IBAN mod 97, holder)
    /// and only a valid form comes back as `submit`.
    public mutating func contractKey(_ key: KeyPress, _ t: Strings) -> FormOutcome {
        guard case .contractForm(var form) = phase else { return .edited }
        switch form.apply(key) {
        case .cancel:
            phase = .noContract
            return .cancelled
        case .submit:
            if let problem = form.problem(t) {
                form.error = problem.message
                form.focus = problem.field
                phase = .contractForm(form)
                return .edited
            }
            phase = .creatingContract(form)
            return .submit(form)
        case .edited:
            form.error = nil
            phase = .contractForm(form)
            return .edited
        case .ignored:
            return .edited
        }
    }

    public mutating func contractCreated(_ t: Strings) {
        phase = .idle
        notice = t.contractCreated
    }

    /// Sending the form failed: the form again, with the reason.
    public mutating func contractFailed(_ reason: String) {
        guard var form = contract else { return }
        form.error = reason
        phase = .contractForm(form)
    }
}
