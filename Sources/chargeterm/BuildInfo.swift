/// The version and where the binary came from, for `--version` and bug reports.
///
/// `scripts/build-release` writes `BuildStamp.generated.swift` (git-ignored) with the commit
/// and build date and compiles with `-DCHARGETERM_STAMPED`; any other build (a debug build,
/// a clone without git) says "unknown" rather than something that may be stale.
enum BuildInfo {
    static let version = "0.1.0"
    #if CHARGETERM_STAMPED
    static let commit = BuildStamp.commit
    static let date = BuildStamp.date
    #else
    static let commit = "unknown"
    static let date = "unknown"
    #endif

    /// `chargeterm 0.1.0 (commit 1a2b3c4d5e6f, built 2026-11-26T05:00:00Z)`
    static var versionLine: String { "chargeterm \(version) (commit \(commit), built \(date))" }
}
