import ChargeCore
import Foundation

/// After a session: what it came to. The three figures come from the live panel at once;
/// the receipt follows from the server's final record (`receipt`, nil until it is read).
public struct SummaryState: Sendable, Equatable {
    public var stationName: String
    public var energyText: String
    public var durationText: String
    public var costText: String
    public var note: String?
    /// The full receipt, replacing the three lines once the server's record is read.
    public var receipt: Receipt? = nil
    /// The first receipt row shown (↑↓ scroll a receipt taller than the screen).
    public var scroll = 0
}

/// One past session.
public struct HistoryRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var date: String
    /// The station's name once found, else the connector's EVSE id.
    public var place: String
    public var energy: String
    public var cost: String
    /// The record itself: Enter makes its receipt.
    public var log: Chargelog
}

/// One invoice or document.
public struct DocumentRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var date: String
    public var kind: String
    public var title: String
    public var document: AccountDocument
}

/// One of the history's lists, read page by page: the rows so far, the cursor, and where
/// the next page starts. Pure; `HistoryListTests` drive it.
public struct PagedRows<Row: Sendable & Equatable & Identifiable>: Sendable, Equatable {
    public var rows: [Row] = []
    /// The server's count of all rows (every page).
    public var totalCount = 0
    public var selected = 0
    /// Where the next page starts; nil once every page is read.
    public var nextOffset: Int? = 0
    public var loadingMore = false
    /// End was pressed: pages are read until the last, then the cursor goes to its end.
    public var followEnd = false

    public init() {}

    public var selectedRow: Row? { rows.indices.contains(selected) ? rows[selected] : nil }
    public var isComplete: Bool { nextOffset == nil }

    /// Moves the cursor by `delta` rows, within the rows read so far.
    public mutating func move(by delta: Int) {
        selected = rows.isEmpty ? 0 : min(rows.count - 1, max(0, selected + delta))
    }

    /// True when the cursor is within `lookahead` rows of the end of what is read and more
    /// pages remain: the next page is read before the cursor gets there.
    public func wantsMore(lookahead: Int) -> Bool {
        !loadingMore && nextOffset != nil && selected >= rows.count - max(1, lookahead)
    }

    /// A page arrived: its rows are appended (a row already listed, shifted by a session
    /// that began meanwhile, is not listed twice).
    public mutating func received(_ page: [Row], totalCount: Int, nextOffset: Int?) {
        let known = Set(rows.map { AnyHashable($0.id) })
        rows.append(contentsOf: page.filter { !known.contains(AnyHashable($0.id)) })
        self.totalCount = max(totalCount, rows.count)
        self.nextOffset = nextOffset
        loadingMore = false
        if followEnd && nextOffset == nil {
            followEnd = false
            selected = max(0, rows.count - 1)
        }
        move(by: 0)
    }
}

/// What Enter opened over the history's lists.
public enum HistoryDetail: Sendable, Equatable {
    case receipt(Receipt)
    case invoice(InvoiceDetail)
}

/// An invoice opened from the history: its details and its download link, as text and, when
/// it is an http(s) address, as a QR code to scan.
public struct InvoiceDetail: Sendable, Equatable {
    public var id: String
    public var title: String
    public var kind: String
    public var date: String
    /// The link as the server sent it, display-safe; nil when there is none.
    public var link: String?
    /// The link to encode as a QR code: only an http(s) address (`AccountDocument.openableLink`).
    public var qrLink: String?
    /// Why there is no QR code, when there is none.
    public var note: String?
    /// Set when reading the document again failed: the link shown is the list's.
    public var checkNote: String?

    public init(_ d: AccountDocument, _ t: Strings) {
        id = d.id
        title = d.title.flatMap { $0.isEmpty ? nil : $0 } ?? d.id
        kind = t.invoiceKind(d.kind)
        date = d.documentDate.map { Format.dateTime($0, t.language) } ?? t.missingFigure
        link = d.downloadLink.flatMap { $0.isEmpty ? nil : $0 }
        qrLink = d.openableLink
        note = link == nil ? t.invoiceNoLink : qrLink == nil ? t.invoiceLinkNotOpenable : nil
    }

    /// The server says the document is gone: its old link is not offered any more.
    public mutating func gone(_ t: Strings) {
        link = nil
        qrLink = nil
        note = t.invoiceGone
        checkNote = nil
    }
}

/// Past sessions and invoices: two lists (Tab switches), each with its cursor, read page by
/// page as the cursor nears the end; Enter opens a receipt or an invoice over them.
public struct HistoryState: Sendable, Equatable {
    public enum Tab: Sendable, Equatable { case sessions, invoices }
    public var tab = Tab.sessions
    public var sessions = PagedRows<HistoryRow>()
    public var invoices = PagedRows<DocumentRow>()
    /// The receipt or invoice open over the lists (Esc closes it; the cursor stays).
    public var opened: HistoryDetail?
    /// The first row of the opened receipt shown (scrolling).
    public var scroll = 0
    /// Stations found for connectors (by connector id), kept while the app runs: rows show
    /// station names, receipts addresses and time zones.
    public var places: [String: Station] = [:]
    /// Connectors whose station was looked for and not found (not looked for again).
    public var unresolved: Set<String> = []
    /// The first pages are being read.
    public var loading = false
    public var error: String?
    /// Bumped by each opening of the history: pages of an earlier one are dropped.
    public var generation = 0

    public init() {}
}

extension SummaryState {
    static func hints(_ t: Strings, hasReceipt: Bool = false) -> [KeyHint] {
        var h = [KeyHint(key: "Enter", label: t.done), KeyHint(key: "h", label: t.history), KeyHint(key: "q", label: t.quit)]
        if hasReceipt { h.insert(KeyHint(key: "↑↓", label: t.scrollHint), at: 1) }
        return h
    }
}

extension HistoryState {
    static func hints(for h: HistoryState, _ t: Strings) -> [KeyHint] {
        if h.opened != nil {
            return [KeyHint(key: "↑↓", label: t.scrollHint), KeyHint(key: "Esc", label: t.back), KeyHint(key: "q", label: t.quit)]
        }
        return [
            KeyHint(key: "↑↓", label: t.move), KeyHint(key: "Enter", label: t.open), KeyHint(key: "Tab", label: t.historySwitch),
            KeyHint(key: "Esc", label: t.back), KeyHint(key: "q", label: t.quit),
        ]
    }
}
