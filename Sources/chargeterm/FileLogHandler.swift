import ChargeCore
import Foundation
import Logging

/// A swift-log handler that appends lines to a file.
///
/// A full-screen app must never write logs to the terminal (it would corrupt the screen),
/// so every log line of the client and the embedded sandbox goes here. Secrets never reach
/// a log: the core wraps them in `Secret`, whose description is a mask.
struct FileLogHandler: LogHandler {
    /// One open file shared by every logger of the process.
    final class Sink: @unchecked Sendable {
        private let lock = NSLock()
        private let handle: FileHandle?

        /// Opens (or creates, owner-only) the log for appending; a symlink planted at its
        /// place is refused (`O_NOFOLLOW`) and the app then runs without a log.
        init(url: URL) {
            handle = (try? ProtectedFile.openForAppend(url.path)).map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        }

        /// A sink that drops everything (when no state directory can be written).
        init() { handle = nil }

        func write(_ line: String) {
            guard let handle else { return }
            lock.withLock { try? handle.write(contentsOf: Data(line.utf8)) }
        }
    }

    let label: String
    let sink: Sink
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, sink: Sink, level: Logger.Level) {
        self.label = label
        self.sink = sink
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let meta = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = ISO8601DateFormatter.string(
            from: Date(),
            timeZone: .gmt,
            formatOptions: [.withInternetDateTime, .withFractionalSeconds]
        )
        sink.write("\(stamp) \(event.level) \(label): \(event.message)\(meta)\n")
    }
}
