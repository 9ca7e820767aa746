import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// The admin PIN lockout: its count and block live in the kiosk state, so closing the
/// dialog (Esc) and opening a new one (F10) or an idle sign-out do not reset them; blocks
/// escalate. The bypass it fixes: three wrong PINs, Esc, F10, and the right PIN left at once.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct PinGuardTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }
    var clock: ManualTimeSource { driver.clock }

    func makeApp(idleSeconds: Double = 180, lockout: Double = 30) -> AppViewModel {
        fake.serve(5)
        let kiosk = KioskSettings(
            idleSeconds: idleSeconds,
            countdownSeconds: 30,
            verifyPin: { $0 == "2468" },
            maxPinAttempts: 3,
            pinLockoutSeconds: lockout
        )
        return driver.makeApp(AppDriver.settings(hint: false, kiosk: kiosk), viewport: nil)
    }

    func enter(_ app: AppViewModel, _ pin: String) {
        for c in pin { app.handle(.char(c)) }
        app.handle(.enter)
    }

    @Test func theValueEscalates() {
        var g = PinGuard()
        let t0 = Date(timeIntervalSince1970: 0)
        let steps = [30.0, 120, 600]
        #expect(g.recordFailure(at: t0, maxAttempts: 3, escalation: steps) == nil)
        #expect(g.recordFailure(at: t0, maxAttempts: 3, escalation: steps) == nil)
        #expect(g.recordFailure(at: t0, maxAttempts: 3, escalation: steps) == 30)
        #expect(g.secondsBlocked(at: t0.addingTimeInterval(10)) == 20)
        #expect(g.secondsBlocked(at: t0.addingTimeInterval(30)) == nil)
        var blocks: [Double?] = []
        for round in 1...3 {
            let t = t0.addingTimeInterval(Double(round) * 1000)
            for _ in 0..<2 { _ = g.recordFailure(at: t, maxAttempts: 3, escalation: steps) }
            blocks.append(g.recordFailure(at: t, maxAttempts: 3, escalation: steps))
        }
        #expect(blocks == [120, 600, 600])
        g.recordSuccess()
        #expect(g == PinGuard())
    }

    @Test func escAndF10DoNotResetTheLockout() {
        let app = makeApp()
        app.handle(.function(10))
        for _ in 0..<3 { enter(app, "0000") }
        #expect(app.state.kiosk?.pin?.message == "Too many attempts. Try again in 30 s.")
        app.handle(.escape)
        app.handle(.function(10))
        #expect(app.state.kiosk?.pin?.message == "Too many attempts. Try again in 30 s.", "a new dialog shows the block at once")
        enter(app, "2468")
        #expect(!app.shouldQuit, "the right PIN in a new dialog is still refused during the block")
        app.handle(.escape)
        app.handle(.ctrl("x"))
        clock.advance(by: 31)
        enter(app, "2468")
        #expect(app.shouldQuit)
    }

    @Test func blocksGrowThirtySecondsTwoMinutesTenMinutes() {
        let app = makeApp()
        app.handle(.function(10))
        var messages: [String?] = []
        for _ in 0..<3 {
            for _ in 0..<3 { enter(app, "0000") }
            messages.append(app.state.kiosk?.pin?.message)
            clock.advance(by: 601)
        }
        #expect(
            messages == [
                "Too many attempts. Try again in 30 s.", "Too many attempts. Try again in 120 s.", "Too many attempts. Try again in 600 s.",
            ]
        )
    }

    @Test func anIdleSignOutDoesNotForgiveWrongPins() async throws {
        let app = makeApp(idleSeconds: 60, lockout: 300)
        app.handle(.function(10))
        for _ in 0..<3 { enter(app, "0000") }
        // The open dialog counts as someone's state: after the idle time it is forgotten.
        try #require(await clock.waitForSleepers(1), "the idle watch sleeps")
        for second in 0..<70 {
            clock.advance(by: 1)
            try #require(await clock.waitForSleepers(1), "the idle watch sleeps again after second \(second + 1)")
        }
        try await waitUntil("the idle sign-out closed the dialog") { app.state.kiosk?.pin == nil }
        app.handle(.function(10))
        enter(app, "2468")
        #expect(!app.shouldQuit)
        #expect(app.state.kiosk?.pin?.message?.hasPrefix("Too many attempts") == true)
    }

    @Test func weakPinsAreNamed() {
        for weak in ["1111", "0000", "1234", "4321", "456789", "9876"] { #expect(AdminPin.weakness(weak) != nil, "\(weak)") }
        for fine in ["2468", "1357", "0042", "7391", "1231"] { #expect(AdminPin.weakness(fine) == nil, "\(fine)") }
    }
}
