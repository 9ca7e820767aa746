import Foundation
import Testing

@testable import ChargeCore

/// A session's cost as the receipt needs it: every figure the server gave, nothing made up
/// where it gave none; document links offered as QR codes only when they are http(s).
@Suite(.timeLimit(.minutes(1))) struct ReceiptDecodingTests {
    func chargelogs(_ body: String) throws -> [Chargelog] {
        let out = try GraphQLChannel.decode(HTTPAnswer(status: 200, body: Data(body.utf8)), as: Wire.ChargelogsW.self)
        return try (out.chargelogsPaged?.data ?? []).compactMap { try $0?.model() }
    }

    @Test func costItemsAndTaxAreDecoded() throws {
        let logs = try chargelogs(
            #"""
            {"data":{"chargelogsPaged":{"pagination":{"totalCount":1},"data":[{"id":"l1","status":"stopped",
            "energyConsumption":12.5,"rateName":"Basic\u001b[31m",
            "cost":{"total":5.4,"grossAmount":5.4,"grossAmountLocalCurrency":5.4,"currency":"EUR","tax":20,"taxAmount":0.9,
              "costItems":[
                {"description":"Energy","netAmount":4.0,"grossAmount":4.8,"taxAmount":0.8,"taxRate":20},
                {"description":"Session\nfee","netAmount":0.5,"grossAmount":0.6,"taxAmount":0.1,"taxRate":20},
                null
              ]}}]}}}
            """#
        )
        let cost = try #require(logs.first?.cost)
        #expect(cost.payable == 5.4)
        #expect(cost.taxRate == 20)
        #expect(cost.taxAmount == 0.9)
        #expect(cost.items.count == 2, "a null item is skipped")
        #expect(cost.items.map(\.description) == ["Energy", "Session fee"], "server text is display-safe")
        #expect(cost.items[1].grossAmount == 0.6)
        #expect(logs.first?.rateName?.contains("\u{1B}") == false)
        #expect(logs.first?.reportedEnergyKwh == 12.5)
    }

    @Test func missingFiguresStayMissing() throws {
        let logs = try chargelogs(
            #"""
            {"data":{"chargelogsPaged":{"data":[{"id":"l2","status":"stopped",
            "cost":{"currency":"EUR","costItems":[{"description":"Energy"}]}}]}}}
            """#
        )
        let log = try #require(logs.first)
        #expect(log.reportedEnergyKwh == nil, "no energy figure: nil, not 0")
        #expect(log.energyKwh == 0, "the live panel's counter starts at 0")
        let cost = try #require(log.cost)
        #expect(cost.total == nil && cost.grossAmount == nil && cost.payable == nil)
        #expect(cost.taxRate == nil && cost.taxAmount == nil)
        let item = try #require(cost.items.first)
        #expect(item.netAmount == nil && item.grossAmount == nil && item.taxAmount == nil && item.taxRate == nil)
    }

    @Test func absurdFiguresCountAsNotGiven() {
        #expect(Wire.figure(1e15) == nil)
        #expect(Wire.figure(-1e13) == nil)
        #expect(Wire.figure(-2.5) == -2.5, "a credit is a real figure")
        #expect(Wire.figure(nil) == nil)
    }

    @Test func onlyHttpLinksAreOpenable() {
        #expect(AccountDocument.openable("https://example.invalid/documents/a.pdf") == "https://example.invalid/documents/a.pdf")
        #expect(AccountDocument.openable("HTTP://example.invalid/x.pdf") != nil)
        for bad in [
            "javascript:alert(1)", "file:///etc/passwd", "tel:+43123", "https://", "//example.invalid/x", "https://exa mple.invalid/",
            "https://еxample.invalid/x.pdf", "https://user:pw@example.invalid/x", "", "https://example.invalid/\u{FFFD}",
            "https://example.invalid/" + String(repeating: "a", count: 600),
        ] {
            #expect(AccountDocument.openable(bad) == nil, "\(bad)")
        }
        #expect(AccountDocument.openable(nil) == nil)
    }

    @Test func pagesSayWhereTheNextStarts() {
        #expect(Page(items: [1, 2], totalCount: 5, offset: 0, limit: 2).nextOffset == 2)
        #expect(Page(items: [5], totalCount: 5, offset: 4, limit: 2).nextOffset == nil)
        #expect(Page<Int>(items: [], totalCount: 9, offset: 4, limit: 2).nextOffset == nil, "an empty page ends paging")
    }
}
