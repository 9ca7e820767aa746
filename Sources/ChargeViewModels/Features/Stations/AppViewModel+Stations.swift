import ChargeCore
import Foundation

extension AppViewModel {
    func handleStations(_ key: KeyPress) {
        if let editing = state.stations.editing {
            handleEditing(key, editing)
            return
        }
        let count = state.stations.entries.count
        // Any other key ends a walk to the end of the list (its page in flight still lands).
        if key != .end, state.stations.fetchingToEnd {
            mutate {
                $0.stations.fetchingToEnd = false
                $0.status = StatusLine()
            }
        }
        switch key {
        case .up, .char("k"): select(state.stations.selected - 1)
        case .down, .char("j"): select(state.stations.selected + 1)
        case .pageUp: select(state.stations.selected - viewportRows)
        case .pageDown: select(state.stations.selected + viewportRows)
        case .home, .char("g"): select(0)
        case .end, .char("G"): goToEnd()
        case .enter:
            guard state.stations.selected < count else { return }
            openDetail(state.stations.stations[state.stations.selected])
        case .char("+"), .char("="): changeRadius(+1)
        case .char("-"): changeRadius(-1)
        case .char("r"), .function(5): reloadStations(keepSelection: true, fresh: true)
        case .char("/"): mutate { $0.stations.editing = .search(TextField($0.stations.filter.search ?? "", maxLength: 60)) }
        case .char("p"): mutate { $0.stations.editing = .position(TextField(Format.position($0.stations.filter.position), maxLength: 40)) }
        case .char("f"): openFilters()
        case .char("*"):
            guard state.stations.selected < count else { return }
            toggleFavourite(state.stations.stations[state.stations.selected])
        case .char("h"): openHistory()
        default: _ = handleCommon(key)
        }
    }

    func handleEditing(_ key: KeyPress, _ editing: StationListState.Editing) {
        switch (key, editing) {
        case (.escape, _):
            mutate {
                $0.stations.editing = nil
                $0.status = StatusLine()
            }
        case (.enter, .search(let field)):
            mutate { s in
                s.stations.editing = nil
                s.stations.filter.search = field.text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : field.text
            }
            reloadStations()
        case (.enter, .position(let field)):
            guard let p = Format.parsePosition(field.text) else {
                setStatus(message: strings.badPosition, error: true)
                return
            }
            mutate {
                $0.stations.editing = nil
                $0.stations.filter.position = p
                $0.stations.positionKnown = true
                $0.status = StatusLine()
            }
            reloadStations()
        case (_, .search(var field)):
            field.apply(key)
            mutate { $0.stations.editing = .search(field) }
        case (_, .position(var field)):
            field.apply(key)
            mutate { $0.stations.editing = .position(field) }
        }
    }

    /// `*` on the list or the station view: toggles, saves, and says which way it went.
    func toggleFavourite(_ station: Station) {
        memory.toggleFavourite(station.id)
        memory.save(to: settings.kiosk != nil ? nil : settings.stateDirectory)
        let added = memory.favourites.contains(station.id)
        mutate { s in
            if s.detail?.station.id == station.id { s.detail?.isFavourite = added }
            s.status = StatusLine(message: added ? s.strings.favouriteAdded(station.name) : s.strings.favouriteRemoved(station.name))
        }
    }

    func select(_ index: Int) {
        let total = state.stations.stations.count
        guard total > 0 else { return }
        let i = min(max(0, index), total - 1)
        mutate { $0.stations.selected = i }
        prefetch()
    }

    /// Loads the next page while fewer rows are loaded than `ListPrefetch` keeps ahead of
    /// the cursor (called on every move and as each page lands).
    func prefetch() {
        let st = state.stations
        if ListPrefetch().shouldFetch(
            selected: st.selected,
            loaded: st.stations.count,
            total: st.totalCount,
            viewportRows: viewportRows,
            inFlight: st.loading
        ) {
            loadMore()
        }
    }

    /// End means the last station of the whole result, not of the pages loaded so far: the
    /// rest is fetched (largest pages the API allows), then the last row is selected.
    func goToEnd() {
        guard state.stations.hasMore else {
            select(state.stations.stations.count - 1)
            return
        }
        mutate { s in
            s.stations.fetchingToEnd = true
            s.status = StatusLine(loading: true, message: s.strings.loadingToEnd(s.stations.stations.count, s.stations.totalCount))
        }
        loadMore()
    }

    /// Rows for a page: at least what the screen shows (a tall terminal is filled), at most
    /// what the API allows in one request; while walking to the end, the largest allowed.
    var pageLimit: Int {
        state.stations.fetchingToEnd ? Self.maxPageLimit : min(Self.maxPageLimit, max(settings.pageSize, viewportRows))
    }

    /// The API's `pagination.limit` maximum.
    static let maxPageLimit = 100

    /// After a resize or a page: load more while the screen has room for more rows.
    func fillViewport() {
        guard state.route == .stations || state.route == .detail, state.stations.stations.count < viewportRows else { return }
        loadMore()
    }

    func changeRadius(_ direction: Int) {
        let steps = AppSettings.radiusSteps
        let current = steps.firstIndex { $0 >= state.stations.filter.radiusKm } ?? (steps.count - 1)
        let next = min(max(0, current + direction), steps.count - 1)
        guard steps[next] != state.stations.filter.radiusKm else { return }
        mutate { $0.stations.filter.radiusKm = steps[next] }
        reloadStations(keepSelection: true)
    }

    /// (Re)loads the first page for the current filter; keeps the selected station if it is
    /// still there. `fresh` drops the page cache first (`r`: the user wants the server's word).
    func reloadStations(keepSelection: Bool = false, fresh: Bool = false) {
        // No position configured: ask for one instead of searching around 0,0.
        guard state.stations.positionKnown else {
            mutate { s in
                if s.stations.editing == nil { s.stations.editing = .position(TextField("", maxLength: 40)) }
                s.status = StatusLine(message: s.strings.askPosition)
            }
            return
        }
        let keepID =
            keepSelection && state.stations.selected < state.stations.stations.count
            ? state.stations.stations[state.stations.selected].id : nil
        let filter = state.stations.filter
        tasks.cancel(.list)
        mutate { s in
            s.stations.loading = true
            s.stations.error = nil
            s.stations.emptyText = nil
            s.stations.header = header(for: s.stations.filter, strings: s.strings)
            s.status = StatusLine(loading: true, message: s.strings.loading)
        }
        tasks[.list] = Task { [weak self] in
            guard let self else { return }
            do {
                if fresh { await services.stations.invalidateStations() }
                let page = try await services.stations.stations(filter: filter, offset: 0, limit: pageLimit)
                guard !Task.isCancelled else { return }
                mutate { s in
                    s.stations.replace(with: page.items, language: s.strings.language, now: time.now())
                    s.stations.totalCount = page.totalCount
                    s.stations.selected = keepID.flatMap { id in page.items.firstIndex { $0.id == id } } ?? 0
                    s.stations.loading = false
                    s.stations.countLine = s.strings.stationsWithin(page.totalCount, Format.radius(filter.radiusKm, s.strings.language))
                    s.stations.emptyText = page.items.isEmpty ? emptyHint(for: filter, strings: s.strings) : nil
                    s.setStatus(s.stations.notice.map { StatusLine(message: $0) } ?? StatusLine(), for: .stations)
                    s.stations.notice = nil
                }
                fillViewport()
                prefetch()
            } catch {
                guard !Task.isCancelled else { return }
                if openNowRefused(error, filter: filter) { return }
                let text = errorText(error)
                mutate { s in
                    s.stations.loading = false
                    s.stations.error = text
                    s.setStatus(StatusLine(message: text, isError: true), for: .stations)
                }
            }
        }
    }

    func loadMore() {
        guard !state.stations.loading, state.stations.hasMore else { return }
        let filter = state.stations.filter
        let offset = state.stations.stations.count
        let limit =
            state.stations.fetchingToEnd
            ? Self.maxPageLimit
            : ListPrefetch().pageLimit(
                selected: state.stations.selected,
                loaded: offset,
                viewportRows: viewportRows,
                pageSize: pageLimit,
                maxLimit: Self.maxPageLimit
            )
        mutate { $0.stations.loading = true }
        tasks[.list] = Task { [weak self] in
            guard let self else { return }
            do {
                let page = try await services.stations.stations(filter: filter, offset: offset, limit: limit)
                guard !Task.isCancelled, state.stations.filter == filter, state.stations.stations.count == offset else { return }
                mutate { s in
                    s.stations.append(page.items, language: s.strings.language, now: time.now())
                    s.stations.totalCount = page.totalCount
                    s.stations.loading = false
                }
                if state.stations.fetchingToEnd {
                    // An empty page means the total shrank meanwhile: stop at what there is.
                    if state.stations.hasMore && !page.items.isEmpty {
                        mutate { s in
                            s.status = StatusLine(
                                loading: true,
                                message: s.strings.loadingToEnd(s.stations.stations.count, s.stations.totalCount)
                            )
                        }
                        loadMore()
                    } else {
                        mutate { s in
                            s.stations.fetchingToEnd = false
                            s.stations.selected = max(0, s.stations.stations.count - 1)
                            s.setStatus(StatusLine(), for: .stations)
                        }
                    }
                } else {
                    fillViewport()
                    prefetch()
                }
            } catch {
                if openNowRefused(error, filter: filter) { return }
                mutate { s in
                    s.stations.loading = false
                    s.stations.fetchingToEnd = false
                    s.setStatus(StatusLine(message: errorText(error), isError: true), for: .stations)
                }
            }
        }
    }

    /// Why the list is empty, in terms of what the user set: search text, filters, radius.
    func emptyHint(for f: StationFilter, strings t: Strings) -> String {
        var filters: [String] = []
        if f.onlyAvailable { filters.append(t.onlyAvailable.lowercased()) }
        if f.openNow { filters.append(t.onlyOpenNow.lowercased()) }
        if !f.plugTypes.isEmpty { filters.append(Format.plugs(f.plugTypes)) }
        if let p = f.minPowerKw { filters.append("≥ \(Format.power(p))") }
        let search = f.search.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        return t.noStationsHint(
            search: search,
            filters: filters.isEmpty ? nil : filters.joined(separator: ", "),
            radius: Format.distance(f.radiusKm).replacingOccurrences(of: ".00", with: "")
        )
    }

    func header(for f: StationFilter, strings t: Strings) -> String {
        var parts = [Format.position(f.position), Format.radius(f.radiusKm, t.language)]
        var filters: [String] = []
        if f.onlyAvailable { filters.append(t.onlyAvailable) }
        if f.openNow { filters.append(t.onlyOpenNow) }
        if !f.plugTypes.isEmpty { filters.append(Format.plugs(f.plugTypes)) }
        if let p = f.minPowerKw { filters.append("≥ \(Format.power(p, t.language))") }
        if let q = f.search { filters.append("\"\(q)\"") }
        parts.append(filters.isEmpty ? t.filterNone : filters.joined(separator: ", "))
        return parts.joined(separator: " · ")
    }

    // MARK: filters

    func openFilters() {
        mutate { $0.filter = FilterDialog($0.stations.filter, strings: $0.strings, offersOpenNow: !$0.stations.openNowUnsupported) }
    }

    /// The server does not know the `openNow` filter (a tenant without our [ours] field):
    /// the filter goes off and is no longer offered, the list is searched again without it,
    /// and the user is told why. Never filtered here instead: counts and pages would lie.
    /// True when `error` was that refusal (and is handled).
    func openNowRefused(_ error: any Error, filter: StationFilter) -> Bool {
        guard filter.openNow, ChargeError.wrap(error) == .badInput(StationFilter.openNowUnsupported) else { return false }
        mutate { s in
            s.stations.loading = false
            s.stations.fetchingToEnd = false
            s.stations.filter.openNow = false
            s.stations.openNowUnsupported = true
            s.stations.notice = s.strings.openNowUnsupported
        }
        reloadStations(keepSelection: true)
        return true
    }

    func handleFilter(_ key: KeyPress) {
        guard var dialog = state.filter else { return }
        switch dialog.handle(key, onto: state.stations.filter) {
        case .open:
            mutate { $0.filter = dialog }
        case .cancelled:
            mutate { $0.filter = nil }
        case .apply(let filter):
            mutate {
                $0.filter = nil
                $0.stations.filter = filter
            }
            reloadStations()
        }
    }
}
