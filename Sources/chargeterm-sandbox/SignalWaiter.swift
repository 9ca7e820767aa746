import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM without installing a handler that could run arbitrary code.
enum SignalWaiter {
    static func waitForTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "chargeterm.signals")
            let once = OnceFlag()
            var sources: [any DispatchSourceSignal] = []
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
                source.setEventHandler {
                    if once.claim() { continuation.resume() }
                }
                source.resume()
                sources.append(source)
            }
            // Keep the sources alive for the life of the process.
            SignalWaiter.keep(sources)
        }
    }

    nonisolated(unsafe) private static var kept: [any DispatchSourceSignal] = []
    private static func keep(_ s: [any DispatchSourceSignal]) { kept = s }
}

/// A flag that is claimed once, thread-safely.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func claim() -> Bool {
        lock.withLock {
            defer { done = true }
            return !done
        }
    }
}
