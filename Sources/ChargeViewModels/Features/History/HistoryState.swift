import ChargeCore
import Foundation

/// After a session: what it came to.
public struct SummaryState: Sendable, Equatable {
    public var stationName: String
    public var energyText: String
    public var durationText: String
    public var costText: String
    public var note: String?
}

/// One past session.
public struct HistoryRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var date: String
    public var place: String
    public var energy: String
    public var cost: String
}

/// One invoice or document.
public struct DocumentRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var date: String
    public var title: String
}

/// Past sessions and invoices.
public struct HistoryState: Sendable, Equatable {
    public var rows: [HistoryRow] = []
    public var documents: [DocumentRow] = []
    public var totalCount = 0
    public var selected = 0
    public var loading = false
    public var error: String?
}

extension SummaryState {
    static func hints(_ t: Strings) -> [KeyHint] {
        [KeyHint(key: "Enter", label: t.done), KeyHint(key: "h", label: t.history), KeyHint(key: "q", label: t.quit)]
    }
}

extension HistoryState {
    static func hints(_ t: Strings) -> [KeyHint] {
        [KeyHint(key: "↑↓", label: t.move), KeyHint(key: "Esc", label: t.back), KeyHint(key: "q", label: t.quit)]
    }
}
