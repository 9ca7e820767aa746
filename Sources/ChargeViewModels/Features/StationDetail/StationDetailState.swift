import ChargeCore
import Foundation

/// One connector row of the detail view.
public struct ConnectorRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var label: String
    public var status: String
    public var availability: ConnectorStatus.Availability
    public var statusAge: String
    public var plug: String
    public var power: String
    public var price: String
}

/// A station's details, and starting a charge there (`start`).
public struct StationDetailState: Sendable, Equatable {
    public var station: Station
    public var title: String
    public var addressLine: String
    /// The hours as the server sent them, day names in the UI language (never evaluated).
    public var hoursLine: String
    /// Open, closed or unknown when the view was made, in the station's own zone.
    public var opening: OpeningStatus = .unknown
    /// "Open now · closes 21:00", "Closed · opens Mon 07:00", "Open 24/7"; empty when unknown.
    public var openingLine = ""
    public var distanceLine: String
    public var rows: [ConnectorRow]
    public var selected = 0
    public var start = StartCharging()
    public var loading = false
    /// The last refresh failed and said so on the status line; the next one that works
    /// clears that line (the 30 s watch would otherwise leave an old error up for good).
    public var refreshFailed = false
    /// Marked with `*`: the title shows ★.
    public var isFavourite = false

    /// A start is under way (cards checked or the command sent): charging may begin.
    public var isStarting: Bool { start.isStarting }
    /// Waiting on the server: the keys that change the station view do nothing.
    public var isBusy: Bool { start.isBusy }

    /// The footer on the station view.
    static func hints(for d: StationDetailState?, _ t: Strings) -> [KeyHint] {
        let start = d?.start ?? StartCharging()
        // Checking cards, starting, creating a contract: no key but help and quit acts.
        if start.isBusy { return [KeyHint(key: "?", label: t.help), KeyHint(key: "q", label: t.quit)] }
        if let c = start.confirmation {
            return (c.cards.count > 1 ? [KeyHint(key: "↑↓", label: t.pickCard)] : []) + [
                KeyHint(key: "Enter", label: t.confirmStart), KeyHint(key: "Esc", label: t.cancel),
            ]
        }
        if start.isNoContract { return [KeyHint(key: "c", label: t.createContract), KeyHint(key: "Esc", label: t.back)] }
        if start.isContractFormOpen {
            return [
                KeyHint(key: "Tab", label: t.nextField), KeyHint(key: "←→", label: t.toggle),
                KeyHint(key: "Enter", label: t.createContract), KeyHint(key: "Esc", label: t.cancel),
            ]
        }
        return [
            KeyHint(key: "↑↓", label: t.move), KeyHint(key: "Enter", label: t.start), KeyHint(key: "*", label: t.favourite),
            KeyHint(key: "r", label: t.refresh),
            KeyHint(key: "Esc", label: t.back), KeyHint(key: "q", label: t.quit),
        ]
    }
}
