/// Where the user is, as a value with its own transitions (tested on its own).
///
/// sign-in → stations → detail → live → summary; history from the list; a sign-out from
/// anywhere returns to sign-in and remembers where to go back after signing in again.
public struct Navigation: Sendable, Equatable {
    public enum Route: Sendable, Equatable { case signIn, stations, detail, live, summary, history }

    public private(set) var route: Route = .signIn
    /// Where to return after signing in again.
    public private(set) var returnTo: Route?

    public init() {}

    public mutating func go(_ route: Route) { self.route = route }

    /// Signed out: remember the route (unless it was sign-in) and show sign-in.
    public mutating func signedOut() {
        if route != .signIn { returnTo = route }
        route = .signIn
    }

    /// Signed in: back where the user was, or the station list.
    public mutating func signedIn() {
        route = returnTo ?? .stations
        returnTo = nil
    }

    /// Esc/Backspace: one level up. Returns false when there is nowhere to go.
    public mutating func back() -> Bool {
        switch route {
        case .detail, .history, .summary:
            route = .stations
            return true
        case .signIn, .stations, .live: return false
        }
    }
}
