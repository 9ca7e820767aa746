import Foundation

/// A point on Earth in decimal degrees (WGS 84).
public struct GeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Whether both coordinates are finite and inside their ranges.
    public var isValid: Bool {
        latitude.isFinite && longitude.isFinite && (-90...90).contains(latitude) && (-180...180).contains(longitude)
    }
}

/// A postal address as the API reports it; every part may be missing.
public struct Address: Sendable, Hashable, Codable {
    public var street: String?
    public var houseNumber: String?
    public var zip: String?
    public var city: String?
    public var country: String?

    public init(street: String? = nil, houseNumber: String? = nil, zip: String? = nil, city: String? = nil, country: String? = nil) {
        self.street = street
        self.houseNumber = houseNumber
        self.zip = zip
        self.city = city
        self.country = country
    }

    /// One line for lists: "Street 12, 5020 City" with missing parts left out.
    public var singleLine: String {
        let streetPart = [street, houseNumber].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let cityPart = [zip, city].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return [streetPart, cityPart].filter { !$0.isEmpty }.joined(separator: ", ")
    }
}

/// Opening hours of a station for one weekday ("from"/"to" as the API gives them, e.g. "08:00").
public struct OpeningHours: Sendable, Hashable, Codable {
    public var dayOfWeek: String
    public var from: String
    public var to: String

    public init(dayOfWeek: String, from: String, to: String) {
        self.dayOfWeek = dayOfWeek
        self.from = from
        self.to = to
    }
}

/// A charging station ("charge point", `Cp` in the API) with its connectors.
public struct Station: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// Display name: `publicDisplayName`, else `label`, else the id.
    public var name: String
    public var label: String?
    public var address: Address
    public var location: GeoPoint?
    /// Great-circle distance in km from the search position; nil without one.
    public var distanceKm: Double?
    /// Roaming stations cannot use `attemptRemoteStart`; they start with `remoteStart`.
    public var isRoaming: Bool
    public var timeZone: String?
    public var openingHours: [OpeningHours]
    public var connectors: [Connector]

    public init(
        id: String,
        name: String,
        label: String? = nil,
        address: Address = Address(),
        location: GeoPoint? = nil,
        distanceKm: Double? = nil,
        isRoaming: Bool = false,
        timeZone: String? = nil,
        openingHours: [OpeningHours] = [],
        connectors: [Connector] = []
    ) {
        self.id = id
        self.name = name
        self.label = label
        self.address = address
        self.location = location
        self.distanceKm = distanceKm
        self.isRoaming = isRoaming
        self.timeZone = timeZone
        self.openingHours = openingHours
        self.connectors = connectors
    }

    /// Connectors whose status is `Available`.
    public var availableCount: Int { connectors.filter { $0.status == .available }.count }
    /// The highest connector power in kW, if any connector reports one.
    public var maxPowerKw: Double? { connectors.compactMap(\.maxPowerKw).max() }
    /// Distinct plug types, in first-seen order.
    public var plugTypes: [PlugType] {
        var seen: [PlugType] = []
        for c in connectors where !seen.contains(c.plugType) { seen.append(c.plugType) }
        return seen
    }
}

/// A plug type. Known values have cases; anything else a tenant reports is kept verbatim.
public enum PlugType: Sendable, Hashable, Codable, CustomStringConvertible {
    case type2, ccs, chademo, schuko, type1
    case other(String)

    public init(apiValue: String) {
        switch apiValue.uppercased() {
        case "TYPE_2": self = .type2
        case "CCS": self = .ccs
        case "CHADEMO": self = .chademo
        case "SCHUKO": self = .schuko
        case "TYPE_1": self = .type1
        default: self = .other(apiValue)
        }
    }

    /// The value the API uses (`TYPE_2`, `CCS`, ...).
    public var apiValue: String {
        switch self {
        case .type2: "TYPE_2"
        case .ccs: "CCS"
        case .chademo: "CHADEMO"
        case .schuko: "SCHUKO"
        case .type1: "TYPE_1"
        case .other(let s): s
        }
    }

    /// Short human name ("Type 2", "CCS", "CHAdeMO").
    public var description: String {
        switch self {
        case .type2: "Type 2"
        case .ccs: "CCS"
        case .chademo: "CHAdeMO"
        case .schuko: "Schuko"
        case .type1: "Type 1"
        case .other(let s): s
        }
    }

    /// The plug types a filter can offer.
    public static let known: [PlugType] = [.type2, .ccs, .chademo, .schuko, .type1]
}

/// AC or DC charging.
public enum PowerType: String, Sendable, Hashable, Codable {
    case ac = "AC"
    case dc = "DC"
    case unknown
}

/// OCPP 1.6 connector status. Unknown values are kept verbatim, never a crash.
public enum ConnectorStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    case available, preparing, charging, suspendedEV, suspendedEVSE, finishing, reserved, unavailable, faulted
    case other(String)

    public init(apiValue: String?) {
        switch apiValue ?? "" {
        case "Available": self = .available
        case "Preparing": self = .preparing
        case "Charging": self = .charging
        case "SuspendedEV": self = .suspendedEV
        case "SuspendedEVSE": self = .suspendedEVSE
        case "Finishing": self = .finishing
        case "Reserved": self = .reserved
        case "Unavailable": self = .unavailable
        case "Faulted": self = .faulted
        case let s: self = .other(s)
        }
    }

    /// The API's spelling.
    public var apiValue: String {
        switch self {
        case .available: "Available"
        case .preparing: "Preparing"
        case .charging: "Charging"
        case .suspendedEV: "SuspendedEV"
        case .suspendedEVSE: "SuspendedEVSE"
        case .finishing: "Finishing"
        case .reserved: "Reserved"
        case .unavailable: "Unavailable"
        case .faulted: "Faulted"
        case .other(let s): s
        }
    }

    public var description: String { apiValue }

    /// Broad class for colouring: free, busy, or out of order.
    public var availability: Availability {
        switch self {
        case .available: .free
        case .preparing, .charging, .suspendedEV, .suspendedEVSE, .finishing, .reserved: .busy
        case .unavailable, .faulted, .other: .outOfOrder
        }
    }

    /// Broad availability classes used for colours and filters.
    public enum Availability: Sendable, Hashable { case free, busy, outOfOrder }
}

/// One connector (plug) of a station.
public struct Connector: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var label: String?
    public var evseId: String?
    public var status: ConnectorStatus
    /// When the station last reported `status`; an old status is shown with its age.
    public var statusUpdatedAt: Date?
    public var plugType: PlugType
    public var powerType: PowerType
    public var maxPowerKw: Double?
    public var pricePerKwh: Double?
    public var currency: String?

    public init(
        id: String,
        label: String? = nil,
        evseId: String? = nil,
        status: ConnectorStatus = .available,
        statusUpdatedAt: Date? = nil,
        plugType: PlugType = .type2,
        powerType: PowerType = .ac,
        maxPowerKw: Double? = nil,
        pricePerKwh: Double? = nil,
        currency: String? = nil
    ) {
        self.id = id
        self.label = label
        self.evseId = evseId
        self.status = status
        self.statusUpdatedAt = statusUpdatedAt
        self.plugType = plugType
        self.powerType = powerType
        self.maxPowerKw = maxPowerKw
        self.pricePerKwh = pricePerKwh
        self.currency = currency
    }
}

/// What the user is looking for: a radius around a position plus optional criteria.
public struct StationFilter: Sendable, Hashable, Codable {
    public var position: GeoPoint
    public var radiusKm: Double
    /// Only stations with at least one `Available` connector.
    public var onlyAvailable: Bool
    /// Any of these plug types; empty means all.
    public var plugTypes: [PlugType]
    /// At least this power on one connector (kW).
    public var minPowerKw: Double?
    /// Case-insensitive text on label, address, city; nil or empty means none.
    public var search: String?
    /// Only stations open now by their opening hours, decided by the server (`openNow`, an
    /// [ours] field of `CpFilter`) so that counts and pages stay right. Sent only when set:
    /// a server without the field then still answers every other search.
    public var openNow: Bool

    /// The message (English, `ChargeError.badInput`) when the server does not know `openNow`.
    public static let openNowUnsupported =
        "This server's station search cannot filter by opening hours (it has no openNow field). Turn \"open now\" off."

    public init(
        position: GeoPoint,
        radiusKm: Double,
        onlyAvailable: Bool = false,
        plugTypes: [PlugType] = [],
        minPowerKw: Double? = nil,
        search: String? = nil,
        openNow: Bool = false
    ) {
        self.position = position
        self.radiusKm = radiusKm
        self.onlyAvailable = onlyAvailable
        self.plugTypes = plugTypes
        self.minPowerKw = minPowerKw
        self.search = search
        self.openNow = openNow
    }
}

/// One page of a paged list.
public struct Page<Item: Sendable & Hashable>: Sendable, Hashable {
    public var items: [Item]
    /// Total matches on the server, across all pages.
    public var totalCount: Int
    public var offset: Int
    public var limit: Int

    public init(items: [Item], totalCount: Int, offset: Int, limit: Int) {
        self.items = items
        self.totalCount = totalCount
        self.offset = offset
        self.limit = limit
    }

    /// Whether more items exist after this page.
    public var hasMore: Bool { offset + items.count < totalCount }
}
