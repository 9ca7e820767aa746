import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Shows seeding progress: on a terminal one line that updates in place, otherwise a line
/// at most every 5 s (a log or CI output stays short; a quick seed prints nothing).
final class SeedingProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let live: Bool
    private let write: @Sendable (String) -> Void
    private var lastPercent = -1
    private var lastLine: Date?
    private let started = Date()

    /// To standard error: live when it is a terminal.
    static func standardError() -> SeedingProgress {
        SeedingProgress(live: isatty(STDERR_FILENO) == 1) { FileHandle.standardError.write(Data($0.utf8)) }
    }

    init(live: Bool, write: @escaping @Sendable (String) -> Void) {
        self.live = live
        self.write = write
    }

    /// The callback for `SandboxConfiguration.seedingProgress`.
    var callback: @Sendable (Int, Int) -> Void { { [self] done, total in report(done: done, total: total) } }

    func report(done: Int, total: Int) {
        lock.withLock {
            let percent = total > 0 ? min(100, done * 100 / total) : 100
            let elapsed = String(format: "%.1f", Date().timeIntervalSince(started))
            if live {
                guard percent != lastPercent else { return }
                lastPercent = percent
                let end = done >= total ? "\n" : ""
                write("\r\u{1B}[KSeeding the sandbox: \(done) of \(total) stations (\(percent)%, \(elapsed) s)\(end)")
            } else {
                let now = Date()
                if done >= total {
                    guard lastLine != nil else { return }
                } else {
                    guard now.timeIntervalSince(lastLine ?? started) >= 5 else { return }
                }
                lastLine = now
                write("Seeding the sandbox: \(done) of \(total) stations (\(percent)%, \(elapsed) s)\n")
            }
        }
    }
}
