import ChargeCore

/// Strings for key feedback, list progress, empty-result causes and the device screen
/// (issue 19), kept beside the main table so each can change without the other.
extension Strings {
    private func choose(_ en: String, _ de: String) -> String { language == .de ? de : en }

    /// While End fetches the rest of the result.
    public func loadingToEnd(_ loaded: Int, _ total: Int) -> String {
        choose("Loading to the end: \(loaded) of \(total)…", "Lade bis zum Ende: \(loaded) von \(total)…")
    }

    /// The empty list, naming what emptied it: the search text, the filters, or the radius.
    public func noStationsHint(search: String?, filters: String?, radius: String) -> String {
        switch (search, filters) {
        case let (q?, f?):
            choose(
                "No station within \(radius) matches \"\(q)\" with \(f). Change the search with / or the filters with f.",
                "Keine Station im Umkreis von \(radius) passt zu \"\(q)\" mit \(f). Suche mit / oder Filter mit f ändern."
            )
        case let (q?, nil):
            choose(
                "No station within \(radius) matches \"\(q)\". Change the search with / or widen the radius with +.",
                "Keine Station im Umkreis von \(radius) passt zu \"\(q)\". Suche mit / ändern oder Umkreis mit + vergrößern."
            )
        case let (nil, f?):
            choose(
                "No station within \(radius) has \(f). Change the filters with f or widen the radius with +.",
                "Keine Station im Umkreis von \(radius) hat \(f). Filter mit f ändern oder Umkreis mit + vergrößern."
            )
        case (nil, nil):
            choose(
                "No stations within \(radius). Widen the radius with +.",
                "Keine Stationen im Umkreis von \(radius). Umkreis mit + vergrößern."
            )
        }
    }

    /// After `*`: what happened to the station.
    public func favouriteAdded(_ name: String) -> String {
        choose("★ \(name) added to favourites.", "★ \(name) zu den Favoriten hinzugefügt.")
    }
    public func favouriteRemoved(_ name: String) -> String {
        choose("\(name) removed from favourites.", "\(name) aus den Favoriten entfernt.")
    }

    public var quitWhileStarting: String {
        choose(
            "Quit? A start is under way; charging may begin without you watching.",
            "Beenden? Ein Start läuft; das Laden kann ohne dich beginnen."
        )
    }

    /// The device-code screen.
    public var newCode: String { choose("new code", "neuer Code") }
    /// After leaving the code screen while its code is still valid: polling stopped, and
    /// how to finish with that code if it is (or gets) approved.
    public func deviceParked(_ code: String) -> String {
        choose(
            "Stopped waiting for code \(code). If you approve it, press F2 to finish signing in with it.",
            "Warten auf Code \(code) beendet. Wenn du ihn bestätigst, drücke F2, um die Anmeldung damit abzuschließen."
        )
    }
}

extension Strings {
    /// Column headings of the connector table (every column has one).
    public var colStatus: String { language == .de ? "Status" : "Status" }
    public var colPlug: String { language == .de ? "Stecker" : "Plug" }
    /// Column headings of the history list.
    public var colDate: String { language == .de ? "Datum" : "Date" }
    public var colPlace: String { language == .de ? "Ort" : "Place" }
}
