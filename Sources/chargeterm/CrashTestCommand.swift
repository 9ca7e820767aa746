import ArgumentParser
import ChargeTUI

/// `chargeterm crash-test trap|overflow`: hidden. Draws a curses screen, then crashes on
/// purpose (a Swift trap, or a stack overflow on the UI thread), so
/// `Tests/reliability/signals.py` can check that the crash guard restores the terminal after
/// crashes from inside the process. Not in the help, and it needs the kind spelled out.
struct CrashTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crash-test",
        abstract: "Crash on purpose (reliability checks).",
        shouldDisplay: false
    )

    @Argument(help: "trap or overflow") var kind: String

    func run() async throws {
        guard let test = CrashTest(rawValue: kind) else {
            throw ValidationError("Unknown crash test \(kind.debugDescription): trap or overflow.")
        }
        // On the main thread, where the app runs curses and where the guard's alternate
        // signal stack is set up.
        try await MainActor.run { try test.run() }
    }
}
