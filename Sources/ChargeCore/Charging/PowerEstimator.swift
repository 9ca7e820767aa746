import Foundation

/// Derives charging power from successive energy readings (the API has no power field).
///
/// kW = ΔkWh / Δh between samples, smoothed with an exponential moving average so one late
/// poll does not make the figure jump. Samples closer than `minimumGap` are merged.
public struct PowerEstimator: Sendable, Hashable {
    public private(set) var lastEnergy: Double?
    public private(set) var lastTime: Date?
    public private(set) var smoothedKw: Double?
    public var alpha = 0.5
    public var minimumGap = 0.5

    public init() {}

    /// Feed a reading; returns the current estimate (nil until two readings exist).
    public mutating func add(energyKwh: Double, at time: Date) -> Double? {
        guard let e0 = lastEnergy, let t0 = lastTime else {
            lastEnergy = energyKwh
            lastTime = time
            return smoothedKw
        }
        let dt = time.timeIntervalSince(t0)
        guard dt >= minimumGap else { return smoothedKw }
        let instant = max(0, (energyKwh - e0) / (dt / 3600))
        smoothedKw = smoothedKw.map { alpha * instant + (1 - alpha) * $0 } ?? instant
        lastEnergy = energyKwh
        lastTime = time
        return smoothedKw
    }
}
