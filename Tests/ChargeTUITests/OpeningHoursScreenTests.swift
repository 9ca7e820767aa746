import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

@testable import ChargeTUI

/// Opening hours on screen at 80×24: the detail's open/closed line beside the hours as
/// sent, and the list's closed mark, which keeps every column in place (UTF-8 and ASCII).
@MainActor
@Suite(.timeLimit(.minutes(1))) struct OpeningHoursScreenTests {
    typealias F = OpeningHoursFixtures

    func app(at date: Date, language: Language = .en, stations: [Station] = F.mixed) async -> AppViewModel {
        let driver = AppDriver(clock: ManualTimeSource(start: date))
        F.serve(stations, on: driver.fake)
        var settings = AppDriver.settings()
        settings.language = language
        let a = driver.makeApp(settings, viewport: (18, 80))
        await driver.signIn(a)
        return a
    }

    func open(_ a: AppViewModel, row: Int) async {
        for _ in 0..<row { a.handle(.down) }
        a.handle(.enter)
        await a.settle()
    }

    @Test func theDetailLineWhenClosed() async throws {
        let a = await app(at: F.vienna(26, 22, 55))
        await open(a, row: 0)
        let s = render(a, 24, 80)
        let line = try #require(s.lines.firstIndex(where: { $0.contains("Closed · opens Fri 07:00") }), "\(s.text)")
        #expect(s.lines[line].contains("Closed · opens Fri 07:00 · Hours: Monday–Saturday 07:00–21:00"), "\(s.lines[line])")
        let col = s.cells[line].firstIndex(of: "C") ?? 0
        #expect(s.styles[line][col].role == .busy && s.styles[line][col].bold, "the status stands out")
        #expect(s.styles[line][col + 30].role == .muted, "the hours as sent are muted")
        let ascii = render(a, 24, 80, ascii: true)
        #expect(ascii.text.contains("Closed - opens Fri 07:00 - Hours: Monday-Saturday 07:00-21:00"), "\(ascii.text)")
    }

    @Test func theDetailLineWhenOpenOr247OrUnknown() async {
        let a = await app(at: F.vienna(26, 10))
        await open(a, row: 0)
        #expect(render(a, 24, 80).text.contains("Open now · closes 21:00 · Hours: Monday–Saturday"))
        let b = await app(at: F.vienna(26, 10))
        await open(b, row: 1)
        let always = render(b, 24, 80).text
        #expect(always.contains("Open 24/7") && !always.contains("Hours:"), "24/7 says it once")
        let c = await app(at: F.vienna(26, 10))
        await open(c, row: 2)
        let garbled = render(c, 24, 80).text
        #expect(garbled.contains("Hours: Funday 7–late"), "unreadable hours: shown as sent")
        #expect(!garbled.contains("Open now") && !garbled.contains("Closed"), "and neither open nor closed is claimed")
        let d = await app(at: F.vienna(28, 22, 55), language: .de)
        await open(d, row: 0)
        #expect(render(d, 24, 80).text.contains("Geschlossen · öffnet Mo 07:00 · Öffnungszeiten: Montag–Samstag 07:00–21:00"))
    }

    /// Rows of the list, from the heading down, at 80 columns.
    func rows(_ s: MemorySurface) -> [String] { Array(s.lines[4..<8]) }

    @Test func theListMarksClosedStationsWithoutMovingAColumn() async {
        let a = await app(at: F.vienna(26, 22, 55))
        for ascii in [false, true] {
            let s = render(a, 24, 80, ascii: ascii)
            let r = rows(s)
            let mark = ascii ? "x Station shop" : "⊘ Station shop"
            #expect(r[0].contains(mark), "\(s.text)")
            #expect(!r[1].contains(ascii ? "x Station" : "⊘") && !r[2].contains(ascii ? "x Station" : "⊘"), "only the closed one")
            #expect(!r[3].contains(ascii ? "x Station" : "⊘"), "no zone: not marked on a guess")
            // The free and max columns end in the same cell on every row.
            let ends = r.map { line -> [Int] in
                let cells = Array(line)
                let free = line.range(of: "1/1").map { line.distance(from: line.startIndex, to: $0.upperBound) } ?? -1
                let kw = line.range(of: "22 kW").map { line.distance(from: line.startIndex, to: $0.upperBound) } ?? -1
                return [free, kw, cells.count]
            }
            #expect(Set(ends.map { $0[0] }).count == 1 && Set(ends.map { $0[1] }).count == 1, "\(ends)\n\(s.text)")
            #expect(ends.allSatisfy { $0[0] > 0 && $0[1] > 0 })
        }
        let s = render(a, 24, 80)
        let name = s.lines[4].firstIndex(of: "S").map { s.lines[4].distance(from: s.lines[4].startIndex, to: $0) } ?? 0
        #expect(s.styles[4][name].role == .muted || s.styles[4][name].reverse, "a closed name is muted (unless selected)")
        a.handle(.down)
        let moved = render(a, 24, 80)
        #expect(moved.styles[4][name].role == .muted, "not selected: muted")
        a.handle(.char("?"))
        #expect(render(a, 24, 80).text.contains("⊘ closed now"), "the help explains the mark")
    }

    @Test func theListAtTenInTheMorningHasNoMark() async {
        let a = await app(at: F.vienna(26, 10))
        #expect(!render(a, 24, 80).text.contains("⊘"))
    }
}
