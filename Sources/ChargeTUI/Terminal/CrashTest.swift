import CNCursesW
import Foundation

/// Deliberate crashes while curses owns the terminal, for `Tests/reliability/signals.py`:
/// the crash guard (CTerminalGuard) must give the terminal back after a real Swift trap and
/// after a stack overflow, not only after a signal sent from outside with `kill`.
///
/// Reached only through the hidden `chargeterm crash-test trap|overflow` subcommand.
public enum CrashTest: String, CaseIterable, Sendable {
    /// A Swift runtime trap (`fatalError`): SIGILL or SIGTRAP, raised inside the process.
    case trap
    /// Unbounded recursion on the UI thread until the stack's guard page: SIGSEGV with no
    /// stack left, so the guard's handler must run on its alternate stack.
    case overflow

    /// Sets up the terminal as the app does, draws a screen, then crashes. Never returns.
    @MainActor
    public func run() throws -> Never {
        let terminal = try Terminal(options: TerminalOptions())
        _ = terminal
        let text = "chargeterm crash test: \(rawValue)"
        werase(cnc_stdscr())
        mvwaddstr(cnc_stdscr(), 1, 2, text)
        wrefresh(cnc_stdscr())
        switch self {
        case .trap:
            fatalError("crash test: a deliberate Swift trap")
        case .overflow:
            let depth = Self.recurse(1)
            fatalError("the recursion returned (\(depth)): no overflow")
        }
    }

    /// Recursion the optimiser cannot turn into a loop: each frame keeps a buffer that is
    /// read after the inner call returns.
    @inline(never)
    static func recurse(_ depth: Int) -> Int {
        var frame = (depth, depth &+ 1, depth &+ 2, depth &+ 3, depth &+ 4, depth &+ 5, depth &+ 6, depth &+ 7)
        return withUnsafeMutableBytes(of: &frame) { bytes in
            bytes[depth & 63] ^= 1
            return recurse(depth &+ 1) &+ Int(bytes[(depth &+ 1) & 63])
        }
    }
}
