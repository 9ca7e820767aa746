import ArgumentParser
import ChargeSandbox
import Foundation

/// `charge-bench cps`: cpsPaged page time over many stations, beside a full scan.
struct CpsPagedBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cps",
        abstract: "Benchmark: radius page through the R*Tree vs a full scan (build with -c release).")

    @Option(help: "Stations to generate.") var stations = 1_000_000
    @Option(help: "Queries per method.") var queries = 200
    @Option(help: "Radius in km.") var radius = 5.0
    @Option(help: "Page size (records built per page).") var limit = 20
    @Option(help: ArgumentHelp("SQLite file to build (kept, so a second run skips generation); default: in memory.", valueName: "file")) var db: String?

    func run() async throws {
        var config = SandboxConfiguration()
        config.stationCount = stations
        config.databasePath = db
        config.passwordHashRounds = 1000
        let t0 = Date()
        let sandbox = try await Sandbox(configuration: config)
        let build = Date().timeIntervalSince(t0)
        print(String(format: "generated + indexed %d stations in %.1f s", stations, build))
        let centres = [(47.8095, 13.0550), (48.2082, 16.3738), (48.1351, 11.5820), (47.3769, 8.5417), (52.52, 13.405)]
        var rng = SystemRandomNumberGenerator()
        func point() -> (Double, Double) {
            let c = centres[Int(rng.next() % UInt64(centres.count))]
            return (c.0 + Double.random(in: -0.05...0.05, using: &rng), c.1 + Double.random(in: -0.05...0.05, using: &rng))
        }
        func measure(fullScan: Bool, count: Int) throws -> (p50: Double, p95: Double, meanTotal: Double) {
            var times: [Double] = []
            var totals = 0
            for _ in 0..<count {
                let (lat, lon) = point()
                let start = DispatchTime.now().uptimeNanoseconds
                totals += try sandbox.benchmarkPage(latitude: lat, longitude: lon, radiusKm: radius, limit: limit, fullScan: fullScan)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            times.sort()
            return (times[times.count / 2], times[min(times.count - 1, times.count * 95 / 100)], Double(totals) / Double(count))
        }
        _ = try measure(fullScan: false, count: 10)  // warm the page cache
        let indexed = try measure(fullScan: false, count: queries)
        let scan = try measure(fullScan: true, count: max(5, queries / 20))
        print(String(format: "cpsPaged page (R*Tree + haversine, limit %d, %.0f km): p50 %.2f ms  p95 %.2f ms  (avg %.0f matches)", limit, radius, indexed.p50, indexed.p95, indexed.meanTotal))
        print(String(format: "full scan of the same data:                       p50 %.2f ms  p95 %.2f ms", scan.p50, scan.p95))
        print(String(format: "speed-up at p50: %.0fx (goal: p50 <= 2 ms, >= 100x)", scan.p50 / max(0.001, indexed.p50)))
    }
}
