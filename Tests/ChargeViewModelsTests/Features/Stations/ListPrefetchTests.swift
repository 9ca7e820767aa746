import ChargeViewModels
import Testing

/// The list keeps the cursor's screen and three more loaded (issue 17, P7), one request at a time.
@Suite(.timeLimit(.minutes(1))) struct ListPrefetchTests {
    let prefetch = ListPrefetch()

    @Test func wantsTheCursorsScreenAndThreeMore() {
        #expect(prefetch.rowsWanted(selected: 0, viewportRows: 18) == 72)
        #expect(prefetch.rowsWanted(selected: 17, viewportRows: 18) == 72)
        #expect(prefetch.rowsWanted(selected: 18, viewportRows: 18) == 90)
    }

    @Test func fetchesOnlyWhenShortAndNothingIsInFlight() {
        #expect(prefetch.shouldFetch(selected: 0, loaded: 25, total: 500, viewportRows: 18, inFlight: false))
        #expect(!prefetch.shouldFetch(selected: 0, loaded: 25, total: 500, viewportRows: 18, inFlight: true))
        #expect(prefetch.shouldFetch(selected: 0, loaded: 50, total: 500, viewportRows: 18, inFlight: false))
        #expect(!prefetch.shouldFetch(selected: 0, loaded: 75, total: 500, viewportRows: 18, inFlight: false))
        #expect(!prefetch.shouldFetch(selected: 480, loaded: 500, total: 500, viewportRows: 18, inFlight: false), "all loaded")
    }

    /// A person pressing PgDn from the top, with one page of 25 landing between presses
    /// (the slow link of P7): each page is asked for once, and the cursor's screen is always
    /// loaded when it gets there.
    @Test func pagingDownAsksForEachPageOnceAndStaysAhead() {
        let total = 500
        let page = 25
        let screen = 18
        var loaded = 25
        var selected = 0
        var requests = 1
        func land() {
            if prefetch.shouldFetch(selected: selected, loaded: loaded, total: total, viewportRows: screen, inFlight: false) {
                loaded = min(total, loaded + page)
                requests += 1
            }
        }
        land()
        land()  // the pages asked for while the first screen is read
        while selected < total - 1 {
            selected = min(total - 1, selected + screen)
            #expect(min(total, (selected / screen + 1) * screen) <= loaded, "screen of row \(selected) not loaded (\(loaded))")
            land()
        }
        #expect(requests == total / page)
    }

    @Test func aRequestAsksForTheWholeShortfallInPages() {
        #expect(prefetch.pageLimit(selected: 0, loaded: 25, viewportRows: 18, pageSize: 25, maxLimit: 100) == 50)
        #expect(prefetch.pageLimit(selected: 0, loaded: 50, viewportRows: 18, pageSize: 25, maxLimit: 100) == 25)
        #expect(prefetch.pageLimit(selected: 18, loaded: 50, viewportRows: 18, pageSize: 25, maxLimit: 100) == 50)
        #expect(prefetch.pageLimit(selected: 0, loaded: 75, viewportRows: 18, pageSize: 25, maxLimit: 100) == 25, "at least a page")
        #expect(
            prefetch.pageLimit(selected: 400, loaded: 25, viewportRows: 18, pageSize: 25, maxLimit: 100) == 100,
            "at most the API's limit"
        )
    }

    @Test func zeroScreensAheadStillLoadsTheCursorsScreen() {
        let none = ListPrefetch(screensAhead: 0)
        #expect(none.rowsWanted(selected: 20, viewportRows: 10) == 30)
        #expect(ListPrefetch(screensAhead: -3).screensAhead == 0)
    }
}
