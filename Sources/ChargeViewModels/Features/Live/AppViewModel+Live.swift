import ChargeCore
import Foundation

/// The live panel: following a running session (`followSession`; its figures are a
/// `LiveSession`), stopping it, and the other running sessions (header, `l`, chooser).
/// What follows a live session is `sessionEnded`: its summary (Features/History), or on a
/// locked kiosk panel, forgetting the user. `LiveScreen` in ChargeTUI draws the panel.
extension AppViewModel {
    func openLive(chargelogId: String, stationName: String, connector: Connector?) {
        let t = strings
        let now = time.now()
        let connectorLine = [
            connector?.evseId ?? connector?.label,
            connector.map { "\($0.plugType.description) \(Format.power($0.maxPowerKw, t.language))" },
        ]
        .compactMap { $0 }.joined(separator: " · ")
        mutate { s in
            s.live = LiveSession(
                chargelogId: chargelogId,
                stationName: stationName,
                connectorLine: connectorLine,
                language: t.language,
                followingSince: now
            )
            if !s.running.contains(where: { $0.id == chargelogId }) {
                s.running.append(RunningSession(id: chargelogId, title: stationName, connector: connector))
            }
            s.detail?.start.started()
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
        guard tasks[.running] == nil else { return }
        tasks[.running] = Task { @MainActor [weak self] in
            while !Task.isCancelled {
                try? await self?.time.sleep(seconds: 30)
                guard let self, !Task.isCancelled else { return }
                if state.route != .signIn { await readRunning() }
                if state.allRunning.isEmpty {
                    tasks[.running] = nil
                    return
                }
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
                return RunningSession(
                    id: log.id,
                    title: title ?? log.connector?.evseId ?? log.connector?.label ?? log.id,
                    connector: log.connector
                )
            }
            if let chooser = s.sessionChooser, s.allRunning.count < 2 || chooser.sessions.map(\.id) != s.allRunning.map(\.id) {
                s.sessionChooser =
                    s.allRunning.count >= 2
                    ? SessionChooser(sessions: s.allRunning, selected: min(chooser.selected, s.allRunning.count - 1)) : nil
            }
        }
        return true
    }

    /// Follows a session until it is known to have ended. The core's stream retries every
    /// failed poll itself; should the stream still end with an error, it is opened again
    /// after a capped back-off. Only the server saying the session is gone, a sign-out, or
    /// the user leaving the panel (which cancels this task) stop following.
    func followSession(_ id: String) {
        tasks.cancel(.live)
        // The first stream opens now (in order with the key that asked for it); later ones
        // after a back-off.
        let first = services.charging.liveSession(chargelogId: id)
        tasks[.live] = Task { [weak self] in
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
                        mutate { s in
                            s.live?.note = s.strings.message(for: e)
                            s.running.removeAll { $0.id == id }
                        }
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
        tasks.cancel(.tick)
        tasks[.tick] = Task { [weak self] in
            while !Task.isCancelled {
                try? await self?.time.sleep(seconds: 1)
                guard let self, !Task.isCancelled else { return }
                tick()
            }
        }
    }

    func applySnapshot(_ snap: SessionSnapshot) {
        let now = time.now()
        mutate { s in s.live?.apply(snap, at: now) }
    }

    /// Elapsed time ticks between polls, from the session's start and the injected clock;
    /// figures older than `LiveSession.staleAfter` are marked with their age.
    func tick() {
        guard var live = state.live else { return }
        live.tick(now: time.now())
        if live != state.live { mutate { $0.live = live } }
    }

    /// `finalLog`: the stop's read-back of the session, when this app stopped it (its
    /// receipt needs no further read).
    func sessionEnded(finalLog: Chargelog? = nil) {
        tasks.cancel(.tick)
        let endedId = state.live?.chargelogId
        mutate { s in s.running.removeAll { $0.id == endedId } }
        refreshRunning()
        // On a locked kiosk panel the owner has left: nothing to summarise for a stranger.
        if state.kiosk?.locked == true {
            forgetUser()
            return
        }
        guard let live = state.live, state.route == .live else { return }
        mutate { s in
            s.summary = SummaryState(
                stationName: live.stationName,
                energyText: live.energyText,
                durationText: live.elapsedText,
                costText: live.costText,
                note: s.summary?.note
            )
            s.live?.stopping = false
            s.live?.stale = nil
            s.confirm = nil
            s.status = StatusLine()
            s.navigation.go(.summary)
        }
        presentReceipt(of: live, finalLog: finalLog)
    }

    func handleLive(_ key: KeyPress) {
        switch key {
        case .char("s"), .char("S"):
            guard let live = state.live, live.status.isRunning else { return }
            // A stop under way is confirmed by reading back, never by sending it again.
            if live.stopping {
                setStatus(loading: true, message: strings.stopWaiting)
                return
            }
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
        tasks.cancel(for: .leaveLive)
    }

    func stopCharging() {
        guard let id = state.live?.chargelogId, state.live?.stopping != true else { return }
        mutate { s in
            s.live?.stopping = true
            s.status = StatusLine(loading: true, message: s.strings.stopping)
        }
        run { [self] in
            do {
                let result = try await services.charging.stop(chargelogId: id)
                let log = result.chargelog
                guard state.live?.chargelogId == id else {
                    mutate { $0.running.removeAll { $0.id == id } }
                    refreshRunning()
                    return
                }
                mutate { s in
                    let t = s.strings
                    s.live?.stopped(log)
                    s.summary = SummaryState(
                        stationName: s.live?.stationName ?? "",
                        energyText: "",
                        durationText: "",
                        costText: "",
                        note: result.wasAlreadyStopped ? t.alreadyStopped : nil
                    )
                }
                stopLiveWork()
                sessionEnded(finalLog: log)
            } catch {
                mutate { s in
                    s.live?.stopping = false
                    s.status = StatusLine(message: errorText(error), isError: true)
                }
            }
        }
    }
}
