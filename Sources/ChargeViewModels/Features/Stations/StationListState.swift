import ChargeCore
import Foundation

/// One row of the station list, ready to draw.
public struct StationRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var distance: String
    public var name: String
    public var free: String
    public var availability: ConnectorStatus.Availability
    public var maxPower: String
    public var plugs: String
    public var isFavourite = false
    /// Among the last five stations this user opened here (not kept in kiosk mode).
    public var isRecent = false
    public var isRoaming: Bool
    /// Closed by its opening hours when the page arrived (in the station's zone); false when
    /// open, 24/7 or unknown: a row is never marked closed on a guess.
    public var isClosedNow = false

    /// The text of a station's row in `language` (marks not set: they are the user's);
    /// `now`: when the page arrived, for the closed mark (none without it).
    init(_ st: Station, language: Language, now: Date? = nil) {
        let free = st.availableCount
        id = st.id
        distance = Format.distance(st.distanceKm, language)
        name = st.name
        self.free = "\(free)/\(st.connectors.count)"
        availability = free > 0 ? .free : st.connectors.contains { $0.status.availability == .busy } ? .busy : .outOfOrder
        maxPower = Format.power(st.maxPowerKw, language)
        plugs = Format.plugs(st.plugTypes)
        isRoaming = st.isRoaming
        isClosedNow = now.map { st.openingStatus(at: $0).isClosed } ?? false
    }
}

/// A loaded station and its row's text, made together when its page arrives (they cannot
/// disagree: nothing changes one without the other).
/// A class, so that reading the list (a thousand rows measured each frame) copies one
/// reference per row, not a whole station.
public final class StationEntry: Sendable, Equatable {
    public let station: Station
    public let cells: StationRow

    init(station: Station, cells: StationRow) {
        self.station = station
        self.cells = cells
    }

    public static func == (a: StationEntry, b: StationEntry) -> Bool { a === b || a.station == b.station && a.cells == b.cells }
}

/// The rows of the list, derived from the loaded stations and the user's marks
/// (favourites, recently opened) when read; a changed mark needs no rebuilt rows.
public struct StationRows: RandomAccessCollection, Sendable {
    let entries: [StationEntry]
    let favourites: Set<String>
    let recent: Set<String>

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }
    public subscript(i: Int) -> StationRow {
        var row = entries[i].cells
        row.isFavourite = favourites.contains(row.id)
        row.isRecent = recent.contains(row.id)
        return row
    }

    /// The rows without their marks (what the column widths are measured on: cheap for
    /// a thousand rows each frame).
    public var unmarked: LazyMapCollection<[StationEntry], StationRow> { entries.lazy.map { $0.cells } }
}

/// The station list: a radius around a position, filters, a paged list. `filter` is the
/// one place the radius and the filters are decided; `+`/`-`, the filter dialog and the
/// search line all change it, and every page is asked for with it.
public struct StationListState: Sendable, Equatable {
    /// A line the user is typing into, if any.
    public enum Editing: Sendable, Equatable {
        case search(TextField)
        case position(TextField)
    }

    public var filter: StationFilter
    /// False until a position is configured or typed (the list then asks for one).
    public var positionKnown = true
    public private(set) var entries: [StationEntry] = []
    /// Favourites and the recently opened stations (marks on the rows).
    public var memory = StationMemory()
    public var totalCount = 0
    public var selected = 0
    public var loading = false
    public var error: String?
    public var editing: Editing?
    /// "47.8095,13.0550 · 5 km · Type 2, ≥ 22 kW"
    public var header = ""
    /// "69 stations within 5 km"
    public var countLine = ""
    /// Shown when the list is empty and nothing is loading.
    public var emptyText: String?
    /// End was pressed before every page was loaded: pages are fetched until the last.
    public var fetchingToEnd = false
    /// The server refused the `openNow` filter: the dialog no longer offers it.
    public var openNowUnsupported = false
    /// Said on the status line once the next first page has landed (then cleared).
    public var notice: String?
    public var hasMore: Bool { entries.count < totalCount }

    public init(filter: StationFilter) { self.filter = filter }

    /// The loaded stations, in list order.
    public var stations: LazyMapCollection<[StationEntry], Station> { entries.lazy.map { $0.station } }

    public var rows: StationRows {
        StationRows(entries: entries, favourites: Set(memory.favourites), recent: Set(memory.recent.prefix(5)))
    }

    /// A first page (a new search): the list is these stations. `now`: when it arrived (the
    /// closed marks are as fresh as the page, like the connector statuses).
    public mutating func replace(with page: [Station], language: Language, now: Date? = nil) {
        entries = page.map { StationEntry(station: $0, cells: StationRow($0, language: language, now: now)) }
    }

    /// The next page.
    public mutating func append(_ page: [Station], language: Language, now: Date? = nil) {
        entries += page.map { StationEntry(station: $0, cells: StationRow($0, language: language, now: now)) }
    }

    /// The footer on the list.
    func hints(_ t: Strings) -> [KeyHint] {
        if editing != nil { return [KeyHint(key: "Enter", label: t.apply), KeyHint(key: "Esc", label: t.cancel)] }
        return [
            KeyHint(key: "↑↓", label: t.move), KeyHint(key: "Enter", label: t.open), KeyHint(key: "/", label: t.search),
            KeyHint(key: "f", label: t.filters),
            KeyHint(key: "+/-", label: t.radius), KeyHint(key: "r", label: t.refresh), KeyHint(key: "h", label: t.history),
            KeyHint(key: "?", label: t.help),
            KeyHint(key: "q", label: t.quit),
        ]
    }
}
