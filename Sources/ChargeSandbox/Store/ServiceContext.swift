import Foundation

/// An answer as GraphQLSwift's default resolver reads it: nested fields by name, so the
/// SDL stays the only definition of every type. (Declared here, it shadows GRDB's `Record`
/// class, which the sandbox does not use.)
typealias Record = [String: any Sendable]

/// What every concern of the sandbox reads: the database, the settings and the clock.
///
/// Every method of a concern reads `now` from the injected clock and touches SQLite
/// through the one serial queue, so concerns share no other state.
struct ServiceContext: Sendable {
    let db: SandboxDatabase
    let config: SandboxConfiguration

    var now: Double { config.clock.now().timeIntervalSince1970 }
    var speed: Double { max(0.001, config.speed) }
}

/// One concern of the sandbox's behaviour (auth, stations, charging, contracts), with the
/// shared context's parts at hand under their short names.
protocol SandboxConcern: Sendable {
    var context: ServiceContext { get }
}

extension SandboxConcern {
    var db: SandboxDatabase { context.db }
    var config: SandboxConfiguration { context.config }
    var now: Double { context.now }
    var speed: Double { context.speed }

    /// ISO-8601 UTC with milliseconds ("2024-03-15T00:00:00.000Z"), without a formatter
    /// object per call (they are costly, and pages have a hundred timestamps).
    func iso(_ t: Double) -> String {
        var seconds = time_t(t.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let ms = Int(((t - t.rounded(.down)) * 1000).rounded(.down))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900,
            Int(parts.tm_mon) + 1,
            Int(parts.tm_mday),
            Int(parts.tm_hour),
            Int(parts.tm_min),
            Int(parts.tm_sec),
            ms
        )
    }
}
