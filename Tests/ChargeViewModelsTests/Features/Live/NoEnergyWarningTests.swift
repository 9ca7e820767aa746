import ChargeCore
import ChargeViewModels
import Foundation
import Testing

/// The live panel warns when no energy flows: the car or the station paused (OCPP
/// SuspendedEV / SuspendedEVSE), or "Charging" with no power for 3 minutes of readings.
@Suite(.timeLimit(.minutes(1))) struct NoEnergyWarningTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func reading(
        kwh: Double,
        kw: Double?,
        at seconds: Double,
        status: ChargelogStatus = .started,
        connector: ConnectorStatus = .charging
    ) -> SessionSnapshot {
        SessionSnapshot(
            chargelog: Chargelog(
                id: "log-1",
                status: status,
                connector: Connector(id: "c1", status: connector),
                dateStart: t0,
                energyKwh: kwh
            ),
            observedAt: t0.addingTimeInterval(seconds),
            elapsed: seconds,
            powerKw: kw,
            costSoFar: nil,
            currency: "EUR"
        )
    }

    func live() -> LiveSession { LiveSession(chargelogId: "log-1", stationName: "Mirabell", connectorLine: "", followingSince: t0) }

    @Test func theCarOrTheStationPausingIsSaidAtOnce() {
        var l = live()
        l.apply(reading(kwh: 5, kw: 11, at: 5), at: t0.addingTimeInterval(5))
        #expect(l.noEnergy == nil && l.noEnergyText == nil)
        l.apply(reading(kwh: 5, kw: 5, at: 10, connector: .suspendedEV), at: t0.addingTimeInterval(10))
        #expect(l.noEnergy == .carPaused)
        #expect(l.noEnergyText?.contains("full") == true)
        l.apply(reading(kwh: 5, kw: 2, at: 15, connector: .suspendedEVSE), at: t0.addingTimeInterval(15))
        #expect(l.noEnergy == .stationPaused)
        l.apply(reading(kwh: 5.1, kw: 9, at: 20, connector: .charging), at: t0.addingTimeInterval(20))
        #expect(l.noEnergy == nil, "energy flows again: the warning goes")
    }

    @Test func zeroPowerWarnsOnlyAfterThreeMinutesOfReadings() {
        var l = live()
        l.apply(reading(kwh: 5, kw: 11, at: 0), at: t0)
        for s in stride(from: 5.0, through: 175, by: 5) {
            l.apply(reading(kwh: 5, kw: 0, at: s), at: t0.addingTimeInterval(s))
        }
        #expect(l.noEnergy == nil, "2 min 55 s of zero: not yet")
        l.apply(reading(kwh: 5, kw: 0, at: 185), at: t0.addingTimeInterval(185))
        #expect(l.noEnergy == .noPower)
        #expect(l.noEnergyText?.contains("cable") == true)
        l.apply(reading(kwh: 5.2, kw: 3, at: 190), at: t0.addingTimeInterval(190))
        #expect(l.noEnergy == nil)
        #expect(l.noPowerSince == nil, "a new run of zeros starts from scratch")
    }

    @Test func silenceFromTheServerIsNotNoEnergy() {
        var l = live()
        l.apply(reading(kwh: 5, kw: 0, at: 5), at: t0.addingTimeInterval(5))
        // Ten minutes without a reading (a slow link): the figures are old, not zero.
        l.tick(now: t0.addingTimeInterval(600))
        #expect(l.noEnergy == nil)
        #expect(l.stale != nil)
    }

    @Test func noWarningBeforeChargingBeginsOrAfterItEnds() {
        var l = live()
        for s in stride(from: 0.0, through: 400, by: 20) {
            l.apply(reading(kwh: 0, kw: 0, at: s, status: .waitingForTransaction), at: t0.addingTimeInterval(s))
        }
        #expect(l.noEnergy == nil, "waiting for the car is not 'no energy'")
        l.apply(reading(kwh: 5, kw: 5, at: 405, connector: .suspendedEV), at: t0.addingTimeInterval(405))
        #expect(l.noEnergy == .carPaused)
        l.stopped(Chargelog(id: "log-1", status: .stopped, energyKwh: 5))
        #expect(l.noEnergy == nil)
    }

    @Test func theGermanWarningIsGermanAndFitsEightyColumns() {
        for language in [Language.en, .de] {
            for why in [LiveSession.NoEnergy.carPaused, .stationPaused, .noPower] {
                let text = Strings(language).noEnergyWarning(why)
                #expect(text.count <= 76, "\(language) \(why): \(text.count) characters")
            }
        }
        #expect(Strings(.de).noEnergyWarning(.noPower).contains("Kabel"))
    }
}
