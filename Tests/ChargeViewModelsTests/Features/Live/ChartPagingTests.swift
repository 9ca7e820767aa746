import ChargeViewModels
import Testing

/// The live chart pages by each sample's place in the session: past any length, a new
/// sample changes one column (issue 17, P2).
@Suite(.timeLimit(.minutes(1))) struct ChartPagingTests {
    @Test func fillsLeftToRightThenStartsANewPage() {
        var chart = ChartPaging(capacity: 10)
        for i in 0..<4 { chart.append(Double(i)) }
        #expect(Array(chart.page(width: 4)) == [0, 1, 2, 3])
        chart.append(4)
        #expect(Array(chart.page(width: 4)) == [4])
        #expect(chart.pageStart(width: 4) == 4)
    }

    @Test func aLongSessionChangesOneColumnPerSample() {
        // 30 minutes of 5 s polls, far beyond the capacity: each new sample either lands
        // in the next column of the same page (the columns before it unchanged) or opens a page.
        var chart = ChartPaging(capacity: 100)
        let width = 76
        var previous: [Double] = []
        var pageTurns = 0
        for i in 0..<360 {
            chart.append(Double(i % 17))
            let page = Array(chart.page(width: width))
            if page.count == 1 && i > 0 {
                pageTurns += 1
            } else {
                #expect(Array(page.dropLast()) == previous, "sample \(i) moved earlier columns")
            }
            #expect(page.last == Double(i % 17))
            previous = page
        }
        #expect(pageTurns == 359 / width)
        #expect(chart.count == 360)
        #expect(chart.recent.count < 200)
    }

    @Test func peakOnlyRisesSoTheScaleDoesNotChangeAsSamplesLeave() {
        var chart = ChartPaging(capacity: 4)
        for v in [150.0, 140, 60, 30, 12, 12, 12, 12, 12] { chart.append(v) }
        #expect(chart.peak == 150)
        #expect(chart.recent.allSatisfy { $0 == 12 })  // the 150 kW sample has left, its scale stays
    }

    @Test func chartsWiderThanTheCapacityPageAtTheCapacity() {
        var chart = ChartPaging(capacity: 5)
        for i in 0..<12 { chart.append(Double(i)) }
        #expect(chart.pageWidth(80) == 5)
        #expect(Array(chart.page(width: 80)) == [10, 11])
        #expect(Array(chart.page(width: 0)).isEmpty)
    }

    @Test func emptyChartHasNoPage() {
        let chart = ChartPaging()
        #expect(chart.page(width: 76).isEmpty)
        #expect(chart.pageStart(width: 76) == 0)
    }
}
