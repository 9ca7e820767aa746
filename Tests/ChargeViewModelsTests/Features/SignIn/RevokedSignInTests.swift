import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// A sign-in ended by the server (a reused refresh token ends the whole family) comes back
/// to the sign-in form with the server's reason, so the person knows to sign in again.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct RevokedSignInTests {
    @Test func theServersReasonIsShown() async throws {
        let driver = AppDriver()
        driver.fake.serve(3)
        let app = driver.makeApp(AppDriver.settings(hint: false), viewport: nil)
        await driver.signIn(app, as: "alice", password: "secret-pw")
        #expect(app.state.route != .signIn)
        driver.fake.emit(.signedOut(.sessionExpired("This sign-in was ended because its refresh token was used twice. Sign in again.")))
        try await waitUntil("the sign-in form") { app.state.route == .signIn }
        #expect(
            app.state.signIn.message
                == "Signed out: your session ended (This sign-in was ended because its refresh token was used twice. Sign in again.)"
        )
        #expect(app.state.signIn.password.text.isEmpty)
    }
}
