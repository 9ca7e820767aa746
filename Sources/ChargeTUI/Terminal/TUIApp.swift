import CNCursesW
import ChargeViewModels
import Dispatch
import Foundation

/// What wakes the UI loop.
enum LoopEvent: Sendable, Equatable {
    /// stdin has input (or the poll timed out: check for a resize, animate a spinner).
    case input, tick
    /// The view model changed.
    case redraw
    case signal(Int32)
    /// The terminal went away (stdin closed).
    case hangup
}

/// Waits for input on stdin on its own thread and wakes the loop. Never touches curses.
final class InputWaker: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private let wake: @Sendable (LoopEvent) -> Void

    init(wake: @escaping @Sendable (LoopEvent) -> Void) { self.wake = wake }

    func start() {
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
                let n = poll(&fds, 1, 250)
                guard lock.withLock({ running }) else { return }
                if n > 0 && (Int32(fds.revents) & (POLLHUP | POLLERR | POLLNVAL)) != 0 && (Int32(fds.revents) & POLLIN) == 0 {
                    wake(.hangup)
                    return
                }
                if n > 0 {
                    wake(.input)
                    // Let the loop drain the input before polling again (no busy spin).
                    usleep(2000)
                } else {
                    wake(.tick)
                }
            }
        }
        thread.name = "chargeterm.input"
        thread.start()
    }

    func stop() { lock.withLock { running = false } }
}

/// Turns terminating signals into loop events (handlers only post; they never draw).
///
/// Made before the terminal is touched, and `init` returns only once libdispatch has
/// registered every source. On Linux a source is registered later, on libdispatch's manager
/// thread, which is where it installs its handler; the old `signal(SIG_IGN)` before
/// `resume()` made a SIGTERM sent in that gap vanish (the app ran on). Without SIG_IGN a
/// signal before registration ends the process by its default action, while the terminal is
/// still as the user left it.
final class SignalRelay: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []

    init(_ signals: [Int32], wake: @escaping @Sendable (LoopEvent) -> Void) {
        let queue = DispatchQueue(label: "chargeterm.signals")
        let registered = DispatchGroup()
        for sig in signals {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { wake(.signal(sig)) }
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.resume()
            sources.append(source)
        }
        _ = registered.wait(timeout: .now() + 10)
        signal(SIGPIPE, SIG_IGN)
    }

    func cancel() { for source in sources { source.cancel() } }
}

/// The full-screen app: one loop on the main actor for keys, resizes, view-model updates
/// and signals. It never waits on the network; it redraws only when something changed.
@MainActor
public enum TUIApp {
    final class LoopState {
        var dirty = true
        var spinnerFrame = 0
        /// Escape sequences curses did not decode, reassembled across reads.
        var keys = KeyStream()
        /// `TerminalOptions.trace`.
        var trace: (@Sendable (String) -> Void)?
        var draws = 0
        /// Wake-ups in a row that found nothing to read: only the first of a run is traced,
        /// so a burst of them cannot push the keys out of the log's tail.
        var emptyWakes = 0
    }

    /// Runs until the view model says quit or a terminating signal arrives. The terminal is
    /// restored on every path. Returns the process exit code (128 + signal after a signal).
    public static func run(viewModel: AppViewModel, options: TerminalOptions) async -> Int32 {
        let (events, continuation) = AsyncStream<LoopEvent>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let signals = SignalRelay([SIGINT, SIGTERM, SIGHUP, SIGQUIT]) { continuation.yield($0) }
        let terminal: Terminal
        do {
            terminal = try Terminal(options: options)
        } catch {
            signals.cancel()
            FileHandle.standardError.write(Data("chargeterm: \(error)\n".utf8))
            return 1
        }
        defer { terminal.restore() }
        let surface = NCursesSurface(colors: terminal.colors, asciiOnly: terminal.asciiOnly)
        let waker = InputWaker { continuation.yield($0) }
        let loop = LoopState()
        loop.trace = options.trace
        defer {
            waker.stop()
            signals.cancel()
            viewModel.onChange = nil
            viewModel.shutdown()
        }

        viewModel.onChange = {
            loop.dirty = true
            continuation.yield(.redraw)
        }
        resized(viewModel, surface)
        viewModel.start()
        waker.start()
        draw(viewModel.state, surface, loop)

        var exitCode: Int32 = 0
        loop: for await event in events {
            switch event {
            case .signal(let sig):
                exitCode = 128 + sig
                break loop
            case .hangup:
                exitCode = 128 + SIGHUP
                break loop
            case .input, .tick:
                let read = readKeys(viewModel, surface, loop)
                if read > 0 {
                    loop.emptyWakes = 0
                } else if event == .input, let trace = loop.trace {
                    loop.emptyWakes += 1
                    if loop.emptyWakes == 1 { trace("input woke the loop; curses had nothing to read (repeats unlogged until a key)") }
                }
                // A quarter second without input: a half-read sequence will not be finished.
                if event == .tick, !viewModel.shouldQuit {
                    for input in loop.keys.expire() { dispatch(input, viewModel, surface, loop) }
                }
                if event == .tick, viewModel.state.status.loading {
                    loop.spinnerFrame += 1
                    loop.dirty = true
                }
            case .redraw:
                break
            }
            if viewModel.shouldQuit { break }
            if loop.dirty { draw(viewModel.state, surface, loop) }
        }
        return exitCode
    }

    static func draw(_ state: AppState, _ surface: NCursesSurface, _ loop: LoopState) {
        Renderer.draw(state, on: surface, spinnerFrame: loop.spinnerFrame)
        surface.present()
        loop.dirty = false
        if let trace = loop.trace {
            loop.draws += 1
            trace("draw \(loop.draws): \(InputTrace.summary(state, suspended: false))")
        }
    }

    /// Reads every pending key (non-blocking) and forwards it. Returns how many codes curses gave.
    @discardableResult
    static func readKeys(_ viewModel: AppViewModel, _ surface: NCursesSurface, _ loop: LoopState) -> Int {
        var budget = 512  // a huge paste cannot starve the loop
        var read = 0
        while budget > 0 {
            budget -= 1
            var ch: wint_t = 0
            let rc = wget_wch(cnc_stdscr(), &ch)
            if rc == cnc_err() {
                // All read: a lone ESC was the Esc key (curses waited ESCDELAY for more).
                for input in loop.keys.endOfInput() { dispatch(input, viewModel, surface, loop) }
                return read
            }
            read += 1
            let code = Int32(bitPattern: ch)
            let isFunctionKey = rc == cnc_key_code_yes()
            // Extended terminfo keys (Ctrl-Home…) have numbers only their name explains.
            let name = isFunctionKey && code > KeyDecoder.keyMax ? keyname(code).map { String(cString: $0) } : nil
            for input in loop.keys.feed(code, isFunctionKey: isFunctionKey, name: name) {
                dispatch(input, viewModel, surface, loop)
                if viewModel.shouldQuit { return read }
            }
        }
        return read
    }

    /// The list's rows follow the screen; behind "terminal too small" keys do nothing.
    static func resized(_ viewModel: AppViewModel, _ surface: NCursesSurface) {
        viewModel.inputSuspended = Renderer.isTooSmall(rows: surface.rows, columns: surface.columns)
        viewModel.setViewport(rows: max(1, surface.rows - 6), columns: surface.columns)
    }

    static func dispatch(_ input: KeyDecoder.Input, _ viewModel: AppViewModel, _ surface: NCursesSurface, _ loop: LoopState) {
        guard !viewModel.shouldQuit else { return }
        switch input {
        case .key(let key):
            viewModel.handle(key)
            loop.trace?("key \(InputTrace.name(key)) -> \(InputTrace.summary(viewModel.state, suspended: viewModel.inputSuspended))")
        case .resize:
            resized(viewModel, surface)
            loop.trace?("resize to \(surface.columns)x\(surface.rows)\(viewModel.inputSuspended ? ", too small: keys ignored" : "")")
            loop.dirty = true
        case .ignored:
            loop.trace?("an escape sequence that is no key, dropped")
        }
    }
}
