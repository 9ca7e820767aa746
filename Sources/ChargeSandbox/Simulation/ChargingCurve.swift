import Foundation

/// How fast a simulated car charges: AC flat at the lower of connector and on-board charger
/// power; DC at the lower of connector and car power, tapering above 80 % state of charge.
struct ChargingCurve: Sendable {
    let connectorKw: Double
    let carKw: Double
    let batteryKwh: Double
    let socStart: Double
    let isDC: Bool

    /// Power in kW at a given state of charge (0...1).
    func power(atSoc soc: Double) -> Double {
        guard soc < 1 else { return 0 }
        let base = min(connectorKw, carKw)
        guard isDC, soc > 0.8 else { return base }
        return base * max(0.08, (1 - soc) / 0.2)
    }

    /// Energy delivered (kWh) after `seconds` of charging.
    func energy(afterSeconds seconds: Double) -> Double {
        guard seconds > 0 else { return 0 }
        let maxEnergy = batteryKwh * (1 - socStart)
        let steps = min(4000, max(1, Int(seconds / 5)))
        let dt = seconds / Double(steps)
        var energy = 0.0
        for _ in 0..<steps {
            let soc = socStart + energy / batteryKwh
            energy += power(atSoc: soc) * dt / 3600
            if energy >= maxEnergy { return maxEnergy }
        }
        return energy
    }

    /// Simulated seconds until the battery is full, on the same 5-second steps as
    /// `energy(afterSeconds:)` (a car that never fills: a day).
    func secondsUntilFull() -> Double {
        let maxEnergy = batteryKwh * (1 - socStart)
        var energy = 0.0
        var seconds = 0.0
        while seconds < 86400 {
            guard energy < maxEnergy else { return seconds }
            let soc = socStart + energy / batteryKwh
            let kw = power(atSoc: soc)
            guard kw > 0 else { return seconds }
            energy += kw * 5 / 3600
            seconds += 5
        }
        return seconds
    }
}
