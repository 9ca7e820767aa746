import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// An invoice opens at once as the list had it and is read again (`accountDocument(id)`):
/// a re-issued link replaces the list's, a withdrawn document loses its link, and a failed
/// read leaves the list's link up and says so. An answer for an invoice no longer open is
/// dropped.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct InvoiceRefreshTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }

    static let listed = [
        AccountDocument(id: "d1", kind: .invoice, title: "Invoice 1", downloadLink: "https://example.invalid/old/d1.pdf"),
        AccountDocument(id: "d2", kind: .invoice, title: "Invoice 2", downloadLink: "https://example.invalid/old/d2.pdf"),
    ]

    /// The history's invoices open, the first one selected.
    func invoices() async -> AppViewModel {
        fake.serve(3)
        fake.accountDocuments = Self.listed
        let app = driver.makeApp()
        await driver.signIn(app)
        app.handle(.char("h"))
        await app.settle()
        app.handle(.tab)
        return app
    }

    func opened(_ app: AppViewModel) -> InvoiceDetail? {
        if case .invoice(let d) = app.state.history.opened { return d }
        return nil
    }

    @Test func aReissuedLinkReplacesTheListsOne() async {
        let app = await invoices()
        fake.documentResult = { id in
            .success(AccountDocument(id: id, kind: .invoice, title: "Invoice 1", downloadLink: "https://example.invalid/new/\(id).pdf"))
        }
        app.handle(.enter)
        #expect(opened(app)?.link == "https://example.invalid/old/d1.pdf", "shown at once, as listed")
        await app.settle()
        #expect(fake.documentReads == ["d1"])
        #expect(opened(app)?.link == "https://example.invalid/new/d1.pdf")
        #expect(opened(app)?.qrLink == "https://example.invalid/new/d1.pdf", "the QR code follows the fresh link")
        #expect(opened(app)?.checkNote == nil)
    }

    @Test func aFailedReadKeepsTheListsLinkAndSaysSo() async {
        let app = await invoices()
        fake.documentResult = { _ in .failure(.offline("no network")) }
        app.handle(.enter)
        await app.settle()
        #expect(opened(app)?.link == "https://example.invalid/old/d1.pdf")
        #expect(opened(app)?.qrLink == "https://example.invalid/old/d1.pdf")
        let note = opened(app)?.checkNote ?? ""
        #expect(note.hasPrefix("Not checked with the server just now; this link is the list's. ") && note.count > 64, "\(note)")
    }

    @Test func aWithdrawnDocumentLosesItsLink() async {
        let app = await invoices()
        fake.documentResult = { _ in .failure(.notFound("The document")) }
        app.handle(.enter)
        await app.settle()
        #expect(opened(app)?.link == nil && opened(app)?.qrLink == nil)
        #expect(opened(app)?.note == "The server no longer has this document.")
    }

    @Test func anAnswerForAnInvoiceNoLongerOpenIsDropped() async throws {
        let app = await invoices()
        fake.documentResult = { id in
            .success(AccountDocument(id: id, kind: .invoice, title: "Fresh \(id)", downloadLink: "https://example.invalid/new/\(id).pdf"))
        }
        let (slow, release) = AsyncStream<Void>.makeStream()
        fake.documentGates["d1"] = slow
        app.handle(.enter)  // d1, its read held back
        app.handle(.escape)
        app.handle(.down)
        app.handle(.enter)  // d2
        try await waitUntil("d2 read again") { opened(app)?.title == "Fresh d2" }
        release.yield()  // d1's answer arrives now, with d2 open
        await app.settle()
        #expect(fake.documentReads.sorted() == ["d1", "d2"])
        #expect(opened(app)?.id == "d2" && opened(app)?.title == "Fresh d2", "d1's late answer did not land on d2")
    }
}
