import Foundation

/// The app's background work, by what it is for. A slot holds one task at a time; short
/// pieces of work (a call and its answer) are kept apart so tests can wait for them.
/// Which work an event ends is written once, in `AppEvent.cancels`.
@MainActor
final class TaskRegistry {
    enum Key: Sendable, Hashable, CaseIterable {
        /// A page of the station list (a reload, the next page, a walk to the end).
        case list
        /// Following the live session's figures.
        case live
        /// The live panel's one-second clock.
        case tick
        /// The device-code sign-in (code, polling, countdown).
        case device
        /// The kiosk's idle watch.
        case idle
        /// Asking again for a running session the server could not report after sign-in.
        case resume
        /// Re-reading the running sessions every 30 s while any runs.
        case running
        /// Re-reading the open station every 30 s (`AppViewModel.watchDetail`).
        case detail
        /// The sign-in events of the auth service.
        case events
    }

    /// What ends work: one policy per event.
    enum AppEvent: Sendable {
        /// The server or the user ended the sign-in: the session's panel stops following.
        case signOut
        /// The user left the live panel: it stops following (the session runs on).
        case leaveLive
        /// A kiosk's idle sign-out during charging: the panel stays, locked; everything the
        /// user had asked for is dropped.
        case lock
        /// A kiosk forgets its user: everything of theirs stops.
        case forget
        /// The app exits.
        case quit

        var cancels: Set<Key> {
            switch self {
            case .signOut: [.live, .tick, .running]
            case .leaveLive: [.live, .tick]
            case .lock: [.list, .device]
            case .forget: [.list, .live, .tick, .device, .running, .detail]
            case .quit: Set(Key.allCases)
            }
        }

        /// Whether the short pieces of work (answers on their way) are dropped too.
        var cancelsShortWork: Bool {
            switch self {
            case .lock, .forget, .quit: true
            case .signOut, .leaveLive: false
            }
        }
    }

    private var slots: [Key: Task<Void, Never>] = [:]
    private var short: [UUID: Task<Void, Never>] = [:]

    /// The task in a slot (it may have finished).
    subscript(key: Key) -> Task<Void, Never>? {
        get { slots[key] }
        set { slots[key] = newValue }
    }

    /// Whether a slot holds a task that has not been cancelled.
    func isActive(_ key: Key) -> Bool { slots[key].map { !$0.isCancelled } ?? false }

    func cancel(_ key: Key) { slots[key]?.cancel() }

    /// Cancels what `event` ends. Slots that are cleared (not just cancelled) may be started
    /// again at once by a guard on `nil` (the running-sessions watch).
    func cancel(for event: AppEvent) {
        for key in event.cancels { slots[key]?.cancel() }
        if event.cancels.contains(.running) { slots[.running] = nil }
        if event.cancelsShortWork {
            for task in short.values { task.cancel() }
            short.removeAll()
        }
    }

    /// Runs a short piece of work on the main actor, tracked until it finishes.
    func run(_ work: @escaping @MainActor () async -> Void) {
        let id = UUID()
        short[id] = Task { @MainActor [weak self] in
            await work()
            self?.short[id] = nil
        }
    }

    /// Waits until every short task (not the live stream or timers) has finished, and the
    /// list's chain of pages has stopped. For tests.
    func settle() async {
        // A page may chain the next (End, a tall screen): wait until the chain stops.
        var waited: Task<Void, Never>?
        while true {
            while let (id, task) = short.first {
                await task.value
                short[id] = nil
            }
            guard let list = slots[.list], list != waited else { return }
            await list.value
            waited = list
        }
    }
}
