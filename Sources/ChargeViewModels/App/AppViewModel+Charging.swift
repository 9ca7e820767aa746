import ChargeCore
import Foundation

extension AppViewModel {
    // MARK: - Detail

    func detailState(_ st: Station) -> StationDetailState {
        let now = time.now()
        let t = strings
        let rows = st.connectors.map { c in
            ConnectorRow(id: c.id, label: c.label ?? c.evseId ?? c.id, status: t.connectorStatus(c.status), availability: c.status.availability,
                         statusAge: Format.age(c.statusUpdatedAt, now: now, language: t.language), plug: c.plugType.description,
                         power: "\(Format.power(c.maxPowerKw, t.language)) \(c.powerType == .unknown ? "" : c.powerType.rawValue)".trimmingCharacters(in: .whitespaces),
                         price: Format.price(c.pricePerKwh, c.currency, t.language))
        }
        let hours = st.openingHours.map { "\(Format.dayName($0.dayOfWeek, t.language)) \($0.from)–\($0.to)" }.joined(separator: ", ")
        let firstFree = st.connectors.firstIndex { $0.status == .available } ?? 0
        return StationDetailState(station: st, title: st.name + (st.isRoaming ? " (\(t.roaming))" : ""), addressLine: st.address.singleLine,
                                  hoursLine: hours, distanceLine: Format.distance(st.distanceKm, t.language), rows: rows, selected: firstFree,
                                  isFavourite: memory.favourites.contains(st.id))
    }

    func openDetail(_ station: Station) {
        memory.used(station.id)
        memory.save(to: settings.kiosk != nil ? nil : settings.stateDirectory)
        mutate { s in
            s.detail = detailState(station)
            s.stations.rows = s.stations.stations.map(row)  // it is a recent one now
            s.navigation.go(.detail)
        }
        refreshDetail()
    }

    /// Fresh statuses for the open station (the list may be a minute old).
    func refreshDetail() {
        guard let id = state.detail?.station.id else { return }
        let distance = state.detail?.station.distanceKm
        mutate { $0.detail?.loading = true }
        run { [self] in
            do {
                var fresh = try await services.stations.station(id: id)
                fresh.distanceKm = fresh.distanceKm ?? distance
                guard state.detail?.station.id == id else { return }
                let selected = state.detail?.selected ?? 0
                let phase = state.detail?.phase ?? .idle
                let steps = state.detail?.steps ?? []
                mutate { s in
                    var d = detailState(fresh)
                    if phase != .idle { d.selected = min(selected, max(0, d.rows.count - 1)); d.phase = phase; d.steps = steps }
                    s.detail = d
                }
            } catch {
                mutate { s in s.detail?.loading = false; s.status = StatusLine(message: errorText(error), isError: true) }
            }
        }
    }

    func handleDetail(_ key: KeyPress) {
        guard let d = state.detail else { _ = handleCommon(key); return }
        let busy = d.phase == .checkingCards || d.phase == .starting || d.phase == .creatingContract
        if d.phase == .contractForm {
            handleContractForm(key)
            return
        }
        switch key {
        case .up, .char("k"): if !busy { mutate { $0.detail?.selected = max(0, d.selected - 1) } }
        case .down, .char("j"): if !busy { mutate { $0.detail?.selected = min(max(0, d.rows.count - 1), d.selected + 1) } }
        case .enter: if !busy { startOnSelected() }
        case .char("c") where d.phase == .noContract: openContractForm()
        case .char("r"): if !busy { refreshDetail() }
        case .char("*"):
            toggleFavourite(d.station)
        case .escape, .backspace:
            if busy { return }
            mutate { s in s.detail = nil; _ = s.navigation.back() }
        default: _ = handleCommon(key)
        }
    }

    func startOnSelected() {
        guard let d = state.detail, d.selected < d.station.connectors.count else { return }
        let station = d.station
        let connector = station.connectors[d.selected]
        guard connector.status == .available else {
            mutate { $0.detail?.phase = .failed($0.strings.connectorNotFree) }
            return
        }
        let t = strings
        mutate { s in
            s.detail?.phase = .checkingCards
            s.detail?.steps = []
            s.status = StatusLine(loading: true, message: t.checkingCards)
        }
        run { [self] in
            do {
                let cards = try await services.charging.cards(connectorId: connector.id)
                guard let card = cards.first(where: { ($0.expiryDate ?? .distantFuture) > time.now() }) ?? cards.first else {
                    mutate { s in s.detail?.phase = .noContract; s.status = StatusLine() }
                    return
                }
                await start(station: station, connector: connector, card: card)
            } catch {
                fail(error)
            }
        }
    }

    func fail(_ error: any Error) {
        let text = errorText(error)
        mutate { s in
            s.detail?.phase = .failed(text)
            if let i = s.detail?.steps.firstIndex(where: { $0.phase == .active }) { s.detail?.steps[i].phase = .failed }
            s.status = StatusLine(message: text, isError: true)
        }
    }

    func start(station: Station, connector: Connector, card: ChargingCard) async {
        let t = strings
        mutate { s in
            s.detail?.phase = .starting
            s.detail?.steps = [StartStep(label: t.stepRequested, phase: .active), StartStep(label: t.stepSending, phase: .pending),
                               StartStep(label: t.stepWaiting, phase: .pending), StartStep(label: t.stepStarted, phase: .pending)]
            s.status = StatusLine(loading: true, message: t.stepRequested)
        }
        let (updates, continuation) = AsyncStream<StartProgress>.makeStream()
        let consumer = Task { [weak self] in
            for await p in updates { self?.startProgress(p) }
        }
        do {
            let id = try await services.charging.start(station: station, connector: connector, card: card) { continuation.yield($0) }
            continuation.finish()
            await consumer.value
            openLive(chargelogId: id, stationName: station.name, connector: connector)
        } catch {
            continuation.finish()
            await consumer.value
            fail(error)
            // A start whose answer was lost may have started the car all the same (soak
            // seed 205427324: the server charged, the app said "failed", nothing led back).
            // Reading the running sessions puts it in the header, and `l` leads to it.
            refreshRunning()
        }
    }

    func startProgress(_ p: StartProgress) {
        let reached: Int
        switch p {
        case .checkingCards, .requested: reached = 0
        case .attempt(.pending): reached = 0
        case .attempt(.sending): reached = 1
        case .attempt(.waitingForStartTransaction): reached = 2
        case .attempt(.chargeLogAttached), .started: reached = 3
        case .attempt(.failed): return
        }
        mutate { s in
            guard var steps = s.detail?.steps, !steps.isEmpty else { return }
            for i in steps.indices { steps[i].phase = i < reached ? .done : i == reached ? (reached == 3 ? .done : .active) : .pending }
            s.detail?.steps = steps
            s.status = StatusLine(loading: reached < 3, message: steps[reached].label)
        }
    }

    /// Loads the rates and payment methods and shows the contract form.
    func openContractForm() {
        mutate { s in s.detail?.phase = .creatingContract; s.status = StatusLine(loading: true, message: s.strings.loadingOptions) }
        run { [self] in
            do {
                async let rates = services.charging.contractRateOptions()
                async let methods = services.charging.contractPaymentMethods()
                let (r, m) = try await (rates, methods)
                guard !r.isEmpty, !m.isEmpty else { throw ChargeError.refused(code: nil, message: strings.noContract) }
                mutate { s in
                    s.detail?.contract = ContractForm(rates: r, methods: m)
                    s.detail?.phase = .contractForm
                    s.status = StatusLine()
                }
            } catch {
                fail(error)
            }
        }
    }

    func handleContractForm(_ key: KeyPress) {
        guard var form = state.detail?.contract else { return }
        let fields = form.fields
        let index = fields.firstIndex(of: form.focus) ?? 0
        switch key {
        case .escape:
            mutate { s in s.detail?.contract = nil; s.detail?.phase = .noContract }
            return
        case .tab, .down:
            form.focus = fields[(index + 1) % fields.count]
        case .backTab, .up:
            form.focus = fields[(index + fields.count - 1) % fields.count]
        case .left, .right:
            let step = key == .left ? -1 : 1
            switch form.focus {
            case .rate: form.rate = (form.rate + step + form.rates.count) % form.rates.count
            case .method: form.method = (form.method + step + form.methods.count) % form.methods.count
            case .iban: form.iban.apply(key)
            case .holder: form.holder.apply(key)
            }
        case .enter:
            submitContract(form)
            return
        default:
            switch form.focus {
            case .iban: form.iban.apply(key)
            case .holder: form.holder.apply(key)
            case .rate, .method: return
            }
        }
        form.error = nil
        mutate { $0.detail?.contract = form }
    }

    /// Checks the form (IBAN mod 97 before anything is sent) and creates the contract.
    func submitContract(_ form: ContractForm) {
        let rate = form.rates[form.rate], method = form.methods[form.method]
        if form.needsBankAccount {
            guard IBAN.isValid(form.iban.text) else { mutate { $0.detail?.contract?.error = $0.strings.ibanInvalid; $0.detail?.contract?.focus = .iban }; return }
            guard !form.holder.text.trimmingCharacters(in: .whitespaces).isEmpty else {
                mutate { $0.detail?.contract?.error = $0.strings.holderMissing; $0.detail?.contract?.focus = .holder }
                return
            }
        }
        mutate { s in s.detail?.phase = .creatingContract; s.status = StatusLine(loading: true, message: s.strings.creatingContract) }
        run { [self] in
            do {
                if form.needsBankAccount {
                    try await services.charging.createSepaContract(SepaContractRequest(paymentMethodId: method.uuid, rateId: rate.uuid, iban: form.iban.text, accountHolder: form.holder.text))
                } else {
                    try await services.charging.createPostpaidContract(paymentMethodId: method.uuid, rateId: rate.uuid)
                }
                mutate { s in
                    s.detail?.contract = nil
                    s.detail?.phase = .idle
                    s.detail?.notice = s.strings.contractCreated
                    s.status = StatusLine(message: s.strings.contractCreated)
                }
            } catch {
                let text = errorText(error)
                mutate { s in
                    s.detail?.phase = .contractForm
                    s.detail?.contract?.error = text
                    s.status = StatusLine(message: text, isError: true)
                }
            }
        }
    }

    // MARK: - Live session

    func openLive(chargelogId: String, stationName: String, connector: Connector?) {
        let t = strings
        let now = time.now()
        let connectorLine = [connector?.evseId ?? connector?.label, connector.map { "\($0.plugType.description) \(Format.power($0.maxPowerKw, t.language))" }]
            .compactMap { $0 }.joined(separator: " · ")
        mutate { s in
            var live = LiveSessionState(chargelogId: chargelogId, stationName: stationName, connectorLine: connectorLine, status: .waitingForTransaction,
                                        statusText: t.statusText(.waitingForTransaction))
            live.followingSince = now
            s.live = live
            if !s.running.contains(where: { $0.id == chargelogId }) {
                s.running.append(RunningSession(id: chargelogId, title: stationName, connector: connector))
            }
            s.detail?.phase = .idle
            s.status = StatusLine()
            s.navigation.go(.live)
        }
        followSession(chargelogId)
        // A start changes what the server lists: the other sessions stay known.
        refreshRunning()
    }

    /// `l`: back to a running session's panel, following it again. With several sessions
    /// running it opens the chooser instead.
    func returnToSession() {
        let all = state.allRunning
        if all.count >= 2 {
            let current = all.firstIndex { $0.id == state.live?.chargelogId } ?? 0
            mutate { $0.sessionChooser = SessionChooser(sessions: all, selected: current) }
            return
        }
        guard let session = all.first else { return }
        showSession(session)
    }

    /// Shows the panel of `session`: the one already in `live`, or a newly followed one.
    func showSession(_ session: RunningSession) {
        if let live = state.live, live.chargelogId == session.id {
            mutate { s in
                s.status = StatusLine()
                s.navigation.go(.live)
            }
            followSession(session.id)
        } else {
            openLive(chargelogId: session.id, stationName: session.title, connector: session.connector)
        }
    }

    func handleChooser(_ key: KeyPress, _ chooser: SessionChooser) {
        switch key {
        case .up, .char("k"): mutate { $0.sessionChooser?.selected = max(0, chooser.selected - 1) }
        case .down, .char("j"): mutate { $0.sessionChooser?.selected = min(chooser.sessions.count - 1, chooser.selected + 1) }
        case .enter:
            mutate { $0.sessionChooser = nil }
            guard chooser.sessions.indices.contains(chooser.selected) else { return }
            showSession(chooser.sessions[chooser.selected])
        case .escape, .backspace, .char("l"), .char("L"): mutate { $0.sessionChooser = nil }
        default: break
        }
    }

    /// Re-reads the user's running sessions (the server's list is the truth); keeps the
    /// last list when the server cannot be asked, and watches again every 30 s while any
    /// session runs.
    func refreshRunning() {
        run { [self] in await readRunning() }
        watchRunning()
    }

    /// Reads the running sessions every 30 s until none is left.
    func watchRunning() {
        guard runningTask == nil else { return }
        runningTask = Task { @MainActor [weak self] in
            while !Task.isCancelled {
                try? await self?.time.sleep(seconds: 30)
                guard let self, !Task.isCancelled else { return }
                if state.route != .signIn { await readRunning() }
                if state.allRunning.isEmpty { runningTask = nil; return }
            }
        }
    }

    /// One read of the running sessions; false when the server could not be asked.
    @discardableResult
    func readRunning() async -> Bool {
        guard let logs = try? await services.charging.runningSessions() else { return false }
        mutate { s in
            let known = s.running
            s.running = logs.map { log in
                let title = known.first { $0.id == log.id }?.title ?? (s.live?.chargelogId == log.id ? s.live?.stationName : nil)
                return RunningSession(id: log.id, title: title ?? log.connector?.evseId ?? log.connector?.label ?? log.id, connector: log.connector)
            }
            if let chooser = s.sessionChooser, s.allRunning.count < 2 || chooser.sessions.map(\.id) != s.allRunning.map(\.id) {
                s.sessionChooser = s.allRunning.count >= 2 ? SessionChooser(sessions: s.allRunning, selected: min(chooser.selected, s.allRunning.count - 1)) : nil
            }
        }
        return true
    }

    /// Follows a session until it is known to have ended. The core's stream retries every
    /// failed poll itself; should the stream still end with an error, it is opened again
    /// after a capped back-off. Only the server saying the session is gone, a sign-out, or
    /// the user leaving the panel (which cancels this task) stop following.
    func followSession(_ id: String) {
        liveTask?.cancel()
        // The first stream opens now (in order with the key that asked for it); later ones
        // after a back-off.
        let first = services.charging.liveSession(chargelogId: id)
        liveTask = Task { [weak self] in
            var failures = 0
            var pending: AsyncThrowingStream<SessionSnapshot, any Error>? = first
            while !Task.isCancelled {
                guard let stream = pending ?? self?.services.charging.liveSession(chargelogId: id) else { return }
                pending = nil
                do {
                    for try await snapshot in stream {
                        guard let self, !Task.isCancelled else { return }
                        failures = 0
                        applySnapshot(snapshot)
                    }
                    // A cancelled stream also ends its loop; a stream that ends by itself has
                    // delivered the session's `stopped` snapshot (the protocol's promise).
                    guard let self, !Task.isCancelled, state.live?.chargelogId == id else { return }
                    sessionEnded()
                    return
                } catch {
                    guard let self, !Task.isCancelled else { return }
                    let e = ChargeError.wrap(error)
                    switch e.kind {
                    case .cancelled: return
                    case .notFound:
                        mutate { s in s.live?.note = s.strings.message(for: e); s.running.removeAll { $0.id == id } }
                        return
                    case .unauthenticated:
                        // The sign-out event takes the user to the form; figures stay marked old.
                        mutate { s in s.live?.note = s.strings.message(for: e) }
                        return
                    default: break
                    }
                }
                failures += 1
                try? await self?.time.sleep(seconds: min(ChargeClient.liveBackoffCap, Double(1 << min(failures - 1, 4))))
            }
        }
        tick()
        tickTask?.cancel()
        tickTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await self?.time.sleep(seconds: 1)
                guard let self, !Task.isCancelled else { return }
                tick()
            }
        }
    }

    func applySnapshot(_ snap: SessionSnapshot) {
        let t = strings
        let now = time.now()
        mutate { s in
            guard var live = s.live, live.chargelogId == snap.chargelog.id else { return }
            let log = snap.chargelog
            live.status = log.status
            live.statusText = t.statusText(log.status)
            live.startedAt = log.dateStart
            live.endedAt = log.dateEnd
            live.elapsedText = Format.duration(snap.elapsed)
            live.energyText = Format.energy(log.energyKwh, t.language)
            live.powerText = Format.livePower(snap.powerKw, t.language)
            live.costText = Format.money(snap.costSoFar, snap.currency, t.language)
            live.note = nil
            live.updatedAt = now
            live.staleText = nil
            if let kw = snap.powerKw { live.chart.append(kw) }
            if live.stationName.isEmpty, let c = log.connector { live.stationName = c.evseId ?? c.label ?? "" }
            s.live = live
        }
    }

    /// Elapsed time ticks between polls, from the session's start and the injected clock;
    /// figures older than `LiveSessionState.staleAfter` are marked with their age.
    func tick() {
        guard var live = state.live else { return }
        let now = time.now()
        if live.status.isRunning, let started = live.startedAt { live.elapsedText = Format.duration(now.timeIntervalSince(started)) }
        live.staleText = staleText(live, now: now)
        if live != state.live { mutate { $0.live = live } }
    }

    func staleText(_ live: LiveSessionState, now: Date) -> String? {
        guard live.status != .stopped else { return nil }
        guard let updated = live.updatedAt else {
            let waited = now.timeIntervalSince(live.followingSince ?? now)
            return waited > LiveSessionState.staleAfter ? strings.noFiguresYet : nil
        }
        let age = now.timeIntervalSince(updated)
        return age > LiveSessionState.staleAfter ? strings.updatedAgo(Int(age)) : nil
    }

    func sessionEnded() {
        tickTask?.cancel()
        let endedId = state.live?.chargelogId
        mutate { s in s.running.removeAll { $0.id == endedId } }
        refreshRunning()
        // On a locked kiosk panel the owner has left: nothing to summarise for a stranger.
        if state.kiosk?.locked == true { forgetUser(); return }
        guard let live = state.live, state.route == .live else { return }
        mutate { s in
            s.summary = SummaryState(stationName: live.stationName, energyText: live.energyText, durationText: live.elapsedText, costText: live.costText, note: s.summary?.note)
            s.live?.stopping = false
            s.live?.staleText = nil
            s.confirm = nil
            s.status = StatusLine()
            s.navigation.go(.summary)
        }
    }

    func handleLive(_ key: KeyPress) {
        switch key {
        case .char("s"), .char("S"):
            guard let live = state.live, live.status.isRunning else { return }
            // A stop under way is confirmed by reading back, never by sending it again.
            if live.stopping { setStatus(loading: true, message: strings.stopWaiting); return }
            mutate { $0.confirm = ConfirmDialog(purpose: .stop, question: $0.strings.stopQuestion, options: $0.strings.confirmYesNo) }
        case .escape, .backspace:
            // The session keeps running; `l` from any other screen brings its panel back.
            stopLiveWork()
            mutate { $0.navigation.go(.stations) }
            // A start or stop changed a connector: the list shows it as it is now.
            reloadStations(keepSelection: true)
        default: _ = handleCommon(key)
        }
    }

    func stopLiveWork() {
        liveTask?.cancel()
        tickTask?.cancel()
    }

    func stopCharging() {
        guard let id = state.live?.chargelogId, state.live?.stopping != true else { return }
        mutate { s in s.live?.stopping = true; s.status = StatusLine(loading: true, message: s.strings.stopping) }
        run { [self] in
            do {
                let result = try await services.charging.stop(chargelogId: id)
                let log = result.chargelog
                guard state.live?.chargelogId == id else { mutate { $0.running.removeAll { $0.id == id } }; refreshRunning(); return }
                mutate { s in
                    let t = s.strings
                    s.live?.status = log.status
                    s.live?.statusText = t.statusText(log.status)
                    s.live?.energyText = Format.energy(log.energyKwh, t.language)
                    if let cost = log.cost?.grossAmount ?? log.cost?.total { s.live?.costText = Format.money(cost, log.cost?.currency, t.language) }
                    if let a = log.dateStart, let b = log.dateEnd { s.live?.elapsedText = Format.duration(b.timeIntervalSince(a)) }
                    s.summary = SummaryState(stationName: s.live?.stationName ?? "", energyText: "", durationText: "", costText: "",
                                             note: result.wasAlreadyStopped ? t.alreadyStopped : nil)
                }
                stopLiveWork()
                sessionEnded()
            } catch {
                mutate { s in s.live?.stopping = false; s.status = StatusLine(message: errorText(error), isError: true) }
            }
        }
    }

    // MARK: - Summary and history

    func handleSummary(_ key: KeyPress) {
        switch key {
        case .enter, .escape, .backspace:
            // Other sessions still running stay in the header; `l` opens them.
            mutate { s in s.live = nil; s.summary = nil; s.navigation.go(.stations) }
            reloadStations(keepSelection: true)
        case .char("h"): openHistory()
        default: _ = handleCommon(key)
        }
    }

    func openHistory() {
        mutate { s in s.navigation.go(.history); s.history.loading = true; s.history.error = nil; s.status = StatusLine(loading: true, message: s.strings.loading) }
        run { [self] in
            do {
                async let sessions = services.charging.history(offset: 0, limit: 50)
                async let docs = services.charging.documents(offset: 0, limit: 20)
                let (page, documents) = try await (sessions, docs)
                mutate { s in
                    s.history.rows = page.items.map { log in
                        HistoryRow(id: log.id, date: Format.dateTime(log.dateStart, s.strings.language), place: log.connector?.evseId ?? log.connector?.label ?? "–",
                                   energy: Format.energy(log.energyKwh, s.strings.language),
                                   cost: Format.money(log.cost?.grossAmount ?? log.cost?.total, log.cost?.currency, s.strings.language))
                    }
                    s.history.documents = documents.items.map { DocumentRow(id: $0.id, date: Format.dateTime($0.documentDate, s.strings.language), title: $0.title ?? $0.id) }
                    s.history.totalCount = page.totalCount
                    s.history.loading = false
                    s.history.selected = 0
                    s.status = StatusLine()
                }
            } catch {
                let text = errorText(error)
                mutate { s in s.history.loading = false; s.history.error = text; s.status = StatusLine(message: text, isError: true) }
            }
        }
    }

    func handleHistory(_ key: KeyPress) {
        switch key {
        case .up, .char("k"): mutate { $0.history.selected = max(0, $0.history.selected - 1) }
        case .down, .char("j"): mutate { $0.history.selected = min(max(0, $0.history.rows.count - 1), $0.history.selected + 1) }
        case .escape, .backspace:
            mutate { $0.navigation.go(.stations) }
            if state.stations.stations.isEmpty { reloadStations() }
        default: _ = handleCommon(key)
        }
    }
}
