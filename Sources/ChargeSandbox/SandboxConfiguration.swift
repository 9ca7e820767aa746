import Foundation

/// Everything a sandbox run can be set up with. Defaults suit the embedded app.
public struct SandboxConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// Listening on anything but loopback must be asked for: the sandbox prints its PSK and
    /// the demo passwords, which everybody knows. `start()` refuses otherwise.
    public var allowNonLoopback = false
    /// 0 picks a free port.
    public var port = 0
    /// SQLite file; nil keeps the database in memory.
    public var databasePath: String?
    public var stationCount = 3000
    /// The six stations nearest `Sandbox.defaultPosition` get hostile names and addresses
    /// (control, bidi, zero-width, combining, CJK, emoji): the client's display-safety test data.
    public var hostileNames = false
    public var seed: UInt64 = 1
    /// Time factor of the charging simulation (2 = twice as fast as real chargers).
    public var speed: Double = 1
    /// Accepted pre-shared keys (the first is the one printed).
    public var psks: [String] = ["sandbox-psk-0000"]
    /// Client ids the emulated Auth0 accepts for the device flow.
    public var auth0ClientIds: [String] = ["chargeterm"]
    public var sessionTTL: Double = 3600
    public var refreshTTL: Double = 86400 * 30
    public var accessTokenTTL: Double = 3600
    public var deviceCodeTTL: Double = 600
    public var devicePollInterval: Double = 5
    /// A station that never answers makes its start attempt fail after this many (simulated) seconds.
    public var silentStationTimeout: Double = 60
    /// PBKDF2 rounds for stored passwords (lower in tests: debug builds are slow).
    public var passwordHashRounds = 20_000
    /// Wrong passwords per user within `throttleWindow` before sign-in is refused for a while.
    public var throttleLimit = 5
    public var throttleWindow: Double = 60
    public var faults = SandboxFaults()
    /// Seed of the fault dice (which request gets which fault, and its delay); nil uses
    /// `seed`. A soak prints it, so a failing run can be repeated with the same faults.
    public var faultSeed: UInt64?
    /// Requests carrying `X-Fault-Exempt: <this>` skip the injected faults: a soak's
    /// observer reads the truth (the server's energy) past the faults it puts the app
    /// through. nil (the default) exempts nothing.
    public var faultExemptToken: String?
    /// The clock the sandbox reads (tests inject one they can move).
    public var clock: any SandboxClock = SystemSandboxClock()
    /// SDL served instead of the reference schema (`sandbox serve --schema FILE`): a tenant
    /// whose schema differs, for `chargeterm doctor`. Fields it adds have no resolver (null).
    public var schemaSDL: String?
    /// Called while a new database is seeded, with stations done and the total, about every
    /// 1% (seeding a million stations takes half a minute; the caller shows progress).
    public var seedingProgress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    public init() {}

    /// Whether `host` is this machine only: `localhost`, a dotted-quad in 127.0.0.0/8, `::1`.
    /// (The sandbox shares no code with the client, which has its own, stricter check.)
    public var hostIsLoopback: Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && UInt8($0) != nil }) else {
            return false
        }
        return parts[0] == "127"
    }
}

/// Faults injected into `/graphql` answers, for reliability tests.
public struct SandboxFaults: Sendable, Equatable {
    /// Extra delay per request, seconds (uniform in the range).
    public var latency: ClosedRange<Double>?
    /// Share of requests answered with 500/502/503.
    public var serverErrorRate = 0.0
    /// Share of requests whose connection is closed without an answer.
    public var dropRate = 0.0
    /// Share of requests answered with a malformed JSON body.
    public var malformedRate = 0.0
    /// Share of requests answered with 429 and `Retry-After`.
    public var rateLimitRate = 0.0
    public var retryAfter = 1.0

    public init(
        latency: ClosedRange<Double>? = nil,
        serverErrorRate: Double = 0,
        dropRate: Double = 0,
        malformedRate: Double = 0,
        rateLimitRate: Double = 0,
        retryAfter: Double = 1
    ) {
        self.latency = latency
        self.serverErrorRate = serverErrorRate
        self.dropRate = dropRate
        self.malformedRate = malformedRate
        self.rateLimitRate = rateLimitRate
        self.retryAfter = retryAfter
    }

    /// Whether any fault is switched on.
    public var isActive: Bool { self != SandboxFaults() }
}
