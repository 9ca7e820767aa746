import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// The history and the receipt through the view model: paging through every page as the
/// cursor nears the end, the two lists, Enter and Esc, station names, the receipt after a
/// stop.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct HistoryFlowTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }
    var clock: ManualTimeSource { driver.clock }

    /// `count` finished sessions, newest first, on connectors of the served stations s0–s2.
    func sessions(_ count: Int) -> [Chargelog] {
        (0..<count).map { i in
            let start = Date(timeIntervalSince1970: 1_795_000_000 - Double(i) * 86400)
            return Chargelog(
                id: "h\(i)",
                status: .stopped,
                connector: Connector(id: "s\(i % 3)-c0", evseId: "AT*HTB*E\(i % 3)"),
                dateStart: start,
                dateEnd: start.addingTimeInterval(1800),
                energyKwh: 5,
                rateName: "Basic",
                cost: SessionCost(
                    grossAmount: 2.4,
                    currency: "EUR",
                    items: [
                        CostItem(description: "Energy", netAmount: 1.5, grossAmount: 1.8, taxAmount: 0.3, taxRate: 20),
                        CostItem(description: "Fee", netAmount: 0.5, grossAmount: 0.6, taxAmount: 0.1, taxRate: 20),
                    ]
                )
            )
        }
    }

    func makeApp() async -> AppViewModel {
        fake.serve(3)
        let app = driver.makeApp()
        await driver.signIn(app)
        return app
    }

    func openHistory(_ app: AppViewModel) async {
        app.handle(.char("h"))
        await app.settle()
        #expect(app.state.route == .history)
    }

    @Test func pagesThroughEveryPageAsTheCursorNearsTheEnd() async {
        fake.pastSessions = sessions(120)
        let app = await makeApp()
        await openHistory(app)
        let h = app.state.history
        #expect(h.sessions.rows.count == 50, "one page first")
        #expect(h.sessions.totalCount == 120)
        #expect(fake.historyRequests.map(\.0) == [0])
        #expect(h.sessions.rows.first?.id == "h0", "newest first")
        // Down to within a screenful (8 rows) of the end of what is read: the next page.
        for _ in 0..<41 { app.handle(.down) }
        await app.settle()
        #expect(fake.historyRequests.count == 1, "9 rows from the end: not yet")
        app.handle(.down)
        await app.settle()
        #expect(app.state.history.sessions.selected == 42)
        #expect(app.state.history.sessions.rows.count == 100)
        #expect(fake.historyRequests.map(\.0) == [0, 50])
        // End: every remaining page, then the last row.
        app.handle(.end)
        await app.settle()
        #expect(app.state.history.sessions.rows.count == 120)
        #expect(app.state.history.sessions.isComplete)
        #expect(app.state.history.sessions.selected == 119)
        #expect(app.state.history.sessions.selectedRow?.id == "h119")
        #expect(fake.historyRequests.map(\.0) == [0, 50, 100], "each page once")
        app.handle(.down)
        await app.settle()
        #expect(app.state.history.sessions.selected == 119, "the cursor stops at the last row")
        #expect(fake.historyRequests.count == 3, "nothing more to read")
        app.handle(.home)
        #expect(app.state.history.sessions.selected == 0)
    }

    @Test func invoicesPageToo() async {
        fake.accountDocuments = (0..<60).map { AccountDocument(id: "d\($0)", kind: .invoice, title: "Invoice \($0)") }
        let app = await makeApp()
        await openHistory(app)
        #expect(app.state.history.invoices.rows.count == 50)
        app.handle(.tab)
        app.handle(.end)
        await app.settle()
        #expect(app.state.history.invoices.rows.count == 60)
        #expect(app.state.history.invoices.selectedRow?.id == "d59")
        #expect(fake.documentRequests.map(\.0) == [0, 50])
        #expect(app.state.history.sessions.selected == 0, "the other list is untouched")
    }

    @Test func rowsShowStationNamesOnceFound() async throws {
        fake.pastSessions = sessions(4)
        let app = await makeApp()
        await openHistory(app)
        try await waitUntil("names") { app.state.history.sessions.rows.allSatisfy { $0.place.hasPrefix("Station s") } }
        #expect(app.state.history.sessions.rows.map(\.place) == ["Station s0", "Station s1", "Station s2", "Station s0"])
        #expect(Set(app.state.history.places.keys) == ["s0-c0", "s1-c0", "s2-c0"], "kept for the receipts")
    }

    @Test func aStationNotFoundKeepsTheEvseId() async throws {
        var logs = sessions(1)
        logs[0].connector = Connector(id: "elsewhere", evseId: "DE*XYZ*E9")
        fake.pastSessions = logs
        let app = await makeApp()
        await openHistory(app)
        try await waitUntil("looked for") { app.state.history.unresolved.contains("elsewhere") }
        #expect(app.state.history.sessions.rows.first?.place == "DE*XYZ*E9")
    }

    @Test func enterOpensTheReceiptAndEscReturnsWithTheCursorKept() async throws {
        fake.pastSessions = sessions(5)
        let app = await makeApp()
        await openHistory(app)
        try await waitUntil("names") { app.state.history.places.count == 3 }
        app.handle(.down)
        app.handle(.down)
        app.handle(.enter)
        guard case .receipt(let r) = app.state.history.opened else {
            Issue.record("no receipt: \(String(describing: app.state.history.opened))")
            return
        }
        #expect(r.chargelogId == "h2")
        #expect(r.title == "Station s2")
        #expect(r.items.count == 2)
        #expect(r.total == "2.40 EUR")
        #expect(r.facts.first { $0.label == "Peak" }?.value == "—", "the history has no samples")
        #expect(r.notes.isEmpty)
        app.handle(.escape)
        #expect(app.state.history.opened == nil)
        #expect(app.state.route == .history)
        #expect(app.state.history.sessions.selected == 2, "the cursor is where it was")
        app.handle(.escape)
        #expect(app.state.route == .stations)
    }

    @Test func invoicesAreTheirOwnListAndOpenWithTheirLink() async {
        fake.pastSessions = sessions(2)
        fake.accountDocuments = [
            AccountDocument(id: "d1", kind: .invoice, title: "Invoice 1", downloadLink: "https://example.invalid/d1.pdf"),
            AccountDocument(id: "d2", kind: .creditnote, title: "Credit", downloadLink: "javascript:alert(1)"),
            AccountDocument(id: "d3", kind: .invoice, title: nil, downloadLink: nil),
        ]
        let app = await makeApp()
        await openHistory(app)
        #expect(app.state.history.invoices.totalCount == 3)
        app.handle(.tab)
        #expect(app.state.history.tab == .invoices)
        app.handle(.enter)
        guard case .invoice(let d1) = app.state.history.opened else {
            Issue.record("no invoice")
            return
        }
        #expect(d1.title == "Invoice 1" && d1.kind == "Invoice")
        #expect(d1.link == "https://example.invalid/d1.pdf")
        #expect(d1.qrLink == "https://example.invalid/d1.pdf")
        app.handle(.escape)
        app.handle(.down)
        app.handle(.enter)
        guard case .invoice(let d2) = app.state.history.opened else { return }
        #expect(d2.link == "javascript:alert(1)", "shown as text")
        #expect(d2.qrLink == nil, "never as a code to scan")
        #expect(d2.note == "This link is not an http(s) address: no QR code is shown for it.")
        app.handle(.escape)
        app.handle(.down)
        app.handle(.enter)
        guard case .invoice(let d3) = app.state.history.opened else { return }
        #expect(d3.title == "d3" && d3.link == nil && d3.note == "The server gave no download link.")
        app.handle(.escape)
        #expect(app.state.history.invoices.selected == 2)
        app.handle(.left)
        #expect(app.state.history.tab == .sessions)
        #expect(app.state.history.sessions.selected == 0, "each list keeps its own cursor")
    }

    @Test func reopeningTheHistoryReadsItAgainAndKeepsTheNames() async throws {
        fake.pastSessions = sessions(3)
        let app = await makeApp()
        await openHistory(app)
        try await waitUntil("names") { app.state.history.places.count == 3 }
        app.handle(.escape)
        fake.pastSessions = sessions(4)
        await openHistory(app)
        #expect(app.state.history.sessions.rows.count == 4)
        #expect(app.state.history.sessions.rows.allSatisfy { $0.place.hasPrefix("Station s") }, "names at once from the cache")
    }

    @Test func signingInAgainReadsTheHistoryAgain() async throws {
        fake.pastSessions = sessions(3)
        let app = await makeApp()
        await openHistory(app)
        fake.emit(.signedOut(.accessTokenExpired))
        try await waitUntil("sign-in") { app.state.route == .signIn }
        fake.pastSessions = sessions(1)
        await driver.signIn(app)
        #expect(app.state.route == .history)
        #expect(app.state.history.sessions.rows.map(\.id) == ["h0"], "not the rows read before the sign-out")
    }

    /// A running session is on the panel; the stop's read-back carries the cost items.
    @Test func theReceiptReplacesTheSummaryAfterAStop() async throws {
        let connector = Connector(id: "s1-c0", evseId: "AT*HTB*E1")
        let start = clock.now()
        fake.running = [Chargelog(id: "run-1", status: .started, connector: connector, dateStart: start, energyKwh: 1)]
        let app = await makeApp()
        #expect(app.state.route == .live)
        for kw in [7.0, 10.9, 9.5] {
            fake.liveContinuation?.yield(
                SessionSnapshot(
                    chargelog: Chargelog(id: "run-1", status: .started, connector: connector, dateStart: start, energyKwh: 2),
                    observedAt: start,
                    elapsed: 60,
                    powerKw: kw,
                    costSoFar: 1,
                    currency: "EUR"
                )
            )
        }
        try await waitUntil("samples") { app.state.live?.chart.count == 3 }
        var final = sessions(1)[0]
        final.id = "run-1"
        final.connector = connector
        fake.stopResult = .success(StopResult(chargelog: final, wasAlreadyStopped: false))
        app.handle(.char("s"))
        app.handle(.char("y"))
        await app.settle()
        #expect(app.state.route == .summary)
        let r = try #require(app.state.summary?.receipt)
        #expect(r.chargelogId == "run-1")
        #expect(r.title == "Station s1")
        #expect(r.facts.first { $0.label == "Peak" }?.value == "10.9 kW", "the highest sample seen")
        #expect(r.facts.first { $0.label == "Energy" }?.value == "5.00 kWh", "the server's final figure")
        #expect(r.items.map(\.gross) == ["1.80 EUR", "0.60 EUR"])
        #expect(r.total == "2.40 EUR")
        #expect(fake.chargelogReads.isEmpty, "the stop's read-back is the record: no second read")
        app.handle(.char("h"))
        await app.settle()
        #expect(app.state.route == .history)
    }

    /// The session ended without this app stopping it: the record is read once more.
    @Test func aSessionEndedElsewhereReadsItsRecordForTheReceipt() async throws {
        let connector = Connector(id: "s0-c0", evseId: "AT*HTB*E0")
        fake.running = [Chargelog(id: "run-2", status: .started, connector: connector, dateStart: clock.now(), energyKwh: 1)]
        var final = sessions(1)[0]
        final.id = "run-2"
        final.connector = connector
        fake.pastSessions = [final]
        let app = await makeApp()
        fake.running = []
        fake.liveContinuation?.yield(
            SessionSnapshot(chargelog: final, observedAt: clock.now(), elapsed: 1800, powerKw: nil, costSoFar: 2.4, currency: "EUR")
        )
        fake.liveContinuation?.finish()
        try await waitUntil("receipt") { app.state.summary?.receipt != nil }
        #expect(fake.chargelogReads == ["run-2"])
        #expect(app.state.summary?.receipt?.total == "2.40 EUR")
        #expect(app.state.summary?.receipt?.facts.first { $0.label == "Peak" }?.value == "—", "no power sample was seen")
    }

    @Test func aReceiptThatCannotBeReadSaysWhyAndKeepsTheSummary() async throws {
        let connector = Connector(id: "s0-c0")
        fake.running = [Chargelog(id: "run-3", status: .started, connector: connector, dateStart: clock.now(), energyKwh: 1)]
        fake.chargelogError = .notFound("The charging session")
        let app = await makeApp()
        fake.liveContinuation?.finish()
        try await waitUntil("note") { app.state.summary?.note?.hasPrefix("No receipt:") == true }
        #expect(app.state.summary?.receipt == nil)
        #expect(app.state.route == .summary)
    }
}

/// One list's paging and cursor as a value.
@Suite(.timeLimit(.minutes(1))) struct PagedRowsTests {
    struct Row: Sendable, Equatable, Identifiable { var id: Int }

    @Test func pagesAppendWithoutDuplicatesAndSayWhenMoreIsWanted() {
        var list = PagedRows<Row>()
        #expect(list.wantsMore(lookahead: 5), "nothing read yet")
        list.received((0..<10).map(Row.init), totalCount: 25, nextOffset: 10)
        #expect(!list.wantsMore(lookahead: 5), "the cursor is far from the end")
        list.move(by: 5)
        #expect(list.wantsMore(lookahead: 5))
        list.loadingMore = true
        #expect(!list.wantsMore(lookahead: 5), "one page at a time")
        // A session began meanwhile: the server's pages shifted by one.
        list.received((9..<20).map(Row.init), totalCount: 26, nextOffset: 20)
        #expect(list.rows.map(\.id) == Array(0..<20))
        list.received((20..<26).map(Row.init), totalCount: 26, nextOffset: nil)
        #expect(list.isComplete && !list.wantsMore(lookahead: 100))
        list.move(by: 1000)
        #expect(list.selected == 25)
        list.move(by: -1000)
        #expect(list.selected == 0)
    }

    @Test func followingTheEndLandsOnTheLastRow() {
        var list = PagedRows<Row>()
        list.received((0..<10).map(Row.init), totalCount: 20, nextOffset: 10)
        list.followEnd = true
        list.received((10..<20).map(Row.init), totalCount: 20, nextOffset: nil)
        #expect(list.selected == 19 && !list.followEnd)
    }
}
