import Foundation

/// The faults switched on now, and the dice that decide each request's fate.
actor FaultState {
    enum Outcome: Equatable {
        case none, drop
        case serverError(Int)
        case malformed
        case rateLimited(Double)
    }

    private(set) var faults: SandboxFaults
    private var rng: SplitMix64

    init(_ faults: SandboxFaults, seed: UInt64) {
        self.faults = faults
        rng = SplitMix64(seed: seed ^ 0xFA17)
    }

    func set(_ faults: SandboxFaults) { self.faults = faults }

    /// Applies latency (by sleeping) and picks at most one fault for this request.
    func draw() async -> Outcome {
        guard faults.isActive else { return .none }
        if let latency = faults.latency {
            let delay = latency.lowerBound + rng.unit() * (latency.upperBound - latency.lowerBound)
            try? await Task.sleep(nanoseconds: UInt64(max(0, delay) * 1_000_000_000))
        }
        var roll = rng.unit()
        if roll < faults.dropRate { return .drop }
        roll -= faults.dropRate
        if roll < faults.serverErrorRate { return .serverError(rng.pick([500, 502, 503])) }
        roll -= faults.serverErrorRate
        if roll < faults.malformedRate { return .malformed }
        roll -= faults.malformedRate
        if roll < faults.rateLimitRate { return .rateLimited(faults.retryAfter) }
        return .none
    }
}
