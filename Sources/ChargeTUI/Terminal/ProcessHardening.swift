import CTerminalGuard

#if canImport(Glibc)
import Glibc
#endif

/// Process settings for kiosk mode, where strangers use the terminal one after another.
///
/// A core dump or a debugger attached by another local account would show whatever the
/// last users typed (passwords in request buffers, tokens). Kiosk mode turns both off:
/// `PR_SET_DUMPABLE 0` (no ptrace attach by other non-root users, no core) and
/// `RLIMIT_CORE 0` (no core file even if dumpable comes back through exec).
public enum ProcessHardening {
    /// Applies both; returns what could not be applied, as messages (empty when all held).
    @discardableResult
    public static func forbidCoreDumpsAndTracing() -> [String] {
        var problems: [String] = []
        if ph_set_dumpable(0) != 0 {
            problems.append("could not make the process non-dumpable (prctl: \(String(cString: strerror(errno))))")
        }
        if ph_forbid_core_files() != 0 {
            problems.append("could not switch off core dumps (setrlimit: \(String(cString: strerror(errno))))")
        }
        return problems
    }

    /// Whether the process may currently be dumped or traced (for tests and diagnostics).
    public static var isDumpable: Bool { ph_get_dumpable() != 0 }

    /// Makes the process dumpable again (tests give the flag back after checking it).
    public static func allowDumping() { _ = ph_set_dumpable(1) }

    /// The core file size limit now in force (soft, hard).
    public static var coreLimit: (soft: UInt64, hard: UInt64) {
        var soft: UInt64 = 0
        var hard: UInt64 = 0
        _ = ph_core_limit(&soft, &hard)
        return (soft, hard)
    }
}
