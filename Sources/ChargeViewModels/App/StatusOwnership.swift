import ChargeCore

extension AppState {
    /// Sets the status line on behalf of work that belongs to `route`, only while that screen
    /// shows. A background load finishing late must not wipe another screen's line: a list
    /// reload that ended while a start was being sent cleared "Sending the start request"
    /// and its spinner, and the start then looked frozen for its whole reconciliation (soak,
    /// fault seed 2069055784).
    mutating func setStatus(_ line: StatusLine, for route: Navigation.Route) {
        guard self.route == route else { return }
        status = line
    }
}
