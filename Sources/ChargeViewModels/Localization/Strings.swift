import ChargeCore

/// Every user-visible string of the app, in English and German, in one place.
public struct Strings: Sendable, Hashable {
    public let language: Language

    public init(_ language: Language) { self.language = language }

    private func pick(_ en: String, _ de: String) -> String { language == .de ? de : en }

    // MARK: app
    public var appName: String { "ChargeTerm" }
    public var loading: String { pick("Loading…", "Lädt…") }
    public var back: String { pick("back", "zurück") }
    public var quit: String { pick("quit", "beenden") }
    public var help: String { pick("help", "Hilfe") }
    public var yes: String { pick("y", "j") }
    public var confirmYesNo: String { pick("[y] yes  [n] no", "[j] ja  [n] nein") }

    // MARK: sign-in
    public var signInTitle: String { pick("Sign in", "Anmelden") }
    public var username: String { pick("Username", "Benutzername") }
    public var password: String { pick("Password", "Passwort") }
    public var signInButton: String { pick("Sign in", "Anmelden") }
    public var signingIn: String { pick("Signing in…", "Anmeldung läuft…") }
    public var usePhone: String { pick("sign in with a code", "mit Code anmelden") }
    public var usePassword: String { pick("sign in with password", "mit Passwort anmelden") }
    public var deviceTitle: String { pick("Sign in on another device", "Auf einem anderen Gerät anmelden") }
    public var deviceOpen: String { pick("Open this address:", "Öffne diese Adresse:") }
    public var deviceEnter: String { pick("and enter the code:", "und gib den Code ein:") }
    public var deviceWaiting: String { pick("Waiting for approval…", "Warte auf Bestätigung…") }
    public var deviceStarting: String { pick("Getting a code…", "Code wird geholt…") }
    public var deviceNotConfigured: String {
        pick("Code sign-in is not set up for this server.", "Anmeldung mit Code ist für diesen Server nicht eingerichtet.")
    }
    public var passwordNotConfigured: String {
        pick(
            "Password sign-in is not set up for this server (no PSK).",
            "Anmeldung mit Passwort ist für diesen Server nicht eingerichtet (kein PSK)."
        )
    }
    public var missingUsername: String { pick("Enter your username.", "Gib deinen Benutzernamen ein.") }
    public var missingPassword: String { pick("Enter your password.", "Gib dein Passwort ein.") }
    public func demoHint(_ user: String, _ password: String) -> String {
        pick("Demo: \(user) / \(password)", "Demo: \(user) / \(password)")
    }
    public func expiresIn(_ s: String) -> String { pick("Code expires in \(s)", "Code läuft ab in \(s)") }
    public func waitBeforeRetry(_ s: Int) -> String {
        pick("Too many attempts. Try again in \(s) s.", "Zu viele Versuche. Versuche es in \(s) s erneut.")
    }
    public func signedOutBecause(_ why: String) -> String { pick("Signed out: \(why)", "Abgemeldet: \(why)") }
    public var sessionEnded: String { pick("your session ended", "deine Sitzung ist abgelaufen") }
    public var tokenExpired: String { pick("your sign-in expired", "deine Anmeldung ist abgelaufen") }

    // MARK: stations
    public var stationsTitle: String { pick("Stations", "Ladestationen") }
    public func stationsWithin(_ n: Int, _ radius: String) -> String {
        pick("\(n) station\(n == 1 ? "" : "s") within \(radius)", "\(n) Station\(n == 1 ? "" : "en") im Umkreis von \(radius)")
    }
    public var colDistance: String { pick("Dist", "Entf.") }
    public var colName: String { pick("Station", "Station") }
    public var colFree: String { pick("Free", "Frei") }
    public var colPower: String { pick("Max", "Max") }
    public var colPlugs: String { pick("Plugs", "Stecker") }
    public var searchPrompt: String { pick("Search:", "Suche:") }
    public var positionPrompt: String { pick("Position (lat,lon):", "Position (Breite,Länge):") }
    public var askPosition: String {
        pick(
            "Where are you? Type latitude,longitude (e.g. 47.8095,13.0550) and press Enter.",
            "Wo bist du? Breite,Länge eingeben (z. B. 47.8095,13.0550) und Enter drücken."
        )
    }
    public var badPosition: String {
        pick("Type the position as latitude,longitude, e.g. 47.8095,13.0550", "Position als Breite,Länge eingeben, z. B. 47.8095,13.0550")
    }
    public var filtersTitle: String { pick("Filters", "Filter") }
    public var onlyAvailable: String { pick("Only available now", "Nur jetzt frei") }
    public var minPower: String { pick("Minimum power", "Mindestleistung") }
    public var any: String { pick("any", "beliebig") }
    public var filterNone: String { pick("no filters", "keine Filter") }
    public var favourite: String { pick("favourite", "Favorit") }
    public var roaming: String { pick("roaming", "Roaming") }

    // MARK: detail / start
    public var connectors: String { pick("Connectors", "Anschlüsse") }
    public var price: String { pick("Price", "Preis") }
    public var address: String { pick("Address", "Adresse") }
    public var openingHours: String { pick("Open", "Geöffnet") }
    public var start: String { pick("start charging", "Laden starten") }
    public var checkingCards: String { pick("Checking your charging card…", "Ladekarte wird geprüft…") }
    public var noContract: String {
        pick("You have no contract valid at this station.", "Du hast keinen Vertrag, der an dieser Station gilt.")
    }
    public var offerContract: String { pick("Press c to create a contract.", "Drücke c, um einen Vertrag anzulegen.") }
    public var contractTitle: String { pick("New contract", "Neuer Vertrag") }
    public var rateLabel: String { pick("Rate", "Tarif") }
    public var paymentLabel: String { pick("Payment", "Zahlung") }
    public var ibanLabel: String { pick("IBAN", "IBAN") }
    public var holderLabel: String { pick("Account holder", "Kontoinhaber") }
    public var ibanInvalid: String { pick("The IBAN is not valid. Check it and try again.", "Die IBAN ist ungültig. Bitte prüfen.") }
    public var holderMissing: String { pick("Enter the account holder's name.", "Gib den Namen des Kontoinhabers ein.") }
    public var contractFormHint: String {
        pick("Tab next field · ←/→ choose · Enter create · Esc cancel", "Tab nächstes Feld · ←/→ wählen · Enter anlegen · Esc abbrechen")
    }
    public var loadingOptions: String { pick("Loading rates and payment methods…", "Tarife und Zahlungsarten werden geladen…") }
    public func paymentName(_ m: ContractPaymentMethod) -> String {
        switch m.kind {
        case .sepa: pick("SEPA direct debit", "SEPA-Lastschrift")
        case .postpaid: pick("Invoice (postpaid)", "Rechnung (nachträglich)")
        case .other(let name): name
        }
    }
    public var creatingContract: String { pick("Creating your contract…", "Vertrag wird angelegt…") }
    public var contractCreated: String { pick("Contract created. Press Enter to start.", "Vertrag angelegt. Enter drückt zum Starten.") }
    public var connectorNotFree: String {
        pick("This connector is not free. Choose one marked Available.", "Dieser Anschluss ist nicht frei. Wähle einen freien.")
    }
    public var stepRequested: String { pick("Sending the start request", "Startanfrage wird gesendet") }
    public func reconcilingStart(_ seconds: Int) -> String {
        pick(
            "No answer from the server: checking whether charging started (up to \(seconds) s)…",
            "Keine Antwort vom Server: es wird geprüft, ob der Ladevorgang begonnen hat (bis zu \(seconds) s)…"
        )
    }
    public var stepSending: String { pick("Command on its way to the station", "Befehl ist unterwegs zur Station") }
    public var stepWaiting: String { pick("Station accepted; waiting for the car", "Station hat angenommen; warte auf das Auto") }
    public var stepStarted: String { pick("Charging has begun", "Ladevorgang hat begonnen") }
    public var startFailed: String { pick("Start failed", "Start fehlgeschlagen") }

    // MARK: live
    public var liveTitle: String { pick("Charging session", "Ladevorgang") }
    public var energy: String { pick("Energy", "Energie") }
    public var power: String { pick("Power", "Leistung") }
    public var elapsed: String { pick("Elapsed", "Dauer") }
    public var cost: String { pick("Cost", "Kosten") }
    public var stop: String { pick("stop", "stoppen") }
    public var stopQuestion: String { pick("Stop charging now?", "Laden jetzt beenden?") }
    public var stopping: String { pick("Stopping…", "Wird beendet…") }
    /// Footer hint and header badge while a session runs and another screen is showing.
    public var backToSession: String { pick("session", "Ladevorgang") }
    public var chargingBadge: String { pick("Charging", "Lädt") }
    /// Header badge: "Charging" for one session, "2 charging" for several.
    public func chargingSessions(_ n: Int) -> String { n <= 1 ? chargingBadge : pick("\(n) charging", "\(n) laden") }
    public var otherSessions: String { pick("sessions", "Ladevorgänge") }
    public var chooseSession: String { pick("Running sessions", "Laufende Ladevorgänge") }
    /// The live panel's figures are old: how old, and that the app keeps trying.
    public func updatedAgo(_ seconds: Int) -> String {
        let age = seconds < 120 ? "\(seconds) s" : "\(seconds / 60) min"
        return pick("updated \(age) ago · reconnecting", "vor \(age) aktualisiert · verbinde neu")
    }
    public var noFiguresYet: String { pick("no figures yet · reconnecting", "noch keine Werte · verbinde neu") }
    public var stopWaiting: String {
        pick("Stopping… waiting for the station to confirm.", "Wird beendet… warte auf die Bestätigung der Station.")
    }
    public var quitWhileCharging: String {
        pick("Quit? Charging continues; you can come back to it.", "Beenden? Der Ladevorgang läuft weiter; du kannst zurückkehren.")
    }
    public var reconnecting: String { pick("Connection trouble, retrying…", "Verbindungsproblem, neuer Versuch…") }
    public var alreadyStopped: String { pick("This session had already been stopped.", "Dieser Ladevorgang war bereits beendet.") }
    /// A connector's OCPP status in words; a status this app does not know is shown as sent.
    public func connectorStatus(_ s: ConnectorStatus) -> String {
        switch s {
        case .available: pick("Available", "Verfügbar")
        case .preparing: pick("Preparing", "Vorbereitung")
        case .charging: pick("Charging", "Lädt")
        case .suspendedEV: pick("Car paused", "Auto pausiert")
        case .suspendedEVSE: pick("Paused", "Pausiert")
        case .finishing: pick("Finishing", "Wird beendet")
        case .reserved: pick("Reserved", "Reserviert")
        case .unavailable: pick("Unavailable", "Nicht verfügbar")
        case .faulted: pick("Out of order", "Außer Betrieb")
        case .other(let raw): raw
        }
    }

    public func statusText(_ s: ChargelogStatus) -> String {
        switch s {
        case .waitingForTransaction, .roamingWaitingForTransaction: pick("Waiting for the car", "Warte auf das Auto")
        case .started, .roamingStart: pick("Charging", "Lädt")
        case .stopped: pick("Stopped", "Beendet")
        }
    }

    // MARK: summary / history
    public var summaryTitle: String { pick("Summary", "Zusammenfassung") }
    public var historyTitle: String { pick("History", "Verlauf") }
    public var invoices: String { pick("Invoices", "Rechnungen") }
    public var noHistory: String { pick("No past sessions yet.", "Noch keine Ladevorgänge.") }
    public var history: String { pick("history", "Verlauf") }
    public var done: String { pick("done", "fertig") }

    // MARK: key hint labels
    public var move: String { pick("move", "bewegen") }
    public var open: String { pick("open", "öffnen") }
    public var search: String { pick("search", "suchen") }
    public var filters: String { pick("filters", "Filter") }
    public var radius: String { pick("radius", "Umkreis") }
    public var refresh: String { pick("refresh", "neu laden") }
    public var position: String { pick("position", "Position") }
    public var toggle: String { pick("toggle", "umschalten") }
    public var apply: String { pick("apply", "übernehmen") }
    public var cancel: String { pick("cancel", "abbrechen") }
    public var nextField: String { pick("next field", "nächstes Feld") }
    public var createContract: String { pick("create contract", "Vertrag anlegen") }

    // MARK: kiosk
    public var kioskNoQuit: String {
        pick("This terminal stays open. Staff: F10 or Ctrl-X.", "Dieses Terminal bleibt offen. Personal: F10 oder Strg-X.")
    }
    public var pinTitle: String { pick("Admin PIN", "Admin-PIN") }
    public var pinPrompt: String { pick("PIN to leave the app:", "PIN zum Beenden:") }
    public var wrongPin: String { pick("Wrong PIN.", "Falsche PIN.") }
    public var pinDigits: String { pick("PIN", "PIN") }
    public var confirmPin: String { pick("leave", "beenden") }
    public var anyKey: String { pick("any key", "Taste") }
    public var stayHere: String { pick("stay signed in", "angemeldet bleiben") }
    public func signingOutIn(_ seconds: Int) -> String {
        pick(
            "No activity: signing out in \(seconds) s. Press any key to stay.",
            "Keine Aktivität: Abmeldung in \(seconds) s. Taste drücken, um zu bleiben."
        )
    }
    public var lockedTitle: String { pick("Locked: charging continues", "Gesperrt: der Ladevorgang läuft weiter") }
    public var signInToStop: String { pick("sign in to stop", "zum Stoppen anmelden") }
    public var signInToStopLong: String { pick("Sign in to stop the charging session.", "Melde dich an, um den Ladevorgang zu stoppen.") }

    // MARK: help
    public var helpLines: [String] {
        language == .de
            ? [
                "↑/↓ j/k  bewegen        Bild↑/Bild↓  seitenweise",
                "Enter    öffnen/starten Esc/⌫         zurück",
                "/        suchen         f            Filter",
                "+ / -    Umkreis        p            Position",
                "r        neu laden      *            Favorit",
                "s        Laden stoppen  h            Verlauf",
                "l        zum laufenden Ladevorgang",
                "?        Hilfe          q            beenden",
                "★ Favorit   ↺ zuletzt geöffnet   ⇄ Roaming   ⊘ jetzt geschlossen",
            ]
            : [
                "↑/↓ j/k  move           PgUp/PgDn    page",
                "Enter    open / start   Esc/⌫        back",
                "/        search         f            filters",
                "+ / -    radius         p            position",
                "r        refresh        *            favourite",
                "s        stop charging  h            history",
                "l        back to the running session",
                "?        help           q            quit",
                "★ favourite   ↺ opened recently   ⇄ roaming   ⊘ closed now",
            ]
    }

    // MARK: errors
    /// A message for any core error, in the user's language.
    public func message(for error: ChargeError) -> String {
        switch error {
        case .offline:
            pick(
                "Cannot reach the server. Check the network and try again.",
                "Server nicht erreichbar. Netzwerk prüfen und erneut versuchen."
            )
        case .timeout:
            pick("The server did not answer in time. Try again.", "Der Server hat nicht rechtzeitig geantwortet. Erneut versuchen.")
        case .unauthenticated(let why): why.isEmpty ? pick("Please sign in again.", "Bitte erneut anmelden.") : why
        case .forbidden: pick("You are not allowed to do that.", "Das ist dir nicht erlaubt.")
        case .badInput(let why): why
        case .notFound: pick("That no longer exists.", "Das gibt es nicht mehr.")
        case .rateLimited(let after):
            after.map { waitBeforeRetry(Int($0.rounded(.up))) }
                ?? pick("Too many requests. Try again shortly.", "Zu viele Anfragen. Bitte gleich erneut versuchen.")
        case .server: pick("The server had a problem. Try again later.", "Der Server hatte ein Problem. Später erneut versuchen.")
        case .unexpectedResponse:
            pick("The server sent an answer this app does not understand.", "Der Server hat unverständlich geantwortet.")
        case .refused(_, let message): message
        case .insecureEndpoint, .configuration: error.message
        case .cancelled: pick("Cancelled.", "Abgebrochen.")
        }
    }
}
