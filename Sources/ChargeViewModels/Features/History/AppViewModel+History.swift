import ChargeCore
import Foundation

/// After a session, its receipt; from the list, past sessions and invoices.
///
/// The history reads `pageSize` rows of each list at a time, the next page as the cursor
/// comes within a screenful of the end (End reads them all): a user with years of sessions
/// waits for one page, not for all of them, and every page is still reachable. Station
/// names are looked up after each page (`station(ofConnector:)`) and kept in
/// `HistoryState.places`, so rows first show the EVSE id and then the name.
extension AppViewModel {
    /// Rows per history page (the API allows up to 100).
    static let historyPageSize = 50

    func handleSummary(_ key: KeyPress) {
        switch key {
        case .enter, .escape, .backspace:
            // Other sessions still running stay in the header; `l` opens them.
            mutate { s in
                s.live = nil
                s.summary = nil
                s.navigation.go(.stations)
            }
            reloadStations(keepSelection: true)
        case .char("h"): openHistory()
        case .up, .char("k"), .down, .char("j"):
            guard var summary = state.summary, let receipt = summary.receipt else { return }
            summary.scroll = min(receipt.rowCount, max(0, summary.scroll + (key == .up || key == .char("k") ? -1 : 1)))
            mutate { $0.summary = summary }
        default: _ = handleCommon(key)
        }
    }

    // MARK: the receipt after a stop

    /// The session on the panel has ended: its receipt replaces the summary's three lines.
    /// `finalLog` is the stop's read-back when there was one; otherwise the record is read
    /// once more (the server's final cost). The peak is the highest power the panel saw.
    func presentReceipt(of live: LiveSession, finalLog: Chargelog?) {
        let id = live.chargelogId
        let peak = live.chart.count > 0 ? live.chart.peak : nil
        run { [self] in
            let log: Chargelog
            do {
                if let finalLog, finalLog.status == .stopped { log = finalLog } else { log = try await services.charging.chargelog(id: id) }
            } catch {
                let text = errorText(error)
                mutate { s in
                    guard s.summary != nil, s.live?.chargelogId == id else { return }
                    s.summary?.note = s.strings.receiptFailed(text)
                }
                return
            }
            let station = await station(for: log.connector)
            mutate { s in
                guard s.summary != nil, s.live?.chargelogId == id else { return }
                s.summary?.receipt = Receipt.make(
                    log: log,
                    station: station,
                    peakKw: peak,
                    language: s.strings.language,
                    localZone: .current
                )
                s.summary?.scroll = 0
            }
        }
    }

    /// The station of a session's connector: the one on the detail screen (a start always
    /// opens it), the history's cache, or a search (`station(ofConnector:)`).
    func station(for connector: Connector?) async -> Station? {
        guard let id = connector?.id else { return nil }
        if let st = state.detail?.station, st.connectors.contains(where: { $0.id == id }) { return st }
        if let st = state.history.places[id] { return st }
        guard let st = await station(ofConnector: id) else { return nil }
        mutate { $0.history.places[id] = st }
        return st
    }

    // MARK: the history

    func openHistory() {
        mutate { s in
            s.navigation.go(.history)
            let places = s.history.places
            let unresolved = s.history.unresolved
            let generation = s.history.generation + 1
            s.history = HistoryState()
            s.history.places = places
            s.history.unresolved = unresolved
            s.history.generation = generation
            s.history.loading = true
            s.status = StatusLine(loading: true, message: s.strings.loading)
        }
        let generation = state.history.generation
        run { [self] in
            async let sessions: Void = loadPage(.sessions, generation: generation)
            async let invoices: Void = loadPage(.invoices, generation: generation)
            _ = await (sessions, invoices)
            mutate { s in
                guard s.history.generation == generation else { return }
                s.history.loading = false
                if s.history.error == nil { s.status = StatusLine() }
            }
        }
    }

    /// Reads the next page of one list (nothing when one is on its way or all are read),
    /// and the pages after it while End asks for the last.
    func loadPage(_ tab: HistoryState.Tab, generation: Int) async {
        while true {
            let h = state.history
            guard h.generation == generation else { return }
            let (next, busy) =
                tab == .sessions ? (h.sessions.nextOffset, h.sessions.loadingMore) : (h.invoices.nextOffset, h.invoices.loadingMore)
            guard let offset = next, !busy else { return }
            mutate { s in
                if tab == .sessions { s.history.sessions.loadingMore = true } else { s.history.invoices.loadingMore = true }
            }
            do {
                switch tab {
                case .sessions:
                    let page = try await services.charging.history(offset: offset, limit: Self.historyPageSize)
                    mutate { s in
                        guard s.history.generation == generation else { return }
                        let rows = page.items.map { Self.historyRow($0, places: s.history.places, s.strings) }
                        s.history.sessions.received(rows, totalCount: page.totalCount, nextOffset: page.nextOffset)
                    }
                    resolvePlaces(page.items, generation: generation)
                case .invoices:
                    let page = try await services.charging.documents(offset: offset, limit: Self.historyPageSize)
                    mutate { s in
                        guard s.history.generation == generation else { return }
                        let rows = page.items.map { Self.documentRow($0, s.strings) }
                        s.history.invoices.received(rows, totalCount: page.totalCount, nextOffset: page.nextOffset)
                    }
                }
            } catch {
                let text = errorText(error)
                mutate { s in
                    guard s.history.generation == generation else { return }
                    if tab == .sessions {
                        s.history.sessions.loadingMore = false
                        s.history.sessions.followEnd = false
                    } else {
                        s.history.invoices.loadingMore = false
                        s.history.invoices.followEnd = false
                    }
                    s.history.error = text
                    s.status = StatusLine(message: text, isError: true)
                }
                return
            }
            let follow = tab == .sessions ? state.history.sessions.followEnd : state.history.invoices.followEnd
            if !follow { return }
        }
    }

    static func historyRow(_ log: Chargelog, places: [String: Station], _ t: Strings) -> HistoryRow {
        let station = log.connector.flatMap { places[$0.id] }
        return HistoryRow(
            id: log.id,
            date: Format.dateTime(log.dateStart, t.language),
            place: station?.name ?? log.connector?.evseId ?? log.connector?.label ?? t.missingFigure,
            energy: log.reportedEnergyKwh.map { Format.energy($0, t.language) } ?? t.missingFigure,
            cost: log.cost?.payable.map { Format.money($0, log.cost?.currency, t.language) } ?? t.missingFigure,
            log: log
        )
    }

    static func documentRow(_ d: AccountDocument, _ t: Strings) -> DocumentRow {
        DocumentRow(
            id: d.id,
            date: d.documentDate.map { Format.dateTime($0, t.language) } ?? t.missingFigure,
            kind: t.invoiceKind(d.kind),
            title: d.title.flatMap { $0.isEmpty ? nil : $0 } ?? d.id,
            document: d
        )
    }

    /// Finds the stations of the connectors in `logs` not looked for yet, one connector at
    /// a time (the station pages it reads are cached by the core), and names the rows.
    func resolvePlaces(_ logs: [Chargelog], generation: Int) {
        var wanted: [String] = []
        for log in logs {
            guard let id = log.connector?.id, state.history.places[id] == nil, !state.history.unresolved.contains(id),
                !wanted.contains(id)
            else { continue }
            wanted.append(id)
        }
        guard !wanted.isEmpty else { return }
        run { [self] in
            for id in wanted {
                let found = await station(ofConnector: id)
                mutate { s in
                    if let found { s.history.places[id] = found } else { s.history.unresolved.insert(id) }
                    guard let found, s.history.generation == generation else { return }
                    for i in s.history.sessions.rows.indices where s.history.sessions.rows[i].log.connector?.id == id {
                        s.history.sessions.rows[i].place = found.name
                    }
                }
            }
        }
    }

    /// Reads the next page of the list on screen when the cursor is near its end.
    func pageIfNeeded() {
        let h = state.history
        let lookahead = max(5, viewportRows)
        let wants = h.tab == .sessions ? h.sessions.wantsMore(lookahead: lookahead) : h.invoices.wantsMore(lookahead: lookahead)
        guard wants, !h.loading else { return }
        let (tab, generation) = (h.tab, h.generation)
        run { [self] in await loadPage(tab, generation: generation) }
    }

    /// End: the cursor on the last row read, and every remaining page read (the cursor
    /// follows to the very last row).
    func goToHistoryEnd() {
        mutate { s in
            if s.history.tab == .sessions {
                s.history.sessions.move(by: Int.max / 2)
                s.history.sessions.followEnd = !s.history.sessions.isComplete
            } else {
                s.history.invoices.move(by: Int.max / 2)
                s.history.invoices.followEnd = !s.history.invoices.isComplete
            }
        }
        let (tab, generation) = (state.history.tab, state.history.generation)
        run { [self] in await loadPage(tab, generation: generation) }
    }

    func moveHistoryCursor(_ delta: Int) {
        mutate { s in
            if s.history.tab == .sessions { s.history.sessions.move(by: delta) } else { s.history.invoices.move(by: delta) }
        }
        pageIfNeeded()
    }

    func handleHistory(_ key: KeyPress) {
        if state.history.opened != nil {
            switch key {
            case .escape, .backspace, .enter: mutate { $0.history.opened = nil }
            case .up, .char("k"): mutate { $0.history.scroll = max(0, $0.history.scroll - 1) }
            case .down, .char("j"):
                guard case .receipt(let r) = state.history.opened else { return }
                mutate { $0.history.scroll = min(r.rowCount, $0.history.scroll + 1) }
            default: _ = handleCommon(key)
            }
            return
        }
        let page = max(1, viewportRows - 1)
        switch key {
        case .up, .char("k"): moveHistoryCursor(-1)
        case .down, .char("j"): moveHistoryCursor(1)
        case .pageUp: moveHistoryCursor(-page)
        case .pageDown: moveHistoryCursor(page)
        case .home: moveHistoryCursor(-Int.max / 2)
        case .end: goToHistoryEnd()
        case .tab, .left, .right, .backTab:
            mutate { s in s.history.tab = s.history.tab == .sessions ? .invoices : .sessions }
            pageIfNeeded()
        case .enter: openHistoryDetail()
        case .escape, .backspace:
            mutate { $0.navigation.go(.stations) }
            if state.stations.stations.isEmpty { reloadStations() }
        default: _ = handleCommon(key)
        }
    }

    /// Enter: the selected session's receipt (no peak: the history has no power samples),
    /// or the selected invoice.
    func openHistoryDetail() {
        let h = state.history
        switch h.tab {
        case .sessions:
            guard let row = h.sessions.selectedRow else { return }
            let log = row.log
            let known = log.connector.flatMap { h.places[$0.id] }
            mutate { s in
                s.history.opened = .receipt(
                    Receipt.make(log: log, station: known, peakKw: nil, language: s.strings.language, localZone: .current)
                )
                s.history.scroll = 0
            }
            // Not named yet: the receipt is made again when its station is found.
            guard known == nil, let id = log.connector?.id, !h.unresolved.contains(id) else { return }
            run { [self] in
                guard let station = await station(for: log.connector) else {
                    mutate { $0.history.unresolved.insert(id) }
                    return
                }
                mutate { s in
                    guard case .receipt(let r) = s.history.opened, r.chargelogId == log.id else { return }
                    s.history.opened = .receipt(
                        Receipt.make(log: log, station: station, peakKw: nil, language: s.strings.language, localZone: .current)
                    )
                }
            }
        case .invoices:
            guard let row = h.invoices.selectedRow else { return }
            mutate { s in
                s.history.opened = .invoice(InvoiceDetail(row.document, s.strings))
                s.history.scroll = 0
            }
            refreshInvoice(row.document.id)
        }
    }

    /// The invoice shows at once as the list had it, and is read again: a download link may
    /// have been re-issued (or the document withdrawn) since the list was read. A failed read
    /// leaves the list's link up and says so.
    func refreshInvoice(_ id: String) {
        run { [self] in
            let outcome: Result<AccountDocument, ChargeError>
            do {
                outcome = .success(try await services.charging.document(id: id))
            } catch {
                outcome = .failure(ChargeError.wrap(error))
            }
            mutate { s in
                guard case .invoice(var shown) = s.history.opened, shown.id == id else { return }
                switch outcome {
                case .success(let fresh): shown = InvoiceDetail(fresh, s.strings)
                case .failure(let e) where e.kind == .notFound: shown.gone(s.strings)
                case .failure(let e): shown.checkNote = s.strings.invoiceNotChecked(s.strings.message(for: e))
                }
                s.history.opened = .invoice(shown)
            }
        }
    }
}
