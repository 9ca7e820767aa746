import ArgumentParser

/// Benchmarks that print numbers. Build with `-c release`.
@main
struct ChargeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "charge-bench",
        abstract: "ChargeTerm benchmarks (build with -c release).",
        subcommands: [CpsPagedBench.self, CoreBench.self, KeyFrameBench.self]
    )
}

/// Sorted samples → percentile.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}
