import ChargeCore
import Foundation

/// The core's services the app uses.
public struct AppServices: Sendable {
    public var auth: any AuthServicing
    public var stations: any StationServicing
    public var charging: any ChargingServicing

    public init(auth: any AuthServicing, stations: any StationServicing, charging: any ChargingServicing) {
        self.auth = auth
        self.stations = stations
        self.charging = charging
    }
}

/// How the app starts: language, where the user is, hints, persistence.
public struct AppSettings: Sendable {
    public var language: Language
    /// Position to search around; nil asks the user to type one.
    public var position: GeoPoint?
    public var radiusKm: Double
    /// Prefill and hint for the sign-in form (the embedded sandbox's demo user).
    public var signInHint: (username: String, password: String)?
    /// Where favourites and recently used stations are kept; nil keeps nothing on disk.
    public var stateDirectory: URL?
    public var kiosk: Bool
    /// Page size for the station list.
    public var pageSize: Int

    public init(language: Language = .en, position: GeoPoint? = nil, radiusKm: Double = 5, signInHint: (username: String, password: String)? = nil,
                stateDirectory: URL? = nil, kiosk: Bool = false, pageSize: Int = 25) {
        self.language = language
        self.position = position
        self.radiusKm = radiusKm
        self.signInHint = signInHint
        self.stateDirectory = stateDirectory
        self.kiosk = kiosk
        self.pageSize = pageSize
    }

    /// The radius steps offered by `+`/`-`.
    public static let radiusSteps: [Double] = [1, 2, 5, 10, 25, 50]
}
