import ChargeCore

/// Strings for the receipt, the history lists and the invoice view (issue 15), beside the
/// main table so each can change without the other.
extension Strings {
    private func choose(_ en: String, _ de: String) -> String { language == .de ? de : en }

    public var receiptTitle: String { choose("Receipt", "Beleg") }
    /// Shown for a figure the server did not give.
    public var missingFigure: String { "—" }
    public var receiptConnector: String { choose("Connector", "Anschluss") }
    public var receiptRate: String { choose("Rate", "Tarif") }
    public var receiptStart: String { choose("Start", "Beginn") }
    public var receiptEnd: String { choose("End", "Ende") }
    public var receiptDuration: String { choose("Duration", "Dauer") }
    public var receiptTimeZone: String { choose("Time zone", "Zeitzone") }
    public var receiptAverage: String { choose("Average", "Durchschnitt") }
    public var receiptPeak: String { choose("Peak", "Spitze") }
    public var receiptItem: String { choose("Item", "Posten") }
    public var receiptNet: String { choose("Net", "Netto") }
    public var receiptTaxRate: String { choose("Tax %", "USt %") }
    public var receiptTax: String { choose("Tax", "USt") }
    public var receiptGross: String { choose("Gross", "Brutto") }
    public var receiptTotal: String { choose("Total", "Gesamt") }
    public var receiptNoItems: String { choose("The server listed no cost items.", "Der Server hat keine Kostenposten genannt.") }
    public var receiptLoading: String { choose("Loading the receipt…", "Beleg wird geladen…") }
    /// "incl. 20 % tax: 0.90 EUR"; either part may be missing ("—").
    public func taxIncluded(rate: String, amount: String) -> String {
        choose("incl. \(rate) tax: \(amount)", "inkl. \(rate) USt: \(amount)")
    }
    /// The items' gross amounts do not add up to the total the server gave.
    public func itemsDisagree(sum: String, total: String) -> String {
        choose(
            "The items add up to \(sum); the server's total is \(total).",
            "Die Posten ergeben \(sum); der Server nennt als Gesamtbetrag \(total)."
        )
    }
    /// The station's own time zone is unknown: the receipt says whose time it shows.
    public func yourTimeZone(_ zone: String) -> String {
        choose("\(zone) (yours; the station's is unknown)", "\(zone) (deine; die der Station ist unbekannt)")
    }
    public var receiptStillRunning: String { choose("This session is still running.", "Dieser Ladevorgang läuft noch.") }
    /// The receipt could not be read after the session ended.
    public func receiptFailed(_ reason: String) -> String {
        choose("No receipt: \(reason) Press h for the history.", "Kein Beleg: \(reason) h öffnet den Verlauf.")
    }

    // MARK: history
    public var historySessionsTab: String { choose("Sessions", "Ladevorgänge") }
    public var historyInvoicesTab: String { choose("Invoices", "Rechnungen") }
    public var historyNoInvoices: String { choose("No invoices yet.", "Noch keine Rechnungen.") }
    public var historySwitch: String { choose("switch list", "Liste wechseln") }
    public var historyColTitle: String { choose("Title", "Titel") }
    public var historyColType: String { choose("Type", "Art") }
    /// "12 of 57 loaded" while more pages remain.
    public func historyLoadedOf(_ loaded: Int, _ total: Int) -> String {
        choose("\(loaded) of \(total) loaded", "\(loaded) von \(total) geladen")
    }
    public var scrollHint: String { choose("scroll", "blättern") }

    // MARK: invoice
    public var invoiceDocument: String { choose("Document", "Dokument") }
    public var invoiceDate: String { choose("Date", "Datum") }
    public var invoiceLink: String { choose("Download", "Download") }
    public var invoiceNoLink: String { choose("The server gave no download link.", "Der Server hat keinen Download-Link genannt.") }
    public var invoiceLinkNotOpenable: String {
        choose(
            "This link is not an http(s) address: no QR code is shown for it.",
            "Dieser Link ist keine http(s)-Adresse: dafür wird kein QR-Code gezeigt."
        )
    }
    /// Opening an invoice reads it again; this says the read failed and the link is the list's.
    public func invoiceNotChecked(_ reason: String) -> String {
        choose(
            "Not checked with the server just now; this link is the list's. \(reason)",
            "Gerade nicht beim Server geprüft; dieser Link ist der aus der Liste. \(reason)"
        )
    }
    public var invoiceGone: String { choose("The server no longer has this document.", "Der Server hat dieses Dokument nicht mehr.") }
    public var invoiceScan: String { choose("Scan to open the PDF on a phone.", "Scannen, um das PDF am Handy zu öffnen.") }
    public var invoiceQRNeedsRoom: String {
        choose("Enlarge the terminal to see the QR code.", "Vergrößere das Terminal, um den QR-Code zu sehen.")
    }
    public func invoiceKind(_ kind: AccountDocument.Kind) -> String {
        switch kind {
        case .invoice: choose("Invoice", "Rechnung")
        case .offer: choose("Offer", "Angebot")
        case .creditnote: choose("Credit note", "Gutschrift")
        case .unknown: "—"
        }
    }
}
