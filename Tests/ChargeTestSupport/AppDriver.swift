import ChargeCore
import ChargeViewModels
import Foundation

/// Drives an `AppViewModel` the way a person would, on fake services and a manual clock:
/// the one copy of the helpers the view-model suites share (make, type, sign in, move the
/// clock). Waiting for a condition is `waitUntil` (WaitUntil.swift).
@MainActor
public final class AppDriver {
    public let fake: FakeServices
    public let clock: ManualTimeSource
    /// The app `makeApp` made last (`advance` settles its work).
    public private(set) var app: AppViewModel?

    public init(fake: FakeServices = FakeServices(), clock: ManualTimeSource = ManualTimeSource()) {
        self.fake = fake
        self.clock = clock
    }

    /// The settings most suites use: English, a position in Salzburg, 5 km, pages of 10,
    /// the sandbox's demo user as the sign-in hint.
    public static func settings(
        position: GeoPoint? = GeoPoint(latitude: 47.8, longitude: 13.05),
        radiusKm: Double = 5,
        hint: Bool = true,
        stateDirectory: URL? = nil,
        kiosk: KioskSettings? = nil,
        pageSize: Int = 10
    ) -> AppSettings {
        AppSettings(
            language: .en,
            position: position,
            radiusKm: radiusKm,
            signInHint: hint ? ("demo-user", "demo-user-password") : nil,
            stateDirectory: stateDirectory,
            kiosk: kiosk,
            pageSize: pageSize
        )
    }

    /// A started app; `viewport` (list rows, columns) as the front end would set it, or
    /// nil to leave the app's default.
    public func makeApp(_ settings: AppSettings = AppDriver.settings(), viewport: (rows: Int, columns: Int)? = (8, 80)) -> AppViewModel {
        let app = AppViewModel(services: AppServices(auth: fake, stations: fake, charging: fake), settings: settings, time: clock)
        app.start()
        if let viewport { app.setViewport(rows: viewport.rows, columns: viewport.columns) }
        self.app = app
        return app
    }

    public func type(_ app: AppViewModel, _ text: String) { for c in text { app.handle(.char(c)) } }

    /// Signs in with the password form: with `user`, the name is typed first (no hint);
    /// without, the hint's name is kept and only the password typed.
    public func signIn(_ app: AppViewModel, as user: String? = nil, password: String = "pw") async {
        if let user {
            type(app, user)
            app.handle(.tab)
        }
        type(app, password)
        app.handle(.enter)
        await app.settle()
    }

    /// Moves the clock and waits until every timer it woke (idle watch, live tick) has run
    /// its check and gone back to sleep, so the state reflects the new time even on a loaded
    /// machine, and a check that something did NOT happen is made after the timer ran.
    /// Returns false (callers `#require` it) if no timer was asleep, none was due, or a woken
    /// one did not come back.
    /// `settle: false` where a tracked task is held on purpose (a gated start): settling
    /// would wait for it; the woken timers having slept again already proves they ran.
    public func advance(_ seconds: Double, settle: Bool = true) async -> Bool {
        guard await clock.waitForSleepers(1) else { return false }
        let calls = clock.sleepCalls
        let woken = clock.advance(by: seconds)
        guard woken > 0, await clock.waitForSleepCalls(calls + woken) else { return false }
        if settle { await app?.settle() }
        return true
    }

    /// Moves the clock a second at a time until `condition` holds; throws
    /// `ConditionNotReached` after `limit` seconds of clock time.
    public func advance(until what: String, limit: Int = 60, _ condition: () -> Bool) async throws {
        for _ in 0..<limit {
            if condition() { return }
            clock.advance(by: 1)
            for _ in 0..<10 { await Task.yield() }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        if !condition() { throw ConditionNotReached(what: "\(what) (within \(limit) s of clock time)", timeout: Double(limit)) }
    }
}
