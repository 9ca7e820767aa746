import ChargeCore
import Foundation

/// The sign-in form: username/password (with the PSK) or the device code.
public struct SignInState: Sendable, Equatable {
    public enum Mode: Sendable, Equatable { case password, device }
    public enum Field: Sendable, Equatable { case username, password }

    /// What the device-code mode shows.
    public struct DeviceCode: Sendable, Equatable {
        public var userCode: String
        public var url: String
        public var urlComplete: String?
        public var expiresText: String
        public var statusText: String
    }

    public var mode: Mode = .password
    public var username = TextField("", maxLength: 120)
    public var password = TextField("", isSecure: true, maxLength: 200)
    public var focus: Field = .username
    public var busy = false
    /// An error or notice for the user (wrong password, signed out because…).
    public var message: String?
    /// A hint under the form (demo credentials on the sandbox).
    public var hint: String?
    public var device: DeviceCode?
    /// While throttled: when the next attempt is allowed.
    public var retryAt: Date?
    public var canUsePassword = true
    public var canUseDevice = false

    /// Esc on the device code goes back to the password form (when there is one); anywhere
    /// else on the form Esc means leaving it.
    public var escapeSwitchesMode: Bool { mode == .device && canUsePassword }
}

/// One row of the station list, ready to draw.
public struct StationRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var distance: String
    public var name: String
    public var free: String
    public var availability: ConnectorStatus.Availability
    public var maxPower: String
    public var plugs: String
    public var isFavourite: Bool
    /// Among the last five stations this user opened here (not kept in kiosk mode).
    public var isRecent = false
    public var isRoaming: Bool
}

/// The station list: a radius around a position, filters, a paged list.
public struct StationListState: Sendable, Equatable {
    /// A line the user is typing into, if any.
    public enum Editing: Sendable, Equatable { case search(TextField), position(TextField) }

    public var filter: StationFilter
    /// False until a position is configured or typed (the list then asks for one).
    public var positionKnown = true
    public var rows: [StationRow] = []
    public var stations: [Station] = []
    public var totalCount = 0
    public var selected = 0
    public var loading = false
    public var error: String?
    public var editing: Editing?
    /// "47.8095,13.0550 · 5 km · Type 2, ≥ 22 kW"
    public var header = ""
    /// "69 stations within 5 km"
    public var countLine = ""
    /// Shown when the list is empty and nothing is loading.
    public var emptyText: String?
    /// End was pressed before every page was loaded: pages are fetched until the last.
    public var fetchingToEnd = false
    public var hasMore: Bool { stations.count < totalCount }
}

/// The filter dialog over the station list.
public struct FilterState: Sendable, Equatable {
    public struct Item: Sendable, Equatable { public var label: String; public var value: String; public var on: Bool }
    public var items: [Item]
    public var selected = 0
    public static let powerSteps: [Double?] = [nil, 11, 22, 50, 150]
}

/// One connector row of the detail view.
public struct ConnectorRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var label: String
    public var status: String
    public var availability: ConnectorStatus.Availability
    public var statusAge: String
    public var plug: String
    public var power: String
    public var price: String
}

/// One step of starting a charge.
public struct StartStep: Sendable, Equatable {
    public enum Phase: Sendable, Equatable { case pending, active, done, failed }
    public var label: String
    public var phase: Phase
}

/// The form for a new contract: a rate, a payment method, and for SEPA the bank account.
public struct ContractForm: Sendable, Equatable {
    public enum Field: Sendable, Equatable { case rate, method, iban, holder }
    public var rates: [ContractRateOption]
    public var methods: [ContractPaymentMethod]
    public var rate = 0
    public var method = 0
    public var iban = TextField("", maxLength: 42)
    public var holder = TextField("", maxLength: 70)
    public var focus: Field = .rate
    public var error: String?

    public init(rates: [ContractRateOption], methods: [ContractPaymentMethod]) {
        self.rates = rates
        self.methods = methods
    }

    /// SEPA direct debit needs an IBAN and an account holder.
    public var needsBankAccount: Bool { methods.indices.contains(method) && methods[method].kind == .sepa }
    /// The fields the user can move through, in order.
    public var fields: [Field] { needsBankAccount ? [.rate, .method, .iban, .holder] : [.rate, .method] }
}

/// A station's details, and starting a charge there.
public struct StationDetailState: Sendable, Equatable {
    public enum Phase: Sendable, Equatable {
        case idle, checkingCards, noContract, contractForm, creatingContract, starting, failed(String)
    }

    public var station: Station
    public var title: String
    public var addressLine: String
    public var hoursLine: String
    public var distanceLine: String
    public var rows: [ConnectorRow]
    public var selected = 0
    public var phase: Phase = .idle
    public var steps: [StartStep] = []
    public var loading = false
    public var notice: String?
    public var contract: ContractForm?
    /// Marked with `*`: the title shows ★.
    public var isFavourite = false

    /// A start is under way (cards checked or the command sent): charging may begin.
    public var isStarting: Bool { phase == .checkingCards || phase == .starting }
    /// Waiting on the server: the keys that change the station view do nothing.
    public var isBusy: Bool { isStarting || phase == .creatingContract }
}

/// The live session panel.
public struct LiveSessionState: Sendable, Equatable {
    public var chargelogId: String
    public var stationName: String
    public var connectorLine: String
    public var status: ChargelogStatus
    public var statusText: String
    public var elapsedText = "00:00:00"
    public var energyText = "0.00 kWh"
    public var powerText = "– kW"
    public var costText = "–"
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
    /// Set while the figures are older than `staleAfter`: "updated 40 s ago · reconnecting".
    /// The panel then draws them dimmed; nil means they are current.
    public var staleText: String?

    /// Figures older than this are not current: two polls (5 s each) plus a slow answer.
    public static let staleAfter: Double = 12

    public init(chargelogId: String, stationName: String, connectorLine: String, status: ChargelogStatus, statusText: String) {
        self.chargelogId = chargelogId
        self.stationName = stationName
        self.connectorLine = connectorLine
        self.status = status
        self.statusText = statusText
    }
}

/// A session of the user that is running, as the header and the chooser show it.
public struct RunningSession: Sendable, Equatable, Identifiable {
    public var id: String
    /// The station's name when known, else the connector's id.
    public var title: String
    public var connector: Connector?

    public init(id: String, title: String, connector: Connector?) {
        self.id = id
        self.title = title
        self.connector = connector
    }
}

/// `l` with several sessions running: which panel to open.
public struct SessionChooser: Sendable, Equatable {
    public var sessions: [RunningSession]
    public var selected = 0
}

/// After a session: what it came to.
public struct SummaryState: Sendable, Equatable {
    public var stationName: String
    public var energyText: String
    public var durationText: String
    public var costText: String
    public var note: String?
}

/// One past session.
public struct HistoryRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var date: String
    public var place: String
    public var energy: String
    public var cost: String
}

/// One invoice or document.
public struct DocumentRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var date: String
    public var title: String
}

/// Past sessions and invoices.
public struct HistoryState: Sendable, Equatable {
    public var rows: [HistoryRow] = []
    public var documents: [DocumentRow] = []
    public var totalCount = 0
    public var selected = 0
    public var loading = false
    public var error: String?
}

/// A yes/no question over the current screen.
public struct ConfirmDialog: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable { case stop, quit }
    public var purpose: Purpose
    public var question: String
    public var options: String
}

/// The bottom status line.
public struct StatusLine: Sendable, Equatable {
    /// Something is loading: the front end may show a spinner.
    public var loading = false
    public var message: String?
    public var isError = false
}

/// One key hint for the footer: the key and what it does.
public struct KeyHint: Sendable, Equatable {
    public var key: String
    public var label: String
}

/// Kiosk mode as the screen shows it (nil in `AppState` on a personal terminal).
public struct KioskState: Sendable, Equatable {
    /// After an idle sign-out during charging: the live panel shows progress but every
    /// action needs a sign-in first.
    public var locked = false
    /// Seconds left before the idle sign-out, while the countdown shows.
    public var countdown: Int?
    /// The admin's exit dialog, while open.
    public var pin: PinEntry?
    /// A short notice ("quitting is disabled here"), cleared by the next key.
    public var notice: String?
    /// Wrong admin PINs and the block they earned (outlives the dialog and idle sign-outs).
    public var pinGuard = PinGuard()

    public init() {}
}

/// The admin PIN dialog: digits only, never shown.
public struct PinEntry: Sendable, Equatable {
    public var field = TextField("", isSecure: true, maxLength: 12)
    public var message: String?
}
