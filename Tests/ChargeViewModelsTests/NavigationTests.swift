import ChargeViewModels
import Testing

/// Navigation as a value: its transitions on their own.
@Suite(.timeLimit(.minutes(1))) struct NavigationTests {
    @Test func signOutRemembersWhereTheUserWas() {
        var n = Navigation()
        #expect(n.route == .signIn)
        n.signedIn()
        #expect(n.route == .stations)
        n.go(.live)
        n.signedOut()
        #expect(n.route == .signIn && n.returnTo == .live)
        n.signedIn()
        #expect(n.route == .live && n.returnTo == nil)
    }

    @Test func backGoesUpOneLevel() {
        var n = Navigation()
        n.signedIn()
        n.go(.detail)
        let wentBack = n.back()
        #expect(wentBack && n.route == .stations)
        let again = n.back()
        #expect(!again)
        n.go(.live)
        let fromLive = n.back()
        #expect(!fromLive, "the live panel is left with Esc only through its own handler")
    }
}
