import ChargeCore
import Foundation

/// After a session, its summary; from the list, past sessions and invoices.
extension AppViewModel {
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
        default: _ = handleCommon(key)
        }
    }

    func openHistory() {
        mutate { s in
            s.navigation.go(.history)
            s.history.loading = true
            s.history.error = nil
            s.status = StatusLine(loading: true, message: s.strings.loading)
        }
        run { [self] in
            do {
                async let sessions = services.charging.history(offset: 0, limit: 50)
                async let docs = services.charging.documents(offset: 0, limit: 20)
                let (page, documents) = try await (sessions, docs)
                mutate { s in
                    s.history.rows = page.items.map { log in
                        HistoryRow(
                            id: log.id,
                            date: Format.dateTime(log.dateStart, s.strings.language),
                            place: log.connector?.evseId ?? log.connector?.label ?? "–",
                            energy: Format.energy(log.energyKwh, s.strings.language),
                            cost: Format.money(log.cost?.grossAmount ?? log.cost?.total, log.cost?.currency, s.strings.language)
                        )
                    }
                    s.history.documents = documents.items.map {
                        DocumentRow(id: $0.id, date: Format.dateTime($0.documentDate, s.strings.language), title: $0.title ?? $0.id)
                    }
                    s.history.totalCount = page.totalCount
                    s.history.loading = false
                    s.history.selected = 0
                    s.status = StatusLine()
                }
            } catch {
                let text = errorText(error)
                mutate { s in
                    s.history.loading = false
                    s.history.error = text
                    s.status = StatusLine(message: text, isError: true)
                }
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
