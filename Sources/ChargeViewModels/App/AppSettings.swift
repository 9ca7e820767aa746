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
    /// Kiosk mode (nil: a personal terminal).
    public var kiosk: KioskSettings?
    /// Page size for the station list.
    public var pageSize: Int

    public init(
        language: Language = .en,
        position: GeoPoint? = nil,
        radiusKm: Double = 5,
        signInHint: (username: String, password: String)? = nil,
        stateDirectory: URL? = nil,
        kiosk: KioskSettings? = nil,
        pageSize: Int = 25
    ) {
        self.language = language
        self.position = position
        self.radiusKm = radiusKm
        self.signInHint = signInHint
        self.stateDirectory = stateDirectory
        self.kiosk = kiosk
        self.pageSize = pageSize
    }

    /// The radius steps offered by `+`/`-`.
    public static let radiusSteps: [Double] = ClientConfig.radiusSteps
}

/// Kiosk behaviour: staff leave with a PIN; idle users are signed out.
public struct KioskSettings: Sendable {
    /// Seconds without a key before the sign-out countdown starts.
    public var idleSeconds: Double
    /// Seconds the countdown shows before signing out (any key cancels it). At most half
    /// the idle time: with `idle_minutes = 0.25` a 15 s countdown showed one second after
    /// every key, and "any key cancels the countdown" then ate the next key a person typed.
    public var countdownSeconds: Double
    /// Checks the admin PIN (against the hash from the config; injected so the view model
    /// never sees the hash and tests need no slow key derivation).
    public var verifyPin: @Sendable (String) -> Bool
    /// Wrong PINs in a row before entry pauses, and for how long: the first pause, then
    /// each longer (see `pinLockoutEscalation`).
    public var maxPinAttempts: Int
    public var pinLockoutSeconds: Double
    /// Lengths of successive pauses: 30 s, 2 min, 10 min by default (the last repeats).
    public var pinLockoutEscalation: [Double] { [pinLockoutSeconds, pinLockoutSeconds * 4, pinLockoutSeconds * 20] }

    public init(
        idleSeconds: Double = 180,
        countdownSeconds: Double = 30,
        verifyPin: @escaping @Sendable (String) -> Bool,
        maxPinAttempts: Int = 3,
        pinLockoutSeconds: Double = 30
    ) {
        self.idleSeconds = idleSeconds
        self.countdownSeconds = min(countdownSeconds, idleSeconds / 2)
        self.verifyPin = verifyPin
        self.maxPinAttempts = maxPinAttempts
        self.pinLockoutSeconds = pinLockoutSeconds
    }
}
