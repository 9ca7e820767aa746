import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

@testable import ChargeTUI

/// Issue 19 on screen: text fields (cursor, scrolling, limits), column widths from
/// content, headings, footers at 80 columns, dialogs at 40, and real ASCII for vt100.
/// Matches a footer hint by key and label.
func H(_ key: String, _ label: String) -> (KeyHint) -> Bool { { $0.key == key && $0.label == label } }

@MainActor
@Suite(.timeLimit(.minutes(1))) struct LayoutAndFieldTests {
    let driver = AppDriver()
    var fake: FakeServices { driver.fake }
    var clock: ManualTimeSource { driver.clock }

    func app() -> AppViewModel {
        let a = driver.makeApp(AppDriver.settings(position: GeoPoint(latitude: 47.8095, longitude: 13.055), pageSize: 25), viewport: nil)
        return a
    }

    func render(_ a: AppViewModel, _ rows: Int, _ cols: Int, ascii: Bool = false) -> MemorySurface {
        let s = MemorySurface(rows: rows, columns: cols, asciiOnly: ascii)
        Renderer.draw(a.state, on: s)
        return s
    }

    func signedIn(_ a: AppViewModel) async {
        for c in "pw" { a.handle(.char(c)) }
        a.handle(.enter)
        await a.settle()
    }

    /// The reverse-video cell a field draws as its cursor, as (row, column).
    func cursorCells(_ s: MemorySurface) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for r in 0..<s.rows { for c in 0..<s.columns where s.styles[r][c].reverse && s.styles[r][c].underline { out.append((r, c)) } }
        return out
    }

    // MARK: item 3, text fields

    @Test func fieldWindowKeepsTheCursorVisibleAndTheStartWhenItCan() {
        #expect(FieldView.window("hello", cursor: 2, width: 10) == .init(text: "hello", cursorColumn: 2, underCursor: "l"))
        let long = String(repeating: "a", count: 50) + "XYZ"
        let end = FieldView.window(long, cursor: 53, width: 20)
        #expect(end.text.hasSuffix("XYZ") && end.cursorColumn == 19, "the end of a long value, with room for the cursor")
        let start = FieldView.window(long, cursor: 0, width: 20)
        #expect(start.text == String(repeating: "a", count: 20) && start.cursorColumn == 0)
        let wide = FieldView.window("日本語のテキスト", cursor: 8, width: 9)
        #expect(TextWidth.of(wide.text) <= 9 && wide.cursorColumn + 1 <= 9)
    }

    @Test func theCursorIsDrawnAtTheInsertionPoint() {
        let a = app()
        a.handle(.tab)  // to the username, "demo-user", cursor at the end
        var s = render(a, 24, 80)
        let row = s.lines.firstIndex { $0.contains("Username") } ?? -1
        let col = TextWidth.of(String(s.lines[row].prefix { $0 != "d" }))
        #expect(cursorCells(s).map(\.0) == [row])
        #expect(cursorCells(s).first?.1 == col + 9, "after the last character")
        a.handle(.home)
        s = render(a, 24, 80)
        #expect(cursorCells(s).first?.1 == col, "on the first character after Home")
        #expect(s.cells[row][col] == "d")
        a.handle(.right)
        a.handle(.right)
        s = render(a, 24, 80)
        #expect(cursorCells(s).first?.1 == col + 2)
        #expect(!s.text.contains("▏"), "no cursor glyph stuck at the end")
    }

    @Test func aLongSearchScrollsAndShowsItsLimit() async {
        fake.serve(3)
        let a = app()
        await signedIn(a)
        a.handle(.char("/"))
        let text = "Q" + String(repeating: "x", count: 58) + "Z"
        a.handle(.paste(text + "more"))
        var s = render(a, 24, 50)
        #expect(s.lines[1].contains("60/60"), "the limit is visible, the cut paste is not silent")
        #expect(s.lines[1].contains("xZ") && !s.lines[1].contains("Q"), "the end (where the cursor is) shows")
        a.handle(.home)
        s = render(a, 24, 50)
        #expect(s.lines[1].contains("Search: Qxx"), "after Home the start shows")
        a.handle(.end)
        a.handle(.backspace)
        #expect(render(a, 24, 80).lines[1].contains("59/60"), "near the limit the counter stays")
    }

    // MARK: item 8, layout

    func plugRich(_ n: Int) {
        let all = (0..<n).map { i in
            Station(
                id: "p\(i)",
                name: "Ladepark Nord \(i)",
                address: Address(street: "Alpenstraße", houseNumber: "\(i)", zip: "5020", city: "Salzburg"),
                distanceKm: 0.2 + Double(i) / 10,
                connectors: [
                    Connector(
                        id: "p\(i)-1",
                        label: "1",
                        plugType: .type2,
                        powerType: .ac,
                        maxPowerKw: 22,
                        pricePerKwh: 0.39,
                        currency: "EUR"
                    ),
                    Connector(
                        id: "p\(i)-2",
                        label: "2",
                        plugType: .ccs,
                        powerType: .dc,
                        maxPowerKw: 150,
                        pricePerKwh: 0.59,
                        currency: "EUR"
                    ),
                    Connector(
                        id: "p\(i)-3",
                        label: "3",
                        plugType: .chademo,
                        powerType: .dc,
                        maxPowerKw: 50,
                        pricePerKwh: 0.59,
                        currency: "EUR"
                    ),
                ]
            )
        }
        fake.stationsResult = { _, o, l in
            .success(Page(items: Array(all.dropFirst(o).prefix(l)), totalCount: all.count, offset: o, limit: l))
        }
    }

    @Test func columnWidthsComeFromContent() async {
        plugRich(5)
        let a = app()
        await signedIn(a)
        let plugs = a.state.stations.rows[0].plugs
        for width in [80, 100, 120] {
            let s = render(a, 24, width)
            #expect(s.text.contains(plugs), "\(width) columns: the plug list \"\(plugs)\" is whole")
            #expect(s.text.contains("Ladepark Nord 0"))
            for heading in ["Dist", "Station", "Free", "Max", "Plugs"] {
                #expect(s.lines[3].contains(heading), "\(width): heading \(heading)")
            }
        }
        // Narrow: the plugs go before the name gets unreadable.
        let narrow = render(a, 24, 50).text
        #expect(narrow.contains("Ladepark Nord 0") && !narrow.contains("Plugs"))
    }

    @Test func theConnectorTableKeepsThePriceAtSixtyColumns() async {
        plugRich(2)
        let a = app()
        await signedIn(a)
        a.handle(.enter)
        await a.settle()
        for width in [60, 80, 100] {
            let s = render(a, 24, width)
            let text = s.text
            #expect(text.contains("0.59 EUR/kWh") && text.contains("0.39 EUR/kWh"), "\(width) columns: the price is whole")
            let heading = s.lines.first { $0.contains("Status") } ?? ""
            for h in ["#", "Status", "Plug", "Power", "Price"] { #expect(heading.contains(h), "\(width): heading \(h)") }
            #expect(!heading.contains("Connectors"), "one-digit labels do not get a 10-cell column")
        }
    }

    @Test func footersKeepHelpAndQuitAtEightyColumns() async {
        fake.serve(3)
        fake.running = [Chargelog(id: "run-1", status: .started, connector: Connector(id: "c", evseId: "AT*X*1"), energyKwh: 3)]
        let a = app()
        await signedIn(a)
        a.handle(.escape)  // the session goes on in the header; `l` joins the hints
        await a.settle()
        let hints = Chrome.footerHints(a.state.keyHints, width: 80)
        #expect(hints.contains(where: H("?", "help")))
        #expect(hints.contains(where: H("q", "quit")))
        #expect(hints.contains { $0.key == "l" })
        let footer = render(a, 24, 80).lines[23]
        #expect(footer.contains("? help") && footer.contains("q quit"), "\(footer)")
        #expect(footer.contains("↑↓ move"), "the first hints stay while there is room")
        let narrow = render(a, 24, 40).lines[23]
        #expect(narrow.contains("q quit"), "\(narrow)")
    }

    @Test func dialogsWrapAtFortyColumns() async {
        fake.serve(3)
        fake.running = [Chargelog(id: "run-1", status: .started, connector: Connector(id: "c", evseId: "AT*X*1"), energyKwh: 3)]
        let a = app()
        await signedIn(a)
        a.handle(.char("q"))
        #expect(a.state.confirm != nil)
        let s = render(a, 20, 40)
        #expect(s.text.contains("come back to it."), "\(s.text)")
        #expect(s.text.contains("[y] yes  [n] no"))
        #expect(Wrap.lines("one two three", width: 7) == ["one two", "three"])
        #expect(Wrap.lines("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }

    // MARK: item 7, feedback on screen

    @Test func theStationViewShowsTheStar() async {
        fake.serve(3)
        let a = app()
        await signedIn(a)
        a.handle(.enter)
        await a.settle()
        a.handle(.char("*"))
        let s = render(a, 24, 80).text
        #expect(s.contains("★ Station s0"))
        #expect(s.contains("added to favourites"))
        #expect(render(a, 24, 80, ascii: true).text.contains("* Station s0"))
    }

    @Test func tooSmallMeansNoKeys() {
        #expect(Renderer.isTooSmall(rows: 9, columns: 80))
        #expect(Renderer.isTooSmall(rows: 24, columns: 39))
        #expect(!Renderer.isTooSmall(rows: 10, columns: 40))
    }

    // MARK: item 9, vt100 is ASCII

    @Test func asciiModeIsReallyASCII() async {
        fake.serve(5)
        fake.cardsResult = []
        let a = app()
        func check(_ what: String) {
            for (r, c) in [(24, 80), (30, 100)] {
                let text = render(a, r, c, ascii: true).text
                let bad = text.unicodeScalars.filter { !$0.isASCII }
                #expect(bad.isEmpty, "\(what) at \(c)x\(r): \(String(String.UnicodeScalarView(bad)))\n\(text)")
            }
        }
        a.handle(.tab)
        check("sign-in form")
        await signedIn(a)
        check("station list")
        a.handle(.char("?"))
        check("help")
        a.handle(.escape)
        a.handle(.char("/"))
        check("search prompt")
        a.handle(.escape)
        a.handle(.char("f"))
        check("filters")
        a.handle(.escape)
        a.handle(.enter)
        await a.settle()
        a.handle(.char("*"))
        check("station view")
        #expect(AsciiFallback.apply("a — b · c ▏ ≥ 22 kW") == "a - b - c | >= 22 kW")
    }
}
