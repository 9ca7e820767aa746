import Foundation

// How answers are read. The station page is the largest answer (100 stations ≈ 120 KB)
// and the one a user waits for; its types are read straight from the bytes (PERFORMANCE.md,
// P6). Every other answer is small and goes through Foundation's `JSONDecoder`.
// `JSONReaderTests.stationPageReadsAsDecodableDoes` checks that both ways give the same
// page models, also for mutated answers.

/// A wire type an answer's `data` is decoded into (`GraphQLChannel.run`).
protocol WireAnswer: Decodable {
    /// The whole answer, `data` and `errors`. The default is `JSONDecoder`; the station
    /// page reads itself with ``JSONReader``.
    static func envelope(from body: Data) throws -> GraphQLEnvelope<Self>
}

extension WireAnswer {
    static func envelope(from body: Data) throws -> GraphQLEnvelope<Self> {
        do {
            return try JSONDecoder().decode(GraphQLEnvelope<Self>.self, from: body)
        } catch {
            // As the reader does: invalid UTF-8 is repaired (U+FFFD), not refused. Only
            // after a failure, so a well-formed answer is not copied; bytes broken outside
            // a string stay broken and are refused.
            let repaired = Data(String(decoding: body, as: UTF8.self).utf8)
            guard repaired != body else { throw error }
            return try JSONDecoder().decode(GraphQLEnvelope<Self>.self, from: repaired)
        }
    }
}

extension Wire.StationsPageW: WireAnswer {
    static func envelope(from body: Data) throws -> GraphQLEnvelope<Self> {
        try JSONReader.read(body) { r in try GraphQLEnvelope<Self>(json: &r) }
    }
}

extension GraphQLEnvelope: WireReadable where T: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "data": data = try r.read(T.self)
            case "errors":
                guard let entries = try r.array(of: ErrorEntry.self) else {
                    errors = nil
                    break
                }
                // Each entry must be an object, as with `Decodable` (`[ErrorEntry]`).
                guard !entries.contains(where: { $0 == nil }) else { throw r.error("an error entry that is null") }
                errors = entries.compactMap { $0 }
            default: try r.skip()
            }
        }
    }
}

extension GraphQLEnvelope.ErrorEntry: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "message": message = try r.string()
            case "extensions": extensions = try r.read(Extensions.self)
            default: try r.skip()
            }
        }
    }
}

extension GraphQLEnvelope.ErrorEntry.Extensions: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "code": code = try r.string()
            default: try r.skip()
            }
        }
    }
}

extension Wire.PaginationOut: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "totalCount": totalCount = try r.int()
            default: try r.skip()
            }
        }
    }
}

extension Wire.AddressW: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "street": street = try r.string()
            case "houseNumber": houseNumber = try r.string()
            case "zip": zip = try r.string()
            case "city": city = try r.string()
            case "country": country = try r.string()
            default: try r.skip()
            }
        }
    }
}

extension Wire.GeoW: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "latitude": latitude = try r.double()
            case "longitude": longitude = try r.double()
            default: try r.skip()
            }
        }
    }
}

extension Wire.HoursW: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "dayOfWeek": dayOfWeek = try r.string()
            case "from": from = try r.string()
            case "to": to = try r.string()
            default: try r.skip()
            }
        }
    }
}

extension Wire.ConnectorW: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "id": id = try r.string()
            case "label": label = try r.string()
            case "evseId": evseId = try r.string()
            case "status": status = try r.string()
            case "statusUpdatedAt": statusUpdatedAt = try r.string()
            case "plugType": plugType = try r.string()
            case "powerType": powerType = try r.string()
            case "currency": currency = try r.string()
            case "maxPower": maxPower = try r.double()
            case "pricePerKwh": pricePerKwh = try r.double()
            default: try r.skip()
            }
        }
    }
}

extension Wire.StationW: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "id": id = try r.string()
            case "label": label = try r.string()
            case "publicDisplayName": publicDisplayName = try r.string()
            case "timeZone": timeZone = try r.string()
            case "distance": distance = try r.double()
            case "isRoaming": isRoaming = try r.bool()
            case "address": address = try r.read(Wire.AddressW.self)
            case "geolocation": geolocation = try r.read(Wire.GeoW.self)
            case "openingHours": openingHours = try r.array(of: Wire.HoursW.self)
            case "connectors": connectors = try r.array(of: Wire.ConnectorW.self)
            default: try r.skip()
            }
        }
    }
}

extension Wire.StationsPageW.Paged: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "data": data = try r.array(of: Wire.StationW.self)
            case "pagination": pagination = try r.read(Wire.PaginationOut.self)
            default: try r.skip()
            }
        }
    }
}

extension Wire.StationsPageW: WireReadable {
    init(json r: inout JSONReader) throws {
        try r.beginObject()
        while let key = try r.nextKey() {
            switch key {
            case "cpsPaged": cpsPaged = try r.read(Paged.self)
            default: try r.skip()
            }
        }
    }
}

// The other answers are small: `JSONDecoder`.
extension Wire.StationOneW: WireAnswer {}
extension Wire.CardsW: WireAnswer {}
extension Wire.AttemptStartW: WireAnswer {}
extension Wire.AttemptStatusW: WireAnswer {}
extension Wire.RemoteStartW: WireAnswer {}
extension Wire.RemoteStopW: WireAnswer {}
extension Wire.ChargelogOneW: WireAnswer {}
extension Wire.ChargelogsW: WireAnswer {}
extension Wire.DocumentsW: WireAnswer {}
extension Wire.DocumentOneW: WireAnswer {}
extension Wire.RatesW: WireAnswer {}
extension Wire.PaymentsW: WireAnswer {}
extension Wire.SepaW: WireAnswer {}
extension Wire.PostpaidW: WireAnswer {}
extension Wire.InitSessionW: WireAnswer {}
extension Wire.RefreshSessionW: WireAnswer {}
extension Wire.ContactW: WireAnswer {}
