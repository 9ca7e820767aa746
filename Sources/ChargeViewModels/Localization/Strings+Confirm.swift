import ChargeCore
import Foundation

/// Strings of the confirmation before a paid start (issue 15).
extension Strings {
    private func choose(_ en: String, _ de: String) -> String { language == .de ? de : en }

    public var confirmTitle: String { choose("Start charging?", "Laden starten?") }
    public var confirmStationLabel: String { choose("Station", "Station") }
    public var confirmConnectorLabel: String { choose("Connector", "Anschluss") }
    public var confirmPriceLabel: String { choose("Price", "Preis") }
    public var confirmPayLabel: String { choose("Pay with", "Bezahlen mit") }
    /// Under the figures: what Enter does, said before it is pressed.
    public var confirmNote: String {
        choose(
            "Enter starts charging; you pay for the energy charged.",
            "Enter startet das Laden; bezahlt wird die geladene Energie."
        )
    }
    /// The station's data holds no price: said plainly, no figure invented.
    public var priceNotGiven: String {
        choose("not given by the operator (see the station's sign)", "vom Betreiber nicht angegeben (siehe Aushang)")
    }
    public var pickCard: String { choose("card", "Karte") }
    public var confirmStart: String { choose("confirm", "bestätigen") }
    public var startCancelled: String { choose("Not started: nothing was charged.", "Nicht gestartet: nichts wurde berechnet.") }
    public var cardExpiredPickAnother: String {
        choose("This card has expired: pick another with ↑↓.", "Diese Karte ist abgelaufen: mit ↑↓ eine andere wählen.")
    }

    /// "Demo card · HTB-100000 · valid to 10/2028" ("expired 03/2025" for an old one).
    public func cardText(_ card: ChargingCard, expired: Bool) -> String {
        var parts = [card.label, card.number].compactMap { $0 }.filter { !$0.isEmpty }
        if parts.isEmpty { parts.append(card.type ?? choose("Charging card", "Ladekarte")) }
        if let expiry = card.expiryDate {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .current
            let c = calendar.dateComponents([.month, .year], from: expiry)
            let month = String(format: "%02d/%04d", c.month ?? 0, c.year ?? 0)
            parts.append(expired ? choose("expired \(month)", "abgelaufen \(month)") : choose("valid to \(month)", "gültig bis \(month)"))
        }
        return parts.joined(separator: " · ")
    }
}

/// The live panel's warning when no energy flows (issue 15).
extension Strings {
    /// One line (≤ 76 cells in both languages, so it fits 80 columns): what happened and
    /// what it usually means.
    public func noEnergyWarning(_ why: LiveSession.NoEnergy) -> String {
        let de = language == .de
        switch why {
        case .carPaused:
            return de
                ? "Das Auto lädt nicht mehr: voll, oder Ladegrenze/Timer erreicht."
                : "The car stopped charging: it is full, or its limit or timer was reached."
        case .stationPaused:
            return de
                ? "Die Station hält die Leistung zurück (Lastgrenze, Zeitplan)."
                : "The station is holding back power (load limit, schedule)."
        case .noPower:
            return de
                ? "Seit 3 min fließt keine Energie: Auto voll oder pausiert? Kabel prüfen."
                : "No energy for 3 min: is the car full or paused? Check the cable."
        }
    }
}
