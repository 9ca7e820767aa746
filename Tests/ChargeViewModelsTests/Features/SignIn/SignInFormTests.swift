import ChargeCore
import ChargeViewModels
import Foundation
import Testing

/// The sign-in form as a value: keys, the checks before sending, and the answers.
@Suite(.timeLimit(.minutes(1))) struct SignInFormTests {
    let t = Strings(.en)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func type(_ form: inout SignInForm, _ text: String) { for c in text { #expect(form.handle(.char(c)) == .none) } }

    @Test func typingGoesToTheFocusedFieldAndEnterMovesOnThenSubmits() {
        var form = SignInForm()
        type(&form, "ada")
        #expect(form.username.text == "ada")
        #expect(form.handle(.enter) == .none)
        #expect(form.focus == .password, "Enter on the name with no password moves on")
        type(&form, "pw")
        #expect(form.password.text == "pw")
        #expect(form.handle(.enter) == .submit)
        #expect(form.handle(.tab) == .none)
        #expect(form.focus == .username)
        #expect(form.handle(.escape) == .quit)
    }

    @Test func theChecksBeforeAnythingIsSent() {
        var form = SignInForm()
        #expect(form.submit(now: now, strings: t) == nil)
        #expect(form.message == t.missingUsername && form.focus == .username)
        type(&form, "  ada ")
        #expect(form.submit(now: now, strings: t) == nil)
        #expect(form.message == t.missingPassword && form.focus == .password)
        type(&form, "secret")
        form.canUsePassword = false
        #expect(form.submit(now: now, strings: t) == nil)
        #expect(form.message == t.passwordNotConfigured)
        form.canUsePassword = true
        let sent = form.submit(now: now, strings: t)
        #expect(sent?.username == "ada", "trimmed")
        #expect(form.busy && form.message == nil)
        #expect(form.handle(.char("x")) == .none)
        #expect(form.password.text == "secret", "keys wait while the password is being checked")
    }

    @Test func throttlingWaitsAndAWrongPasswordIsForgotten() {
        var form = SignInForm()
        type(&form, "ada")
        form.focus = .password
        type(&form, "pw")
        _ = form.submit(now: now, strings: t)
        form.failed(.rateLimited(retryAfter: 30), now: now, strings: t)
        #expect(!form.busy && form.retryAt == now.addingTimeInterval(30))
        #expect(form.submit(now: now.addingTimeInterval(10), strings: t) == nil)
        #expect(form.message == t.waitBeforeRetry(20))
        #expect(form.submit(now: now.addingTimeInterval(31), strings: t) != nil)
        form.failed(.unauthenticated("Wrong username or password."), now: now, strings: t)
        #expect(form.message == "Wrong username or password.")
        #expect(form.password.text.isEmpty && form.focus == .password)
        form.signedIn()
        #expect(form.retryAt == nil && form.message == nil && !form.busy)
        form.signedOut(why: "Signed out: your session ended")
        #expect(form.message == "Signed out: your session ended" && form.username.text == "ada")
    }

    @Test func deviceModeTakesOnlyItsKeys() {
        var form = SignInForm()
        form.canUseDevice = true
        form.mode = .device
        #expect(form.escapeSwitchesMode)
        #expect(form.handle(.escape) == .switchMode)
        #expect(form.handle(.char("a")) == .none && form.username.text.isEmpty)
        #expect(form.handle(.enter) == .newCode, "no code shown: Enter asks for one")
        form.device = SignInForm.DeviceCode(userCode: "ABCD", url: "https://x", urlComplete: nil, expiresText: "", statusText: "")
        #expect(form.handle(.enter) == .none, "a code on screen: Enter does nothing")
        #expect(form.hints(t).map(\.key) == ["F2", "Esc"])
        form.message = "expired"
        #expect(form.handle(.enter) == .newCode)
        #expect(form.handle(.function(2)) == .switchMode)
        form.canUsePassword = false
        #expect(form.handle(.escape) == .quit)
    }
}
