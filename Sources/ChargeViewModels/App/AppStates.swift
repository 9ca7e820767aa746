import ChargeCore
import Foundation

/// Everything the screen shows, render-ready.
public struct AppState: Sendable, Equatable {
    public var navigation = Navigation()
    public var signIn = SignInForm()
    public var stations: StationListState
    public var filter: FilterDialog?
    public var detail: StationDetailState?
    public var live: LiveSession?
    public var summary: SummaryState?
    public var history = HistoryState()
    public var confirm: ConfirmDialog?
    public var showHelp = false
    public var status = StatusLine()
    public var strings: Strings
    /// Footer key hints for the current screen.
    public var keyHints: [KeyHint] = []
    /// The signed-in user's name, for the header.
    public var userName: String?
    /// Kiosk mode's lock, countdown and PIN dialog; nil on a personal terminal.
    public var kiosk: KioskState?
    /// The user's running sessions as the server last listed them (re-read after a start or
    /// stop and every 30 s while any runs).
    public var running: [RunningSession] = []
    /// `l` with several sessions running: the list to pick from.
    public var sessionChooser: SessionChooser?

    public init(stations: StationListState, strings: Strings) {
        self.stations = stations
        self.strings = strings
    }

    public var route: Navigation.Route { navigation.route }

    /// Every session known to run: the server's list, plus the one the panel follows when
    /// the list does not have it yet (a start the list has not caught up with).
    public var allRunning: [RunningSession] {
        var all = running
        if let live, live.status.isRunning, !all.contains(where: { $0.id == live.chargelogId }) {
            all.insert(RunningSession(id: live.chargelogId, title: live.stationName, connector: nil), at: 0)
        }
        return all
    }

    /// A session is charging while another screen shows: the header says so and `l`
    /// returns to its panel (Esc on the panel leaves it running).
    public var sessionInBackground: Bool {
        guard route != .live && route != .signIn else { return false }
        return !allRunning.isEmpty
    }

    /// How many sessions the header reports ("● Charging", "● 2 charging"): every running
    /// one while another screen shows, and on the panel the others when there are several.
    public var chargingBadgeCount: Int {
        if route == .signIn { return 0 }
        let n = allRunning.count
        if route == .live { return n >= 2 ? n : 0 }
        return n
    }
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
