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

/// The app: navigation plus one reducer per screen. Keys come in through `handle(_:)`,
/// service calls run as tasks whose results come back on the main actor, and `onChange`
/// tells the front end to redraw. Nothing here touches a terminal or the network directly.
@MainActor
public final class AppViewModel {
    public private(set) var state: AppState {
        didSet { if state != oldValue { onChange?() } }
    }
    /// Called after every state change (the front end redraws; no polling).
    public var onChange: (@MainActor () -> Void)?
    /// True once the user asked to quit (and confirmed where needed).
    public private(set) var shouldQuit = false

    let services: AppServices
    let settings: AppSettings
    let time: any TimeSource
    var viewportRows = 20

    var tasks: [UUID: Task<Void, Never>] = [:]
    var listTask: Task<Void, Never>?
    var liveTask: Task<Void, Never>?
    var tickTask: Task<Void, Never>?
    var deviceTask: Task<Void, Never>?
    var eventsTask: Task<Void, Never>?
    var idleTask: Task<Void, Never>?
    /// Asks again for a running session the server could not report right after sign-in.
    var resumeTask: Task<Void, Never>?
    /// Re-reads the running sessions every 30 s while any runs.
    var runningTask: Task<Void, Never>?
    /// When the user last pressed a key (kiosk idle sign-out).
    var lastActivity: Date
    /// The device code shown, or left behind by switching to the password form (polling
    /// stopped); F2 resumes it while it is valid, so an approval made meanwhile is honoured.
    var deviceAuthorization: DeviceAuthorization?
    /// Set by the front end while the terminal is too small to show the app: keys are
    /// ignored, since the user cannot see what they would do.
    public var inputSuspended = false

    public init(services: AppServices, settings: AppSettings, time: any TimeSource) {
        self.services = services
        self.settings = settings
        self.time = time
        self.lastActivity = time.now()
        state = Self.initialState(services: services, settings: settings,
                                  memory: StationMemory.load(from: settings.kiosk != nil ? nil : settings.stateDirectory))
    }

    /// This user's favourite and recent stations (the list's marks; saved unless in kiosk mode).
    var memory: StationMemory {
        get { state.stations.memory }
        set { mutate { $0.stations.memory = newValue } }
    }

    /// The state of a fresh start (also what a kiosk returns to after an idle sign-out).
    static func initialState(services: AppServices, settings: AppSettings, memory: StationMemory = StationMemory()) -> AppState {
        let strings = Strings(settings.language)
        let position = settings.position ?? GeoPoint(latitude: 0, longitude: 0)
        var s = AppState(stations: StationListState(filter: StationFilter(position: position, radiusKm: settings.radiusKm)), strings: strings)
        s.stations.positionKnown = settings.position != nil
        s.stations.memory = memory
        s.signIn.canUsePassword = services.auth.supportsPasswordSignIn
        s.signIn.canUseDevice = services.auth.supportsDeviceSignIn
        if !s.signIn.canUsePassword && s.signIn.canUseDevice { s.signIn.mode = .device }
        if let hint = settings.signInHint {
            s.signIn.username = TextField(hint.username, maxLength: 120)
            s.signIn.focus = .password
            s.signIn.hint = strings.demoHint(hint.username, hint.password)
        }
        if settings.kiosk != nil { s.kiosk = KioskState() }
        s.keyHints = hintsFor(s)
        return s
    }

    var strings: Strings { state.strings }

    /// Starts listening to sign-in events. Call once.
    public func start() {
        let events = services.auth.events()
        eventsTask = Task { [weak self] in
            for await event in events {
                self?.authEvent(event)
            }
        }
        if state.signIn.mode == .device { beginDeviceSignIn() }
        if settings.kiosk != nil { startIdleWatch() }
    }

    /// Tells the view model how many list rows fit (page size for PgUp/PgDn, prefetch).
    public func setViewport(rows: Int, columns: Int) {
        viewportRows = max(1, rows)
        // A taller screen shows more rows: fetch them rather than leave blank lines.
        fillViewport()
    }

    /// Waits until every short task (not the live stream or timers) has finished. For tests.
    public func settle() async {
        // A page may chain the next (End, a tall screen): wait until the chain stops.
        var waited: Task<Void, Never>?
        while true {
            while let (id, task) = tasks.first {
                await task.value
                tasks[id] = nil
            }
            guard let list = listTask, list != waited else { return }
            await list.value
            waited = list
        }
    }

    /// Stops all background work (at exit).
    public func shutdown() {
        for t in tasks.values { t.cancel() }
        [listTask, liveTask, tickTask, deviceTask, eventsTask, idleTask, resumeTask, runningTask].forEach { $0?.cancel() }
    }

    /// Runs a short piece of async work, tracked so tests can wait for it.
    func run(_ work: @escaping @MainActor () async -> Void) {
        let id = UUID()
        tasks[id] = Task { @MainActor [weak self] in
            await work()
            self?.tasks[id] = nil
        }
    }

    func mutate(_ change: (inout AppState) -> Void) {
        var s = state
        change(&s)
        s.keyHints = hints(for: s)
        state = s
    }

    func setStatus(loading: Bool = false, message: String? = nil, error: Bool = false) {
        mutate { $0.status = StatusLine(loading: loading, message: message, isError: error) }
    }

    func errorText(_ error: any Error) -> String { strings.message(for: ChargeError.wrap(error)) }

    // MARK: - Keys

    /// Every key the user presses.
    public func handle(_ key: KeyPress) {
        if inputSuspended { return }
        if settings.kiosk != nil, handleKiosk(key) { return }
        if state.showHelp {
            mutate { $0.showHelp = false }
            return
        }
        if let confirm = state.confirm {
            handleConfirm(key, confirm)
            return
        }
        if let chooser = state.sessionChooser {
            handleChooser(key, chooser)
            return
        }
        if state.filter != nil {
            handleFilter(key)
            return
        }
        switch state.route {
        case .signIn: handleSignIn(key)
        case .stations: handleStations(key)
        case .detail: handleDetail(key)
        case .live: handleLive(key)
        case .summary: handleSummary(key)
        case .history: handleHistory(key)
        }
    }

    /// Keys every screen but the sign-in form shares.
    func handleCommon(_ key: KeyPress) -> Bool {
        switch key {
        case .char("?"), .function(1): mutate { $0.showHelp = true }
        case .char("q"), .ctrl("q"):
            if settings.kiosk != nil { kioskRefusesQuit() } else { requestQuit() }
        case .escape, .backspace:
            mutate { s in _ = s.navigation.back() }
            if state.route == .stations { stopLiveWork() }
        case .char("l"), .char("L"):
            guard state.sessionInBackground || state.route == .live && state.allRunning.count >= 2 else { return false }
            returnToSession()
        default: return false
        }
        return true
    }

    func requestQuit() {
        if !state.allRunning.isEmpty || state.route == .live && state.live?.status != .stopped {
            mutate { $0.confirm = ConfirmDialog(purpose: .quit, question: strings.quitWhileCharging, options: strings.confirmYesNo) }
        } else if state.detail?.isStarting == true {
            // A start under way may still begin charging: as while charging, ask first.
            mutate { $0.confirm = ConfirmDialog(purpose: .quit, question: strings.quitWhileStarting, options: strings.confirmYesNo) }
        } else {
            quit()
        }
    }

    func quit() {
        shouldQuit = true
        shutdown()
        onChange?()
    }

    func handleConfirm(_ key: KeyPress, _ confirm: ConfirmDialog) {
        switch key {
        case .char("y"), .char("Y"), .char("j"), .char("J"), .enter:
            mutate { $0.confirm = nil }
            switch confirm.purpose {
            case .quit: quit()
            case .stop: stopCharging()
            }
        case .char("n"), .char("N"), .escape, .backspace:
            mutate { $0.confirm = nil }
        default: break
        }
    }

    // MARK: - Key hints

    func hints() -> [KeyHint] { hints(for: state) }

    func hints(for s: AppState) -> [KeyHint] { Self.hintsFor(s) }

    static func hintsFor(_ s: AppState) -> [KeyHint] {
        let t = s.strings
        if let k = s.kiosk {
            // A kiosk offers no way out but the admin's, and a locked panel only sign-in.
            if k.pin != nil { return [KeyHint(key: "0-9", label: t.pinDigits), KeyHint(key: "Enter", label: t.confirmPin), KeyHint(key: "Esc", label: t.cancel)] }
            if k.countdown != nil { return [KeyHint(key: t.anyKey, label: t.stayHere)] }
            if k.locked && s.route == .live { return [KeyHint(key: "Enter", label: t.signInToStop)] }
            var hints = plainHints(s)
            hints.removeAll { $0.label == t.quit }
            if k.locked && s.route == .signIn { hints.append(KeyHint(key: "Esc", label: t.back)) }
            return hints
        }
        return plainHints(s)
    }

    static func plainHints(_ s: AppState) -> [KeyHint] {
        var hints = routeHints(s)
        let typing = s.confirm != nil || s.sessionChooser != nil || s.filter != nil || s.stations.editing != nil && s.route == .stations
            || s.detail?.start.isContractFormOpen == true && s.route == .detail
        if s.sessionInBackground && !typing { hints.insert(KeyHint(key: "l", label: s.strings.backToSession), at: 0) }
        return hints
    }

    static func routeHints(_ s: AppState) -> [KeyHint] {
        let t = s.strings
        if s.confirm != nil { return [KeyHint(key: "y/n", label: t.confirmYesNo)] }
        if s.sessionChooser != nil { return [KeyHint(key: "↑↓", label: t.move), KeyHint(key: "Enter", label: t.open), KeyHint(key: "Esc", label: t.cancel)] }
        if s.filter != nil { return FilterDialog.hints(t) }
        switch s.route {
        case .signIn: return s.signIn.hints(t)
        case .stations: return s.stations.hints(t)
        case .detail: return StationDetailState.hints(for: s.detail, t)
        case .live:
            var h = [KeyHint(key: "s", label: t.stop), KeyHint(key: "?", label: t.help), KeyHint(key: "q", label: t.quit)]
            if s.allRunning.count >= 2 { h.insert(KeyHint(key: "l", label: t.otherSessions), at: 1) }
            return h
        case .summary:
            return [KeyHint(key: "Enter", label: t.done), KeyHint(key: "h", label: t.history), KeyHint(key: "q", label: t.quit)]
        case .history:
            return [KeyHint(key: "↑↓", label: t.move), KeyHint(key: "Esc", label: t.back), KeyHint(key: "q", label: t.quit)]
        }
    }
}
