import ChargeCore
import ChargeViewModels
import Foundation
import Testing

/// Starting a charge as a value: every phase reached by calling its transitions; no
/// services, no clock.
@Suite(.timeLimit(.minutes(1))) struct StartChargingTests {
    let t = Strings(.en)
    let sepa = ContractPaymentMethod(uuid: "m-sepa", kind: .sepa)
    let postpaid = ContractPaymentMethod(uuid: "m-post", kind: .postpaid)
    let rate = ContractRateOption(uuid: "r", name: "Basic")

    func marks(_ s: StartCharging) -> [StartStep.Phase] { s.steps.map(\.phase) }

    @Test func aStartWalksItsFourStepsInOrder() {
        var s = StartCharging()
        #expect(s.isIdle && !s.isBusy)
        s.checkCards()
        #expect(s.isStarting && s.isBusy && s.steps.isEmpty)
        s.begin(t)
        #expect(marks(s) == [.active, .pending, .pending, .pending])
        #expect(s.steps.map(\.label) == [t.stepRequested, t.stepSending, t.stepWaiting, t.stepStarted])
        #expect(s.progress(.attempt(.sending), t) == StatusLine(loading: true, message: t.stepSending))
        #expect(marks(s) == [.done, .active, .pending, .pending])
        #expect(s.progress(.attempt(.waitingForStartTransaction), t)?.message == t.stepWaiting)
        #expect(marks(s) == [.done, .done, .active, .pending])
        #expect(s.progress(.started(chargelogId: "log"), t) == StatusLine(loading: false, message: t.stepStarted))
        #expect(marks(s) == [.done, .done, .done, .done])
        s.started()
        #expect(s.isIdle)
    }

    @Test func aFailedAttemptReportMovesNothing() {
        var s = StartCharging()
        s.begin(t)
        _ = s.progress(.attempt(.sending), t)
        #expect(s.progress(.attempt(.failed), t) == nil)
        #expect(marks(s) == [.done, .active, .pending, .pending])
    }

    @Test func aLostAnswerBeingReadBackSaysSoAndMovesNoStep() {
        var s = StartCharging()
        s.begin(t)
        #expect(s.progress(.reconciling(seconds: 30), t) == StatusLine(loading: true, message: t.reconcilingStart(30)))
        #expect(marks(s) == [.active, .pending, .pending, .pending])
        #expect(s.progress(.started(chargelogId: "log"), t)?.message == t.stepStarted)
    }

    @Test func progressOutsideAStartIsIgnored() {
        var s = StartCharging()
        #expect(s.progress(.attempt(.sending), t) == nil)
        #expect(s.isIdle)
    }

    @Test func aFailureMarksTheStepUnderWayAndKeepsTheRest() {
        var s = StartCharging()
        s.begin(t)
        _ = s.progress(.attempt(.waitingForStartTransaction), t)
        s.fail("The station did not answer.")
        #expect(s.phase == .failed("The station did not answer.", steps: s.steps))
        #expect(marks(s) == [.done, .done, .failed, .pending])
        #expect(!s.isBusy)
    }

    @Test func noCardOffersAContractAndTheFormCanBeLeft() {
        var s = StartCharging()
        s.checkCards()
        s.noCard()
        #expect(s.isNoContract && !s.isBusy)
        s.loadContractOptions()
        #expect(s.isBusy && s.contract == nil)
        s.openContractForm(rates: [rate], methods: [postpaid])
        #expect(s.isContractFormOpen && !s.isBusy)
        #expect(s.contractKey(.escape, t) == .cancelled)
        #expect(s.isNoContract && s.contract == nil)
    }

    @Test func aPostpaidContractIsSentAsIs() {
        var s = StartCharging()
        s.openContractForm(rates: [rate], methods: [postpaid])
        guard case .submit(let form) = s.contractKey(.enter, t) else {
            Issue.record("the form should be sent")
            return
        }
        #expect(form.methodOption == postpaid && form.rateOption == rate)
        #expect(s.isBusy && s.contract == form)
        s.contractCreated(t)
        #expect(s.isIdle && s.notice == t.contractCreated)
    }

    @Test func sepaNeedsAValidIbanAndAHolderBeforeAnythingIsSent() {
        var s = StartCharging()
        s.openContractForm(rates: [rate], methods: [sepa])
        #expect(s.contract?.fields == [.rate, .method, .iban, .holder])
        #expect(s.contractKey(.enter, t) == .edited)
        #expect(s.contract?.error == t.ibanInvalid && s.contract?.focus == .iban)
        for c in "DE89370400440532013000" { _ = s.contractKey(.char(c), t) }
        #expect(s.contract?.error == nil, "typing clears the message")
        #expect(s.contractKey(.enter, t) == .edited)
        #expect(s.contract?.error == t.holderMissing && s.contract?.focus == .holder)
        for c in "Ada" { _ = s.contractKey(.char(c), t) }
        guard case .submit(let form) = s.contractKey(.enter, t) else {
            Issue.record("the form should be sent")
            return
        }
        #expect(form.iban.text == "DE89370400440532013000" && form.holder.text == "Ada")
        s.contractFailed("IBAN refused by the bank.")
        #expect(s.isContractFormOpen && s.contract?.error == "IBAN refused by the bank.")
    }

    @Test func theFormsChoicesTurnAndTheFocusWraps() {
        var s = StartCharging()
        s.openContractForm(rates: [rate, ContractRateOption(uuid: "r2", name: "Plus")], methods: [postpaid, sepa])
        _ = s.contractKey(.right, t)
        #expect(s.contract?.rate == 1)
        _ = s.contractKey(.right, t)
        #expect(s.contract?.rate == 0, "choices wrap")
        _ = s.contractKey(.tab, t)
        _ = s.contractKey(.left, t)
        #expect(s.contract?.methodOption == sepa && s.contract?.needsBankAccount == true)
        _ = s.contractKey(.backTab, t)
        _ = s.contractKey(.backTab, t)
        #expect(s.contract?.focus == .holder, "Shift-Tab from the rate goes to the last field")
        #expect(s.contractKey(.char("x"), t) == .edited)
        #expect(s.contract?.holder.text == "x")
    }
}
