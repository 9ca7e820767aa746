import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM as one event the command awaits, watched from the start of `run`.
///
/// Why not `signal(SIG_IGN)` and a dispatch source made when the server is up: on Linux a
/// dispatch source is registered later, on libdispatch's manager thread (that is where it
/// installs its handler and signalfd). A signal sent in between met SIG_IGN and was lost, and
/// the sandbox served on after a SIGTERM until killed (CI: the seeding-progress check, sent
/// SIGTERM as soon as "listening on" showed, on a loaded machine). Here the sources are made
/// first and `init` waits for their registration handlers, with no SIG_IGN at all: before
/// registration the default action ends the process, after it the source sees the signal.
final class TerminationSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var serving = false
    private var received = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init() {
        let queue = DispatchQueue(label: "chargeterm.signals")
        let registered = DispatchGroup()
        for sig in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { [unowned self] in deliver(sig) }
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.resume()
            sources.append(source)
        }
        // Registration takes microseconds; the bound only keeps a wedged libdispatch from
        // wedging start-up too (the default action still ends the process then).
        _ = registered.wait(timeout: .now() + 10)
    }

    /// From now on a signal stops the server gracefully. Before, while the database is
    /// opened or seeded, it ends the process at once: seeding is one transaction, so nothing
    /// half-written stays, and a million stations would otherwise keep it going for 30 s.
    func serve() { lock.withLock { serving = true } }

    /// Returns once SIGINT or SIGTERM has arrived (at once if one came since `serve()`).
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = lock.withLock { () -> Bool in
                if received { return true }
                waiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func deliver(_ sig: Int32) {
        let (early, continuation) = lock.withLock { () -> (Bool, CheckedContinuation<Void, Never>?) in
            guard serving else { return (true, nil) }
            received = true
            defer { waiter = nil }
            return (false, waiter)
        }
        if early {
            // End a live seeding line before the shell's prompt comes back.
            if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
            _exit(128 + sig)
        }
        continuation?.resume()
    }
}
