import ChargeCore
import Foundation

/// What a session came to, written out for the screen: where, when (in the station's own
/// time zone), how much energy and power, and what it cost item by item.
///
/// Built by `make` from the server's record alone (plus the peak power the live panel saw):
/// every figure the server did not give reads `Strings.missing` ("—"), nothing is
/// estimated in its place. The one figure worked out here, the average power, is energy
/// over duration, both from the server.
public struct Receipt: Sendable, Equatable {
    /// One labelled figure ("Energy", "12.50 kWh").
    public struct Fact: Sendable, Equatable {
        public var label: String
        public var value: String

        public init(label: String, value: String) {
            self.label = label
            self.value = value
        }
    }

    /// One cost item's row.
    public struct CostLine: Sendable, Equatable {
        public var description: String
        public var net: String
        public var taxRate: String
        public var tax: String
        public var gross: String

        public init(description: String, net: String, taxRate: String, tax: String, gross: String) {
            self.description = description
            self.net = net
            self.taxRate = taxRate
            self.tax = tax
            self.gross = gross
        }
    }

    public var chargelogId: String
    /// The station's name, or the connector's EVSE id when the station is not known.
    public var title: String
    /// The station's address ("—" when not known).
    public var address: String
    /// Connector, rate, start, end, duration, time zone, energy, average and peak power.
    public var facts: [Fact]
    public var items: [CostLine]
    /// The amount to pay, in the session's currency.
    public var total: String
    /// "incl. 20 % tax: 0.90 EUR", when the server gave either figure.
    public var taxLine: String?
    /// What the reader should know: a session still running, items that do not add up.
    public var notes: [String]

    /// The receipt of `log`. `station` is the connector's station when known (its name,
    /// address and time zone); `peakKw` the highest power seen live (nil from the history,
    /// which has no samples); `localZone` the zone times are shown in when the station's is
    /// unknown (injected: the terminal's).
    public static func make(log: Chargelog, station: Station?, peakKw: Double?, language: Language, localZone: TimeZone) -> Receipt {
        let t = Strings(language)
        let dash = t.missingFigure
        let connector = log.connector
        let stationZone = station?.timeZone.flatMap { TimeZone(identifier: $0) }
        let zone = stationZone ?? localZone
        let zoneText = stationZone != nil ? zone.identifier : t.yourTimeZone(zone.identifier)

        var duration: TimeInterval?
        if let a = log.dateStart, let b = log.dateEnd, b >= a { duration = b.timeIntervalSince(a) }
        let energy = log.reportedEnergyKwh
        var average: Double?
        // Under a minute the timestamps' whole seconds make the quotient noise (0.2 kWh in
        // "1 s" is 720 kW): no average then.
        if let energy, let duration, duration >= minimumAverageSeconds { average = energy / (duration / 3600) }

        let facts = [
            Fact(label: t.receiptConnector, value: connectorText(connector) ?? dash),
            Fact(label: t.receiptRate, value: log.rateName.flatMap { $0.isEmpty ? nil : $0 } ?? dash),
            Fact(label: t.receiptStart, value: log.dateStart.map { time($0, zone, language) } ?? dash),
            Fact(label: t.receiptEnd, value: log.dateEnd.map { time($0, zone, language) } ?? dash),
            Fact(label: t.receiptDuration, value: duration.map(Format.duration) ?? dash),
            Fact(label: t.receiptTimeZone, value: zoneText),
            Fact(label: t.energy, value: energy.map { Format.energy($0, language) } ?? dash),
            Fact(label: t.receiptAverage, value: average.map { kw($0, language) } ?? dash),
            Fact(label: t.receiptPeak, value: peakKw.flatMap { $0 > 0 && $0.isFinite ? kw($0, language) : nil } ?? dash),
        ]

        let cost = log.cost
        let currency = cost?.currency
        func money(_ x: Double?) -> String { x.map { Format.money($0, currency, language) } ?? dash }
        let items = (cost?.items ?? []).map { item in
            CostLine(
                description: item.description.flatMap { $0.isEmpty ? nil : $0 } ?? dash,
                net: money(item.netAmount),
                taxRate: item.taxRate.map { percent($0, language) } ?? dash,
                tax: money(item.taxAmount),
                gross: money(item.grossAmount)
            )
        }
        var taxLine: String?
        if cost?.taxRate != nil || cost?.taxAmount != nil {
            taxLine = t.taxIncluded(rate: cost?.taxRate.map { percent($0, language) } ?? dash, amount: money(cost?.taxAmount))
        }
        var notes: [String] = []
        if log.status.isRunning { notes.append(t.receiptStillRunning) }
        if let total = cost?.payable, let sum = itemsSum(cost) {
            // Cents compared, so 4.03 + 0.81 and 4.84 agree whatever the doubles' last bits.
            if (sum * 100).rounded() != (total * 100).rounded() { notes.append(t.itemsDisagree(sum: money(sum), total: money(total))) }
        }
        return Receipt(
            chargelogId: log.id,
            title: station?.name ?? connector?.evseId ?? connector?.label ?? log.id,
            address: station.map { $0.address.singleLine }.flatMap { $0.isEmpty ? nil : $0 } ?? dash,
            facts: facts,
            items: items,
            total: money(cost?.payable),
            taxLine: taxLine,
            notes: notes
        )
    }

    /// The shortest session an average power is given for.
    public static let minimumAverageSeconds: TimeInterval = 60

    /// Rows the receipt takes in one column (the most a screen scrolls through): title and
    /// address, the facts, the items' heading, items, total, tax line and notes.
    public var rowCount: Int { 3 + facts.count + 2 + max(1, items.count) + 2 + (taxLine == nil ? 0 : 1) + notes.count }

    /// The items' gross amounts added up, when every item has one (else there is nothing
    /// to compare with the total).
    static func itemsSum(_ cost: SessionCost?) -> Double? {
        guard let items = cost?.items, !items.isEmpty else { return nil }
        var sum = 0.0
        for item in items {
            guard let gross = item.grossAmount else { return nil }
            sum += gross
        }
        return sum
    }

    /// "Type 2 · AT*HTB*E1": the plug (when the server named one) and the EVSE id (or label).
    static func connectorText(_ c: Connector?) -> String? {
        guard let c else { return nil }
        var plug: String? = c.plugType.description
        if case .other(let raw) = c.plugType, raw.isEmpty || raw == "?" { plug = nil }
        let parts = [plug, c.evseId ?? c.label].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// "2026-11-25 14:03" (German "25.11.2026, 14:03") in `zone`.
    static func time(_ date: Date, _ zone: TimeZone, _ language: Language) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = language == .de ? "dd.MM.yyyy, HH:mm" : "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// "11.2 kW" (German "11,2 kW").
    static func kw(_ value: Double, _ language: Language) -> String { "\(Format.number(value, digits: 1, language)) kW" }

    /// "20%" / German "20 %" (DIN 5008), with decimals only when the rate has them.
    static func percent(_ rate: Double, _ language: Language) -> String {
        let digits = rate.rounded() == rate ? 0 : (rate * 10).rounded() == rate * 10 ? 1 : 2
        let n = Format.number(rate, digits: digits, language)
        return language == .de ? "\(n) %" : "\(n)%"
    }
}
