import ChargeCore
import ChargeViewModels
import Foundation
import Testing

/// The kiosk's idle decision as a function of times and two facts; no clock, no tasks.
@Suite(.timeLimit(.minutes(1))) struct KioskIdleTests {
    let idle = KioskIdle(idleSeconds: 180, countdownSeconds: 30)
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func decide(after seconds: Double, busy: Bool = false, holdsUser: Bool = true) -> KioskIdle.Decision {
        idle.decide(now: t0.addingTimeInterval(seconds), lastActivity: t0, busy: busy, holdsUser: holdsUser)
    }

    @Test func quietThenCountdownThenSignOut() {
        #expect(decide(after: 0) == .wait)
        #expect(decide(after: 149) == .wait)
        #expect(decide(after: 150) == .countdown(30))
        #expect(decide(after: 170.5) == .countdown(10), "whole seconds, rounded up")
        #expect(decide(after: 179.9) == .countdown(1))
        #expect(decide(after: 180) == .signOut)
        #expect(decide(after: 5000) == .signOut)
    }

    @Test func anAwaitedAnswerOrNobodyToForgetKeepsItAwake() {
        #expect(decide(after: 500, busy: true) == .keepAwake)
        #expect(decide(after: 500, holdsUser: false) == .keepAwake)
        #expect(decide(after: 10, holdsUser: false) == .keepAwake)
    }

    @Test func aCountdownAsLongAsTheIdleTimeStartsAtOnce() {
        let short = KioskIdle(idleSeconds: 30, countdownSeconds: 30)
        #expect(short.decide(now: t0, lastActivity: t0, busy: false, holdsUser: true) == .countdown(30))
    }

    @Test func whatCountsAsAUserToForget() {
        var s = AppState(
            stations: StationListState(filter: StationFilter(position: GeoPoint(latitude: 0, longitude: 0), radiusKm: 5)),
            strings: Strings(.en)
        )
        s.kiosk = KioskState()
        #expect(!KioskIdle.holdsUser(s, hintUsername: nil), "the empty form")
        s.signIn.username = TextField("demo", maxLength: 120)
        #expect(!KioskIdle.holdsUser(s, hintUsername: "demo"), "only the configured hint")
        #expect(KioskIdle.holdsUser(s, hintUsername: nil), "a typed name")
        s.signIn.username = TextField("", maxLength: 120)
        s.signIn.password = TextField("x", isSecure: true)
        #expect(KioskIdle.holdsUser(s, hintUsername: nil), "a typed password")
        s.signIn.password = TextField("", isSecure: true)
        s.kiosk?.pin = PinEntry()
        #expect(KioskIdle.holdsUser(s, hintUsername: nil), "the PIN dialog")
    }
}
