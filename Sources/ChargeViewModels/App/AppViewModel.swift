import ChargeCore
import Foundation

/// The app: one root state (`AppState`) changed on the main actor only. Keys come in
/// through `handle(_:)` and go to the feature on screen (`Features/<name>/AppViewModel+<name>`),
/// which hands them to its value (`SignInForm`, `FilterDialog`, `StartCharging`, …); service
/// calls run as tasks (`TaskRegistry`) whose results come back on the main actor, and
/// `onChange` tells the front end to redraw. Nothing here touches a terminal or the network.
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

    /// Every task the app runs, by what it is for (`TaskRegistry.AppEvent` says what ends which).
    let tasks = TaskRegistry()
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
        state = Self.initialState(
            services: services,
            settings: settings,
            memory: StationMemory.load(from: settings.kiosk != nil ? nil : settings.stateDirectory)
        )
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
        var s = AppState(
            stations: StationListState(filter: StationFilter(position: position, radiusKm: settings.radiusKm)),
            strings: strings
        )
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
        tasks[.events] = Task { [weak self] in
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
    public func settle() async { await tasks.settle() }

    /// Stops all background work (at exit).
    public func shutdown() { tasks.cancel(for: .quit) }

    /// Runs a short piece of async work, tracked so tests can wait for it.
    func run(_ work: @escaping @MainActor () async -> Void) { tasks.run(work) }

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

    func hints(for s: AppState) -> [KeyHint] { Self.hintsFor(s) }

    /// The footer: each feature's own hints, under what covers the screen (a dialog, the
    /// kiosk's lock and PIN).
    static func hintsFor(_ s: AppState) -> [KeyHint] {
        if let k = s.kiosk { return k.hints(over: plainHints(s), route: s.route, s.strings) }
        return plainHints(s)
    }

    static func plainHints(_ s: AppState) -> [KeyHint] {
        var hints = routeHints(s)
        let typing =
            s.confirm != nil || s.sessionChooser != nil || s.filter != nil || s.stations.editing != nil && s.route == .stations
            || s.detail?.start.isContractFormOpen == true && s.route == .detail
        if s.sessionInBackground && !typing { hints.insert(KeyHint(key: "l", label: s.strings.backToSession), at: 0) }
        return hints
    }

    static func routeHints(_ s: AppState) -> [KeyHint] {
        let t = s.strings
        if s.confirm != nil { return [KeyHint(key: "y/n", label: t.confirmYesNo)] }
        if s.sessionChooser != nil { return SessionChooser.hints(t) }
        if s.filter != nil { return FilterDialog.hints(t) }
        switch s.route {
        case .signIn: return s.signIn.hints(t)
        case .stations: return s.stations.hints(t)
        case .detail: return StationDetailState.hints(for: s.detail, t)
        case .live: return LiveSession.hints(othersRunning: s.allRunning.count >= 2, t)
        case .summary: return SummaryState.hints(t, hasReceipt: s.summary?.receipt != nil)
        case .history: return HistoryState.hints(for: s.history, t)
        }
    }
}
