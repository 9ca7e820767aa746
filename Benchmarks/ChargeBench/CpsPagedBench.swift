import ArgumentParser
import ChargeSandbox
import Foundation

/// `charge-bench cps`: cpsPaged page time over many stations, beside a full scan.
struct CpsPagedBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cps",
        abstract: "Benchmark: radius page through the R*Tree vs a full scan (build with -c release)."
    )

    @Option(help: "Stations to generate.") var stations = 1_000_000
    @Option(help: "Queries through the R*Tree.") var queries = 200
    @Option(help: "Queries by full scan (the first of the same points; each reads every station).") var scanQueries = 51
    @Option(help: "Radius in km.") var radius = 5.0
    @Option(help: "Page size (records built per page).") var limit = 20
    @Option(help: "Seed of the query points.") var seed: UInt64 = 20_261_126
    @Flag(help: "Filter on opening hours too (`openNow`: each candidate's hours read in its zone).") var openNow = false
    @Option(help: ArgumentHelp("SQLite file to build (kept, so a second run skips generation); default: in memory.", valueName: "file"))
    var db: String?

    /// Deterministic query points (SplitMix64): both methods answer the same questions, and
    /// a second run asks them again.
    struct Points: IteratorProtocol {
        var state: UInt64
        static let centres = [(47.8095, 13.0550), (48.2082, 16.3738), (48.1351, 11.5820), (47.3769, 8.5417), (52.52, 13.405)]
        mutating func nextBits() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit() -> Double { Double(nextBits() >> 11) / Double(1 << 53) }
        mutating func next() -> (Double, Double)? {
            let c = Self.centres[Int(nextBits() % UInt64(Self.centres.count))]
            return (c.0 + (unit() - 0.5) * 0.1, c.1 + (unit() - 0.5) * 0.1)
        }
    }

    func run() async throws {
        var config = SandboxConfiguration()
        config.stationCount = stations
        config.databasePath = db
        config.passwordHashRounds = 1000
        let t0 = Date()
        let sandbox = try await Sandbox(configuration: config)
        let build = Date().timeIntervalSince(t0)
        print(String(format: "generated + indexed %d stations in %.1f s", stations, build))
        var generator = Points(state: seed)
        let points = (0..<max(queries, scanQueries)).compactMap { _ in generator.next() }
        // Both methods: the same query points, the same row loop (exact distances, sort,
        // page records); only the candidate rows differ (R*Tree box vs every station).
        func measure(fullScan: Bool, _ points: ArraySlice<(Double, Double)>) throws -> (times: [Double], totals: [Int]) {
            var times: [Double] = []
            var totals: [Int] = []
            for (lat, lon) in points {
                let start = DispatchTime.now().uptimeNanoseconds
                totals.append(
                    try sandbox.benchmarkPage(
                        latitude: lat,
                        longitude: lon,
                        radiusKm: radius,
                        limit: limit,
                        fullScan: fullScan,
                        openNow: openNow
                    )
                )
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            return (times, totals)
        }
        func percentile(_ times: [Double], _ p: Int) -> Double {
            let sorted = times.sorted()
            return sorted[min(sorted.count - 1, sorted.count * p / 100)]
        }
        _ = try measure(fullScan: false, points.prefix(10))  // warm the page cache
        let indexed = try measure(fullScan: false, points.prefix(queries))
        _ = try measure(fullScan: true, points.prefix(1))  // warm
        let scan = try measure(fullScan: true, points.prefix(scanQueries))
        let shared = min(indexed.totals.count, scan.totals.count)
        guard Array(indexed.totals.prefix(shared)) == Array(scan.totals.prefix(shared)) else {
            throw ValidationError(
                "the index and the scan disagree on the number of matches: \(indexed.totals.prefix(shared)) vs \(scan.totals.prefix(shared))"
            )
        }
        let mean = Double(indexed.totals.reduce(0, +)) / Double(max(1, indexed.totals.count))
        let indexedOnShared = Array(indexed.times.prefix(shared))
        print(
            String(
                format:
                    "cpsPaged page (R*Tree + haversine\(openNow ? " + openNow" : ""), limit %d, %.0f km, %d seeded points, seed %llu): p50 %.2f ms  p95 %.2f ms  (avg %.0f matches)",
                limit,
                radius,
                indexed.times.count,
                seed,
                percentile(indexed.times, 50),
                percentile(indexed.times, 95),
                mean
            )
        )
        print(
            String(
                format: "full scan, same row loop, first %d of the same points:  p50 %.2f ms  p95 %.2f ms  (same match counts: yes)",
                scan.times.count,
                percentile(scan.times, 50),
                percentile(scan.times, 95)
            )
        )
        print(
            String(
                format: "speed-up at p50 on the same %d points: %.0fx (index p50 there %.2f ms; goal: p50 <= 2 ms, >= 100x)",
                shared,
                percentile(scan.times, 50) / max(0.001, percentile(indexedOnShared, 50)),
                percentile(indexedOnShared, 50)
            )
        )
    }
}
