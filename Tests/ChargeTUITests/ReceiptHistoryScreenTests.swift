import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

@testable import ChargeTUI

/// The receipt, the history lists and the invoice with its QR code, drawn at 80×24.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct ReceiptHistoryScreenTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }

    static let link = "https://example.invalid/documents/5f0c6a52-8f4b-4b8e-9a51-0c2f6f4e2d11.pdf"

    func log(_ id: String, daysAgo: Double, connector: String = "s1-c0") -> Chargelog {
        let start = Date(timeIntervalSince1970: 1_795_000_000 - daysAgo * 86400)
        return Chargelog(
            id: id,
            status: .stopped,
            connector: Connector(id: connector, evseId: "AT*HTB*E1", plugType: .type2),
            dateStart: start,
            dateEnd: start.addingTimeInterval(3600),
            energyKwh: 12.5,
            rateName: "be.ENERGISED Basic",
            cost: SessionCost(
                grossAmount: 5.4,
                currency: "EUR",
                taxRate: 20,
                taxAmount: 0.9,
                items: [
                    CostItem(description: "Energy 12.5 kWh × 0.384 EUR", netAmount: 4.0, grossAmount: 4.8, taxAmount: 0.8, taxRate: 20),
                    CostItem(description: "Session fee", netAmount: 0.5, grossAmount: 0.6, taxAmount: 0.1, taxRate: 20),
                ]
            )
        )
    }

    func trimmed(_ line: String) -> String {
        var l = line
        while l.last == " " { l.removeLast() }
        return l
    }

    func historyApp() async throws -> AppViewModel {
        fake.serve(3)
        fake.pastSessions = (0..<3).map { log("h\($0)", daysAgo: Double($0) * 3) }
        fake.accountDocuments = [
            AccountDocument(
                id: "d1",
                kind: .invoice,
                title: "Invoice 20260100",
                documentDate: Date(timeIntervalSince1970: 1_795_000_000),
                downloadLink: Self.link
            )
        ]
        let app = driver.makeApp()
        await driver.signIn(app)
        app.handle(.char("h"))
        await app.settle()
        try await waitUntil("names") { app.state.history.sessions.rows.allSatisfy { $0.place == "Station s1" } }
        return app
    }

    @Test func historyListsWithCursorAndTabs() async throws {
        let app = try await historyApp()
        let s = render(app, 24, 80)
        #expect(s.lines[1].contains(" Sessions (3) ") && s.lines[1].contains(" Invoices (1) "))
        #expect(s.lines[2].contains("Date") && s.lines[2].contains("Place"))
        #expect(s.lines[3].contains("12.50 kWh") && s.lines[3].contains("5.40 EUR") && trimmed(s.lines[3]).hasSuffix("Station s1"))
        #expect(s.text.contains("Enter open") && s.text.contains("Tab switch list"))
        app.handle(.tab)
        let inv = render(app, 24, 80)
        #expect(inv.lines[2].contains("Type") && inv.lines[2].contains("Title"))
        #expect(inv.lines[3].contains("Invoice") && trimmed(inv.lines[3]).hasSuffix("Invoice 20260100"))
    }

    @Test func receiptFromTheHistory() async throws {
        let app = try await historyApp()
        app.handle(.enter)
        let s = render(app, 24, 80)
        #expect(s.lines[1].contains("Receipt"))
        #expect(s.lines[2].contains("Station s1"))
        #expect(s.lines[3].contains("Main St 1, 5020 Salzburg"))
        #expect(s.text.contains("Type 2 · AT*HTB*E1"))
        #expect(s.text.contains("be.ENERGISED Basic"))
        #expect(s.text.contains("01:00:00"))
        #expect(s.text.contains("12.5 kW"), "average")
        let item = try #require(s.lines.first { $0.contains("Session fee") })
        #expect(item.contains("0.50 EUR") && item.contains("20%") && item.contains("0.10 EUR") && trimmed(item).hasSuffix("0.60 EUR"))
        let total = try #require(s.lines.first { $0.contains("Total") })
        #expect(trimmed(total).hasSuffix("5.40 EUR"))
        #expect(trimmed(total).count == trimmed(item).count, "the total ends under the gross column")
        #expect(s.text.contains("incl. 20% tax: 0.90 EUR"))
        #expect(s.lines[23].contains("Esc back"))
        app.handle(.escape)
        #expect(render(app, 24, 80).lines[1].contains(" Sessions (3) "))
    }

    @Test func invoiceWithItsLinkAsTextAndQRCode() async throws {
        let app = try await historyApp()
        app.handle(.tab)
        app.handle(.enter)
        let s = render(app, 24, 80)
        #expect(s.lines[1].contains("Invoice · Invoice 20260100"))
        let code = try #require(QRCode(Self.link))
        let qr = code.lines(ascii: false)
        #expect(qr.count <= 21, "it fits the body of an 80×24 terminal")
        for (i, line) in qr.enumerated() { #expect(s.lines[2 + i].hasPrefix("  " + line), "QR row \(i)") }
        // The link whole, over as many lines as it takes.
        let right = s.lines.map { String($0.dropFirst(2 + code.footprint(ascii: false).columns + 3)) }
        #expect(right.joined().replacingOccurrences(of: " ", with: "").contains(Self.link))
        #expect(s.text.contains("Scan to open the PDF on a phone."))
    }

    @Test func anInvoiceThatCouldNotBeCheckedSaysSoUnderItsLink() async throws {
        let app = try await historyApp()
        fake.documentResult = { _ in .failure(.offline("no network")) }
        app.handle(.tab)
        app.handle(.enter)
        await app.settle()
        let s = render(app, 24, 80)
        let code = try #require(QRCode(Self.link))
        let right = s.lines.map { String($0.dropFirst(2 + code.footprint(ascii: false).columns + 3)) }
        #expect(right.joined().replacingOccurrences(of: " ", with: "").contains(Self.link), "the list's link is still there")
        let first = try #require(s.lines.firstIndex { $0.contains("Not checked with the server") }, "\(s.text)")
        let col = try #require(s.cells[first].firstIndex(of: "N"))
        #expect(s.styles[first][col].role == .error, "it stands out")
        #expect(s.text.contains("Scan to open the PDF on a phone."), "the QR code stays")
    }

    @Test func germanReceiptInASCII() async throws {
        fake.serve(3)
        fake.pastSessions = [log("h0", daysAgo: 0)]
        var settings = AppDriver.settings()
        settings.language = .de
        let app = driver.makeApp(settings)
        await driver.signIn(app)
        app.handle(.char("h"))
        await app.settle()
        try await waitUntil("names") { app.state.history.sessions.rows.first?.place == "Station s1" }
        #expect(render(app, 24, 80).lines[1].contains(" Ladevorgänge (1) "))
        app.handle(.enter)
        let s = render(app, 24, 80, ascii: true)
        #expect(s.lines[1].contains("Beleg"))
        let item = try #require(s.lines.first { $0.contains("Session fee") })
        #expect(item.contains("0,50 EUR") && item.contains("20 %") && trimmed(item).hasSuffix("0,60 EUR"))
        #expect(trimmed(try #require(s.lines.first { $0.contains("Gesamt") })).hasSuffix("5,40 EUR"))
        #expect(s.lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, "nothing but ASCII")
        #expect(trimmed(try #require(s.lines.first { $0.contains("Spitze") })).hasSuffix(" -"), "the missing peak as an ASCII dash")
    }

    @Test func aLinkThatIsNotHttpIsTextOnly() async throws {
        fake.accountDocuments = [AccountDocument(id: "d9", kind: .invoice, title: "Odd", downloadLink: "javascript:alert(1)")]
        let app = driver.makeApp()
        await driver.signIn(app)
        app.handle(.char("h"))
        await app.settle()
        app.handle(.tab)
        app.handle(.enter)
        let s = render(app, 24, 80)
        #expect(s.text.contains("javascript:alert(1)"))
        #expect(!s.text.contains("▀▀▀"), "no QR code")
        #expect(s.text.contains("not an http(s) address"))
    }

    @Test func receiptAfterAStopReplacesTheSummary() async throws {
        fake.serve(3)
        let connector = Connector(id: "s1-c0", evseId: "AT*HTB*E1", plugType: .type2)
        fake.running = [Chargelog(id: "run-1", status: .started, connector: connector, dateStart: driver.clock.now(), energyKwh: 1)]
        let app = driver.makeApp()
        await driver.signIn(app)
        fake.liveContinuation?.yield(
            SessionSnapshot(
                chargelog: fake.running[0],
                observedAt: driver.clock.now(),
                elapsed: 60,
                powerKw: 11.2,
                costSoFar: 1,
                currency: "EUR"
            )
        )
        try await waitUntil("a sample") { app.state.live?.chart.count == 1 }
        var final = log("run-1", daysAgo: 0)
        final.connector = connector
        fake.stopResult = .success(StopResult(chargelog: final, wasAlreadyStopped: false))
        fake.running = []
        app.handle(.char("s"))
        app.handle(.char("y"))
        await app.settle()
        let s = render(app, 24, 80)
        #expect(s.lines[1].contains("Receipt"))
        #expect(s.text.contains("Peak") && s.text.contains("11.2 kW"))
        #expect(trimmed(try #require(s.lines.first { $0.contains("Total") })).hasSuffix("5.40 EUR"))
        #expect(s.lines[23].contains("h history"))
    }
}
