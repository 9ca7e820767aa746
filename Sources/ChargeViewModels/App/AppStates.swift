import ChargeCore
import Foundation

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

    public init(loading: Bool = false, message: String? = nil, isError: Bool = false) {
        self.loading = loading
        self.message = message
        self.isError = isError
    }
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

    public init() {}
}
