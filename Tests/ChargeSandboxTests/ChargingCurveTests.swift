import Testing

@testable import ChargeSandbox

/// The simulated car: power by state of charge, energy by time, never past a full battery.
@Suite(.timeLimit(.minutes(1))) struct ChargingCurveTests {
    static let ac = ChargingCurve(connectorKw: 22, carKw: 11, batteryKwh: 64, socStart: 0.2, isDC: false)
    static let dc = ChargingCurve(connectorKw: 150, carKw: 100, batteryKwh: 64, socStart: 0.5, isDC: true)

    @Test func acIsFlatAtTheLowerOfConnectorAndCar() {
        for soc in [0.0, 0.5, 0.85, 0.99] { #expect(Self.ac.power(atSoc: soc) == 11) }
        #expect(Self.ac.power(atSoc: 1) == 0)
        let connectorBound = ChargingCurve(connectorKw: 3.7, carKw: 11, batteryKwh: 64, socStart: 0.2, isDC: false)
        #expect(connectorBound.power(atSoc: 0.5) == 3.7)
    }

    @Test func dcTapersAboveEightyPercent() {
        #expect(Self.dc.power(atSoc: 0.8) == 100)
        #expect(abs(Self.dc.power(atSoc: 0.9) - 50) < 1e-9)
        #expect(Self.dc.power(atSoc: 0.99) == 8, "never below 8 % of the base power before full")
        #expect(Self.dc.power(atSoc: 1) == 0)
        var last = Self.dc.power(atSoc: 0.8)
        for step in 1...19 {
            let p = Self.dc.power(atSoc: 0.8 + Double(step) / 100)
            #expect(p <= last)
            last = p
        }
    }

    @Test func energyIsPowerTimesTime() {
        #expect(Self.ac.energy(afterSeconds: 0) == 0)
        #expect(Self.ac.energy(afterSeconds: -5) == 0)
        #expect(abs(Self.ac.energy(afterSeconds: 3600) - 11) < 1e-9)
        #expect(abs(Self.ac.energy(afterSeconds: 1800) - 5.5) < 1e-9)
    }

    @Test func energyGrowsAndStopsAtAFullBattery() {
        let room = 64 * (1 - 0.2)
        var last = 0.0
        for minutes in stride(from: 0.0, through: 600, by: 15) {
            let e = Self.ac.energy(afterSeconds: minutes * 60)
            #expect(e >= last && e <= room, "at \(minutes) min")
            last = e
        }
        #expect(Self.ac.energy(afterSeconds: 86_400) == room)
        // DC: 50 → 80 % (19.2 kWh) at full power in 11.5 min, then the taper: half an hour
        // in, well short of the 38 kWh full power would give; full within the hour.
        #expect(abs(Self.dc.energy(afterSeconds: 3600 * 19.2 / 100) - 19.2) < 0.2)
        let halfHour = Self.dc.energy(afterSeconds: 1800)
        #expect(halfHour > 19.2 && halfHour < 32)
        #expect(Self.dc.energy(afterSeconds: 3600) == 32)
    }

    /// When the car reports SuspendedEV: the moment the energy curve reaches a full battery.
    @Test func fullIsWhenTheEnergyStopsGrowing() {
        for curve in [Self.ac, Self.dc] {
            let full = curve.secondsUntilFull()
            let room = curve.batteryKwh * (1 - curve.socStart)
            #expect(full > 0 && full < 86400)
            #expect(abs(curve.energy(afterSeconds: full + 60) - room) < 1e-6, "full after \(full) s")
            #expect(curve.energy(afterSeconds: full - 300) < room - 0.01, "not full 5 min before")
        }
        let alreadyFull = ChargingCurve(connectorKw: 11, carKw: 11, batteryKwh: 64, socStart: 1, isDC: false)
        #expect(alreadyFull.secondsUntilFull() == 0)
    }
}
