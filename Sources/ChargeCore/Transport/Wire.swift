import Foundation

// Wire shapes of the API's answers. Every field is optional (the vendor's schema makes
// almost everything nullable) and unknown fields are ignored; `Wire.*.model()` turns them
// into the app's models and throws `.unexpectedResponse` when something required is missing.

/// The GraphQL answer envelope.
struct GraphQLEnvelope<T: Decodable>: Decodable {
    struct ErrorEntry: Decodable {
        struct Extensions: Decodable { var code: String? }
        var message: String?
        var extensions: Extensions?
    }
    var data: T?
    var errors: [ErrorEntry]?
}

enum Wire {
    struct PaginationOut: Decodable { var totalCount: Int? }

    struct AddressW: Decodable { var street, houseNumber, zip, city, country: String? }
    struct GeoW: Decodable { var latitude, longitude: Double? }
    struct HoursW: Decodable { var dayOfWeek, from, to: String? }

    struct ConnectorW: Decodable {
        var id, label, evseId, status, statusUpdatedAt, plugType, powerType, currency: String?
        var maxPower, pricePerKwh: Double?

        func model() throws(ChargeError) -> Connector {
            guard let id, !id.isEmpty else { throw .unexpectedResponse("a connector without an id") }
            // Display-safe here: every text a person may read (see DisplayText).
            return Connector(
                id: id,
                label: DisplayText.safe(label),
                evseId: DisplayText.safe(evseId),
                status: ConnectorStatus(apiValue: DisplayText.safe(status)),
                statusUpdatedAt: statusUpdatedAt.flatMap(Wire.date),
                plugType: PlugType(apiValue: DisplayText.safe(plugType ?? "?")),
                powerType: PowerType(rawValue: (powerType ?? "").uppercased()) ?? .unknown,
                maxPowerKw: maxPower,
                pricePerKwh: pricePerKwh,
                currency: DisplayText.safe(currency)
            )
        }
    }

    struct StationW: Decodable {
        var id, label, publicDisplayName, timeZone: String?
        var distance: Double?
        var isRoaming: Bool?
        var address: AddressW?
        var geolocation: GeoW?
        var openingHours: [HoursW?]?
        var connectors: [ConnectorW?]?

        func model() throws(ChargeError) -> Station {
            guard let id, !id.isEmpty else { throw .unexpectedResponse("a station without an id") }
            var location: GeoPoint?
            if let lat = geolocation?.latitude, let lon = geolocation?.longitude { location = GeoPoint(latitude: lat, longitude: lon) }
            var conns: [Connector] = []
            for c in connectors ?? [] { if let c { conns.append(try c.model()) } }
            let safe = DisplayText.safe as (String?) -> String?
            let name = [publicDisplayName, label].compactMap { safe($0) }.first { !$0.isEmpty } ?? DisplayText.safe(id)
            return Station(
                id: id,
                name: name,
                label: safe(label),
                address: Address(
                    street: safe(address?.street),
                    houseNumber: safe(address?.houseNumber),
                    zip: safe(address?.zip),
                    city: safe(address?.city),
                    country: safe(address?.country)
                ),
                location: location,
                distanceKm: distance,
                isRoaming: isRoaming ?? false,
                timeZone: safe(timeZone),
                openingHours: (openingHours ?? []).compactMap { h in
                    h.map {
                        OpeningHours(
                            dayOfWeek: DisplayText.safe($0.dayOfWeek ?? ""),
                            from: DisplayText.safe($0.from ?? ""),
                            to: DisplayText.safe($0.to ?? "")
                        )
                    }
                },
                connectors: conns
            )
        }
    }

    struct StationsPageW: Decodable {
        struct Paged: Decodable {
            var data: [StationW?]?
            var pagination: PaginationOut?
        }
        var cpsPaged: Paged?
    }

    struct StationOneW: Decodable { var cp: StationW? }

    struct CardW: Decodable {
        var id, tagId, number, label, expiryDate, type: String?
        func model() throws(ChargeError) -> ChargingCard {
            guard let tagId, !tagId.isEmpty else { throw .unexpectedResponse("a card without a tagId") }
            return ChargingCard(
                id: id ?? tagId,
                tagId: tagId,
                number: DisplayText.safe(number),
                label: DisplayText.safe(label),
                expiryDate: expiryDate.flatMap(Wire.date),
                type: DisplayText.safe(type)
            )
        }
    }

    struct CardsW: Decodable { var availableCardsForChargingProcess: [CardW?]? }

    struct AttemptW: Decodable {
        var id, status, chargelogId, message: String?
        func model() throws(ChargeError) -> StartAttempt {
            guard let id, let raw = status, let s = StartAttemptStatus(rawValue: raw) else {
                throw .unexpectedResponse("a start attempt without id or with status \(status ?? "null")")
            }
            return StartAttempt(id: id, status: s, chargelogId: chargelogId, message: DisplayText.safe(message))
        }
    }

    struct AttemptStartW: Decodable { var attemptRemoteStart: AttemptW? }
    struct AttemptStatusW: Decodable { var remoteStartAttemptStatus: AttemptW? }

    struct ResponseW: Decodable { var status, code, message, transaction: String? }
    struct RemoteStartW: Decodable { var remoteStart: ResponseW? }
    struct RemoteStopW: Decodable { var remoteStop: ResponseW? }

    struct CostItemW: Decodable {
        var description: String?
        var netAmount, netAmountLocalCurrency, grossAmount, grossAmountLocalCurrency, taxAmount, taxAmountLocalCurrency, taxRate: Double?

        func model() -> CostItem {
            CostItem(
                description: DisplayText.safe(description),
                netAmount: Wire.figure(netAmount),
                grossAmount: Wire.figure(grossAmount),
                taxAmount: Wire.figure(taxAmount),
                taxRate: Wire.figure(taxRate),
                netAmountLocalCurrency: Wire.figure(netAmountLocalCurrency),
                grossAmountLocalCurrency: Wire.figure(grossAmountLocalCurrency),
                taxAmountLocalCurrency: Wire.figure(taxAmountLocalCurrency)
            )
        }
    }

    struct CostW: Decodable {
        var total, grossAmount, grossAmountLocalCurrency, tax, taxAmount: Double?
        var currency: String?
        var costItems: [CostItemW?]?

        func model() -> SessionCost {
            SessionCost(
                total: Wire.figure(total),
                grossAmount: Wire.figure(grossAmount),
                currency: DisplayText.safe(currency),
                taxRate: Wire.figure(tax),
                taxAmount: Wire.figure(taxAmount),
                grossAmountLocalCurrency: Wire.figure(grossAmountLocalCurrency),
                items: (costItems ?? []).compactMap { $0?.model() }
            )
        }
    }

    /// A money or rate figure as sent, or nil: a missing one stays missing (never 0), and
    /// one no display could show truthfully (beyond ±1e12, where a Double no longer holds
    /// cents) counts as not given.
    static func figure(_ value: Double?) -> Double? {
        guard let value, value.isFinite, abs(value) < 1e12 else { return nil }
        return value
    }

    struct ChargelogW: Decodable {
        var id, status, dateStart, dateEnd, rateName: String?
        var energyConsumption: Double?
        var connector: ConnectorW?
        var cost: CostW?

        func model() throws(ChargeError) -> Chargelog {
            guard let id, !id.isEmpty else { throw .unexpectedResponse("a session without an id") }
            guard let raw = status, let s = ChargelogStatus(rawValue: raw) else {
                throw .unexpectedResponse("a session with status \(status ?? "null")")
            }
            let energy = Wire.figure(energyConsumption).map { max(0, $0) }
            return Chargelog(
                id: id,
                status: s,
                connector: try connector?.model(),
                dateStart: dateStart.flatMap(Wire.date),
                dateEnd: dateEnd.flatMap(Wire.date),
                energyKwh: energy ?? 0,
                rateName: DisplayText.safe(rateName),
                cost: cost?.model(),
                reportedEnergyKwh: .some(energy)
            )
        }
    }

    struct ChargelogOneW: Decodable { var chargelog: ChargelogW? }
    struct ChargelogsW: Decodable {
        struct Paged: Decodable {
            var data: [ChargelogW?]?
            var pagination: PaginationOut?
        }
        var chargelogsPaged: Paged?
    }

    struct DocumentW: Decodable { var id, type, title, documentDate, downloadLink: String? }
    struct DocumentsW: Decodable {
        struct Paged: Decodable {
            var data: [DocumentW?]?
            var pagination: PaginationOut?
        }
        var accountDocumentsPaged: Paged?
    }
    struct DocumentOneW: Decodable { var accountDocument: DocumentW? }

    struct RateW: Decodable { var uuid, id, name: String? }
    struct RatesW: Decodable { var contractRateOptions: [RateW?]? }
    struct PaymentW: Decodable { var uuid, applicationId, paymentType: String? }
    struct PaymentsW: Decodable { var contractPaymentMethods: [PaymentW?]? }
    struct ContractResultW: Decodable { var status, message: String? }
    struct SepaW: Decodable { var createSepaContract: ContractResultW? }
    struct PostpaidW: Decodable { var createPostpaidContract: ContractResultW? }

    struct TokensW: Decodable { var sessionToken, refreshToken: String? }
    struct InitSessionW: Decodable { var initSession: TokensW? }
    struct RefreshSessionW: Decodable { var refreshSession: TokensW? }
    struct ContactW: Decodable {
        struct Contact: Decodable { var profile: Profile? }
        struct Profile: Decodable { var id, name, email: String? }
        var contact: Contact?
    }

    /// ISO-8601 with or without fractional seconds. The common UTC form
    /// ("2024-03-15T00:00:00.000Z") is parsed directly: a page holds hundreds of timestamps
    /// and formatter objects are costly; anything else goes through the formatter.
    static func date(_ text: String) -> Date? {
        if let fast = fastUTC(text) { return fast }
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = withFraction.date(from: text) { return d }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text)
    }

    static func fastUTC(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count >= 20, u.last == UInt8(ascii: "Z"), u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
            u[10] == UInt8(ascii: "T"), u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":")
        else { return nil }
        func num(_ a: Int, _ b: Int) -> Int? {
            var v = 0
            for i in a..<b {
                let d = Int(u[i]) - 48
                guard (0...9).contains(d) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let year = num(0, 4), let month = num(5, 7), let day = num(8, 10), let hour = num(11, 13), let minute = num(14, 16),
            let second = num(17, 19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60,
            year >= 1583
        else { return nil }  // earlier years: the formatter's calendar (Julian) decides
        var fraction = 0.0
        if u.count > 20 {
            // More digits than an Int holds would overflow: the formatter reads those.
            guard u.count - 21 <= 9 else { return nil }
            guard u[19] == UInt8(ascii: "."), let f = num(20, u.count - 1) else { return nil }
            fraction = Double(f) / pow(10, Double(u.count - 21))
        }
        // Days from the civil date (Howard Hinnant's algorithm), no calendar object needed.
        let y = year - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return Date(timeIntervalSince1970: Double(days * 86400 + hour * 3600 + minute * 60 + second) + fraction)
    }
}
