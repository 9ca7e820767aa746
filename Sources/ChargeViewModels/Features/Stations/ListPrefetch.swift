/// When the station list asks for its next page: early enough that a person paging down
/// does not meet a "Loading…" row on a slow link.
///
/// Why: the list used to ask for the next page only when the cursor came within half a
/// screen of the last loaded row. Over a mobile link (200 ms a request, P7) a person
/// pressing PgDn every 300 ms reached the end of what was loaded before the page arrived.
/// The list now keeps the screen the cursor is on and `screensAhead` more screens loaded
/// (three: a person at 18 rows per 300 ms uses up one screen while a request of up to
/// 0.9 s is under way, so the fourth screen is there when they get to it),
/// one page request at a time (never two in flight, never a page twice: the page cache
/// answers repeats while fresh), and asks again as each page lands until that lead holds.
/// A request asks for the whole shortfall in pages of `pageSize` (at most the API's
/// maximum): when the link is slower than the person, the pages grow instead of the
/// requests piling up.
public struct ListPrefetch: Sendable, Equatable {
    /// Screens of rows kept loaded below the one the cursor is on.
    public var screensAhead: Int

    public init(screensAhead: Int = 3) {
        self.screensAhead = max(0, screensAhead)
    }

    /// Rows that should be loaded with the cursor on `selected` (the list scrolls a screen
    /// of `viewportRows` at a time): up to the end of its screen and `screensAhead` more.
    public func rowsWanted(selected: Int, viewportRows: Int) -> Int {
        let rows = max(1, viewportRows)
        let screenTop = (max(0, selected) / rows) * rows
        return screenTop + rows * (1 + screensAhead)
    }

    /// How many rows the next request asks for: the shortfall below `rowsWanted`, rounded
    /// up to whole pages of `pageSize`, at least one page and at most `maxLimit`.
    public func pageLimit(selected: Int, loaded: Int, viewportRows: Int, pageSize: Int, maxLimit: Int) -> Int {
        let size = max(1, pageSize)
        let short = rowsWanted(selected: selected, viewportRows: viewportRows) - loaded
        let pages = max(1, (short + size - 1) / size)
        return max(1, min(maxLimit, pages * size))
    }

    /// Whether to ask for the next page now.
    public func shouldFetch(selected: Int, loaded: Int, total: Int, viewportRows: Int, inFlight: Bool) -> Bool {
        guard !inFlight, loaded < total else { return false }
        return loaded < rowsWanted(selected: selected, viewportRows: viewportRows)
    }
}
