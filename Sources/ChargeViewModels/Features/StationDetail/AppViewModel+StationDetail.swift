import ChargeCore
import Foundation

/// The station view: its connectors, fresh statuses, the favourite mark; Enter starts a
/// charge (`AppViewModel+StartCharging`).
extension AppViewModel {
    func detailState(_ st: Station) -> StationDetailState {
        let now = time.now()
        let t = strings
        let rows = st.connectors.map { c in
            ConnectorRow(
                id: c.id,
                label: c.label ?? c.evseId ?? c.id,
                status: t.connectorStatus(c.status),
                availability: c.status.availability,
                statusAge: Format.age(c.statusUpdatedAt, now: now, language: t.language),
                plug: c.plugType.description,
                power: "\(Format.power(c.maxPowerKw, t.language)) \(c.powerType == .unknown ? "" : c.powerType.rawValue)"
                    .trimmingCharacters(in: .whitespaces),
                price: Format.price(c.pricePerKwh, c.currency, t.language)
            )
        }
        let hours = st.openingHours.map { "\(Format.dayName($0.dayOfWeek, t.language)) \($0.from)–\($0.to)" }.joined(separator: ", ")
        let firstFree = st.connectors.firstIndex { $0.status == .available } ?? 0
        let opening = st.openingStatus(at: now)
        return StationDetailState(
            station: st,
            title: st.name + (st.isRoaming ? " (\(t.roaming))" : ""),
            addressLine: st.address.singleLine,
            hoursLine: hours,
            opening: opening,
            openingLine: t.openingLine(opening),
            distanceLine: Format.distance(st.distanceKm, t.language),
            rows: rows,
            selected: firstFree,
            isFavourite: memory.favourites.contains(st.id)
        )
    }

    func openDetail(_ station: Station) {
        memory.used(station.id)  // a recent one now: the list's mark follows

        memory.save(to: settings.kiosk != nil ? nil : settings.stateDirectory)
        mutate { s in
            s.detail = detailState(station)
            s.navigation.go(.detail)
        }
        refreshDetail(keepSelection: false)
        watchDetail()
    }

    /// How often the open station is read again.
    static let detailRefreshSeconds: Double = 30

    /// While a station stays open, its statuses, their ages and its open/closed line are read
    /// again every 30 s: a kiosk can sit on one screen for an hour, and "closes 21:00" must not
    /// outlive 21:00. Not while a start is under way (its own calls say what happens), nor
    /// while another screen covers the station; closing the station view ends it.
    func watchDetail() {
        tasks.cancel(.detail)
        tasks[.detail] = Task { @MainActor [weak self] in
            while !Task.isCancelled {
                do {
                    try await self?.time.sleep(seconds: Self.detailRefreshSeconds)
                } catch {
                    return
                }
                // Ended by cancellation only (closing the station, a kiosk forgetting its user,
                // quitting): a wake that finds nothing to read sleeps again.
                guard let self, !Task.isCancelled else { return }
                if state.route == .detail, state.detail?.start.isIdle == true, state.detail?.loading == false {
                    refreshDetail(keepSelection: true)
                }
            }
        }
    }

    /// Fresh statuses for the open station. Just opened (`keepSelection` false), the
    /// selection moves to the first connector free by the fresh statuses (the list's may be a
    /// minute old); later (`r`, the 30 s watch) it stays on the connector the user chose.
    func refreshDetail(keepSelection: Bool = true) {
        guard let id = state.detail?.station.id else { return }
        let distance = state.detail?.station.distanceKm
        mutate { $0.detail?.loading = true }
        run { [self] in
            do {
                var fresh = try await services.stations.station(id: id)
                fresh.distanceKm = fresh.distanceKm ?? distance
                guard let current = state.detail, current.station.id == id else { return }
                let selected = current.selected
                let chosen = current.rows.indices.contains(selected) ? current.rows[selected].id : nil
                let start = current.start
                mutate { s in
                    var d = detailState(fresh)
                    if !start.isIdle {
                        // A start under way keeps its place and its progress.
                        d.selected = min(selected, max(0, d.rows.count - 1))
                        d.start = start
                    } else if keepSelection, let chosen, let i = d.rows.firstIndex(where: { $0.id == chosen }) {
                        d.selected = i
                    }
                    if current.refreshFailed, start.isIdle, s.route == .detail, s.status.isError { s.status = StatusLine() }
                    s.detail = d
                }
            } catch {
                // A failed refresh is news only on an idle detail: during a start the line is
                // the start's, and on another screen it is nobody's.
                mutate { s in
                    s.detail?.loading = false
                    if s.detail?.start.isIdle == true, s.route == .detail {
                        s.status = StatusLine(message: errorText(error), isError: true)
                        s.detail?.refreshFailed = true
                    }
                }
            }
        }
    }

    func handleDetail(_ key: KeyPress) {
        guard let d = state.detail else {
            _ = handleCommon(key)
            return
        }
        let busy = d.isBusy
        if d.start.isContractFormOpen {
            handleContractForm(key)
            return
        }
        if d.start.confirmation != nil {
            // Help and quit still work; every other key belongs to the confirmation.
            if case .char(let c) = key, c == "?" || c == "q" {
                _ = handleCommon(key)
            } else {
                handleStartConfirmation(key)
            }
            return
        }
        switch key {
        case .up, .char("k"): if !busy { mutate { $0.detail?.selected = max(0, d.selected - 1) } }
        case .down, .char("j"): if !busy { mutate { $0.detail?.selected = min(max(0, d.rows.count - 1), d.selected + 1) } }
        case .enter: if !busy { startOnSelected() }
        case .char("c") where d.start.isNoContract: openContractForm()
        case .char("r"): if !busy { refreshDetail() }
        case .char("*"):
            toggleFavourite(d.station)
        case .escape, .backspace:
            if busy { return }
            tasks.cancel(.detail)
            mutate { s in
                s.detail = nil
                _ = s.navigation.back()
            }
        default: _ = handleCommon(key)
        }
    }
}
