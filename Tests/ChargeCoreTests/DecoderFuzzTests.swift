import ChargeTestSupport
import Foundation
import Logging
import Testing

@testable import ChargeCore

/// Fuzzing the core's decoders: valid answers, mutated (bytes flipped, cut, spliced, values
/// swapped for other types, nesting thousands deep) and random bytes, fed through the real
/// client (transport → GraphQL envelope → wire DTOs → models). Every case must end in a
/// result or a `ChargeError`; a crash or any other error fails. Seeded, so a failure
/// reproduces.
@Suite(.timeLimit(.minutes(3))) struct DecoderFuzzTests {
    static let station =
        #"{"id":"st-1","label":"Ladepark","publicDisplayName":"Ladepark Getreidegasse","distance":0.42,"isRoaming":false,"timeZone":"Europe/Vienna","address":{"street":"Getreidegasse","houseNumber":"9","zip":"5020","city":"Salzburg","country":"AT"},"geolocation":{"latitude":47.8,"longitude":13.04},"openingHours":[{"dayOfWeek":"MONDAY","from":"00:00","to":"24:00"}],"connectors":[{"id":"c-1","label":"1","evseId":"AT*HTB*E1*1","status":"Available","statusUpdatedAt":"2026-11-25T10:00:00.000Z","plugType":"TYPE_2","powerType":"AC","maxPower":22.0,"pricePerKwh":0.39,"currency":"EUR"}]}"#
    static let seeds: [String] = [
        #"{"data":{"cpsPaged":{"pagination":{"totalCount":2},"data":[\#(station),\#(station)]}}}"#,
        #"{"data":{"cp":\#(station)}}"#,
        #"{"data":{"chargelog":{"id":"log-1","status":"started","dateStart":"2026-11-25T10:00:00.000Z","dateEnd":null,"energyConsumption":1.234,"rateName":"Basic","cost":{"total":0.5,"grossAmount":0.6,"currency":"EUR"},"connector":{"id":"c-1","evseId":"AT*HTB*E1*1","pricePerKwh":0.39,"currency":"EUR"}}}}"#,
        #"{"errors":[{"message":"Not authorised","extensions":{"code":"UNAUTHENTICATED"}}],"data":null}"#,
    ]

    /// Deterministic generator: the suite target's one SplitMix64 (`SeededRandom`).
    typealias Rng = SeededRandom

    static let replacements = [
        "null", "true", "-1", "1e309", "\"\"", "\"x\"", "[]", "{}", "0.0000001", "\"2026-13-45T99:99:99Z\"",
        "\"\\u0000\"", "9223372036854775808", "\"NaN\"", "[null]", "{\"id\":null}",
    ]

    static func mutate(_ seed: Data, _ rng: inout Rng) -> Data {
        var bytes = [UInt8](seed)
        switch rng.int(8) {
        case 0:  // flip bytes
            for _ in 0..<(1 + rng.int(4)) where !bytes.isEmpty { bytes[rng.int(bytes.count)] ^= UInt8(1 << rng.int(8)) }
        case 1:  // cut
            bytes = Array(bytes.prefix(rng.int(bytes.count)))
        case 2:  // splice a random run
            let at = rng.int(bytes.count)
            bytes.insert(contentsOf: (0..<(1 + rng.int(16))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
        case 3, 4:  // a value becomes another type: after a ':' replace up to the next ',' or '}'
            let text = String(decoding: bytes, as: UTF8.self)
            let colons = text.indices.filter { text[$0] == ":" }
            guard let c = colons.isEmpty ? nil : colons[rng.int(colons.count)] else { break }
            let start = text.index(after: c)
            let end = text[start...].firstIndex { $0 == "," || $0 == "}" } ?? text.endIndex
            var t = text
            t.replaceSubrange(start..<end, with: replacements[rng.int(replacements.count)])
            bytes = Array(t.utf8)
        case 5:  // drop a key
            var t = String(decoding: bytes, as: UTF8.self)
            let keys = [
                "\"id\":", "\"status\":", "\"data\":", "\"connectors\":", "\"distance\":", "\"pagination\":", "\"energyConsumption\":",
                "\"dateStart\":",
            ]
            if let r = t.range(of: keys[rng.int(keys.count)]) { t.replaceSubrange(r, with: "\"zz\":") }
            bytes = Array(t.utf8)
        case 6:  // random bytes
            bytes = (0..<rng.int(300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        default:  // deep nesting where a value goes
            let depth = 1000 + rng.int(100_000)
            bytes = Array(
                ("{\"data\":{\"cpsPaged\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}}").utf8
            )
        }
        return Data(bytes)
    }

    @Test func mutatedAnswersEndInResultsOrTypedErrors() async throws {
        var logger = Logger(label: "fuzz")
        logger.logLevel = .critical
        let transport = CannedTransport()  // one scripted body for every request after sign-in
        // Garbled answers are retried with back-off: an instant clock keeps 1,500 of them fast.
        let client = try ChargeClient(
            configuration: EndpointConfiguration(graphQLURL: URL(string: "http://127.0.0.1:9/graphql/")!, psk: Secret("p")),
            time: InstantTimeSource(),
            logger: logger,
            transport: transport
        )
        try await client.signIn(username: "u", password: Secret("p"))
        // The seeds themselves are valid answers.
        transport.answer(body: Data(Self.seeds[0].utf8))
        #expect(
            try await client.stations(
                filter: StationFilter(position: GeoPoint(latitude: 1, longitude: 1), radiusKm: 5),
                offset: 0,
                limit: 25
            ).items.count == 2
        )
        transport.answer(body: Data(Self.seeds[1].utf8))
        #expect(try await client.station(id: "st-1").connectors.count == 1)
        transport.answer(body: Data(Self.seeds[2].utf8))
        #expect(try await client.chargelog(id: "log-1").energyKwh == 1.234)
        var rng = Rng(state: 20_261_125)
        var typed = 0
        var ok = 0
        let filter = StationFilter(position: GeoPoint(latitude: 47.8, longitude: 13.05), radiusKm: 5)
        for i in 0..<1500 {
            let seedIndex = rng.int(Self.seeds.count)
            let body = Self.mutate(Data(Self.seeds[seedIndex].utf8), &rng)
            // 5xx are retried with back-off: tested in CoreSandboxTests.
            transport.answer(status: [200, 200, 200, 200, 400, 401, 404][rng.int(7)], body: body)
            do {
                switch seedIndex == 3 ? i % 3 : seedIndex {
                case 0:
                    _ = try await client.stations(
                        filter: StationFilter(position: filter.position, radiusKm: 5 + Double(i) * 1e-6),
                        offset: 0,
                        limit: 25
                    )
                case 1: _ = try await client.station(id: "st-1")
                default: _ = try await client.chargelog(id: "log-1")
                }
                ok += 1
            } catch let e as ChargeError {
                typed += 1
                // An "unauthenticated" answer signs the client out, as it should: sign in again.
                if case .unauthenticated = e { try await client.signIn(username: "u", password: Secret("p")) }
            } catch {
                Issue.record(
                    "case \(i): \(type(of: error)) is not a ChargeError: \(error)\nbody: \(String(decoding: body.prefix(300), as: UTF8.self))"
                )
            }
        }
        print("decoder fuzz: \(typed) typed errors, \(ok) results")
        #expect(ok > 50, "unmutated enough answers still decode (\(ok))")
        #expect(typed > 500, "most mutations are rejected (\(typed) typed errors, \(ok) results)")
        await client.shutdown()
    }

    /// What Foundation's ISO-8601 formatter makes of a timestamp (with fractional seconds,
    /// then without): the reference the core's fast path must agree with.
    static func referenceDate(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = withFraction.date(from: text) { return d }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text)
    }

    /// Mutated timestamps never trap and read exactly as `ISO8601DateFormatter` reads them
    /// (the same date to the millisecond, or nil for both).
    @Test func wireDatesMatchISO8601DateFormatter() {
        let seed: UInt64 = 7
        var rng = Rng(state: seed)
        let bases = ["2026-11-25T10:00:00.000Z", "2026-11-25T10:00:00Z", "2024-02-29T23:59:59.999Z", "2026-01-31T00:00:00.5Z"].map {
            Array($0.utf8)
        }
        let digits = Array("0123456789".utf8)
        var disagreements: [String] = []
        var read = 0
        for _ in 0..<5_000 {
            var b = bases[rng.int(bases.count)]
            for _ in 0..<(1 + rng.int(3)) {
                // Mostly other digits (dates that still look valid: 31 November, second 60),
                // sometimes any byte.
                b[rng.int(b.count)] = rng.int(3) == 0 ? UInt8(truncatingIfNeeded: rng.next()) : digits[rng.int(10)]
            }
            if rng.int(4) == 0 { b = Array(b.prefix(rng.int(b.count))) }
            let text = String(decoding: b, as: UTF8.self)
            let ours = Wire.date(text)  // nil or a date; never a trap
            let reference = Self.referenceDate(text)
            if ours != nil { read += 1 }
            let same =
                switch (ours, reference) {
                case (nil, nil): true
                case let (a?, b?): abs(a.timeIntervalSince(b)) < 0.001
                default: false
                }
            if !same {
                disagreements.append(
                    "\(text.debugDescription): ours \(ours.map { "\($0.timeIntervalSince1970)" } ?? "nil"), formatter \(reference.map { "\($0.timeIntervalSince1970)" } ?? "nil")"
                )
            }
        }
        #expect(disagreements.isEmpty, "seed \(seed): \(disagreements.count) timestamps read differently, e.g. \(disagreements.prefix(5))")
        #expect(read > 500, "enough mutated timestamps are still dates (\(read))")
        // A fraction longer than an Int holds must not overflow.
        #expect(
            Wire.date("2026-11-25T10:00:00.12345678901234567890123Z") == Self.referenceDate("2026-11-25T10:00:00.12345678901234567890123Z")
        )
    }
}
