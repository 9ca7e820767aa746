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
        if prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 { problems.append("could not make the process non-dumpable (prctl: \(String(cString: strerror(errno))))") }
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        if setrlimit(Int32(RLIMIT_CORE.rawValue), &none) != 0 { problems.append("could not switch off core dumps (setrlimit: \(String(cString: strerror(errno))))") }
        return problems
    }

    /// Whether the process may currently be dumped or traced (for tests and diagnostics).
    public static var isDumpable: Bool { prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0 }

    /// The core file size limit now in force (soft, hard).
    public static var coreLimit: (soft: UInt64, hard: UInt64) {
        var r = rlimit()
        getrlimit(Int32(RLIMIT_CORE.rawValue), &r)
        return (UInt64(r.rlim_cur), UInt64(r.rlim_max))
    }
}
