import ChargeSandbox
import ChargeTestSupport
import Foundation
import Testing

/// Radius search against a brute-force haversine scan, paging, every filter.
@Suite(.timeLimit(.minutes(3))) struct SandboxStationTests {
    struct Found: Hashable {
        let id: String
        let lat: Double
        let lon: Double
    }

    static let page = """
        query($f: CpFilter, $p: PaginationFilter) { cpsPaged(filter: $f, pagination: $p) {
          pagination { totalCount } data { id distance geolocation { latitude longitude } connectors { status plugType maxPower } } } }
        """

    static func all(_ sb: Sandbox, _ token: String, filter: [String: Any]) async throws -> (rows: [[String: any Sendable]], total: Int) {
        var rows: [[String: any Sendable]] = []
        var total = 0
        var offset = 0
        repeat {
            let a = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                page,
                variables: ["f": filter, "p": ["limit": 100, "offset": offset]],
                bearer: token
            )
            let paged = try #require(a.data("cpsPaged"))
            total = Int((paged["pagination"] as? [String: any Sendable])?["totalCount"] as? Double ?? -1)
            let data = (paged["data"] as? [any Sendable] ?? []).compactMap { $0 as? [String: any Sendable] }
            rows += data
            offset += 100
            if data.isEmpty { break }
        } while offset < total
        return (rows, total)
    }

    static func haversine(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let r = 6371.0088
        let p = Double.pi / 180
        let h = pow(sin((b.0 - a.0) * p / 2), 2) + cos(a.0 * p) * cos(b.0 * p) * pow(sin((b.1 - a.1) * p / 2), 2)
        return 2 * r * asin(min(1, h.squareRoot()))
    }

    @Test func radiusResultsEqualABruteForceScan() async throws {
        try await SandboxHarness.with { sb in
            let (token, _) = try await SandboxAuthTests.tokens(sb)
            let everything = try await Self.all(sb, token, filter: [:])
            #expect(everything.total == 600)
            let points: [Found] = everything.rows.compactMap { r in
                guard let id = r["id"] as? String, let g = r["geolocation"] as? [String: any Sendable],
                    let lat = g["latitude"] as? Double, let lon = g["longitude"] as? Double
                else { return nil }
                return Found(id: id, lat: lat, lon: lon)
            }
            var seeded = UInt64(42)
            func unit() -> Double {
                seeded = seeded &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(seeded >> 11) / Double(1 << 53)
            }
            let centres = [(47.8095, 13.0550), (48.2082, 16.3738), (48.1351, 11.5820), (47.3769, 8.5417), (52.52, 13.405)]
            for i in 0..<12 {
                let c = centres[i % centres.count]
                let lat = c.0 + (unit() - 0.5) * 0.2
                let lon = c.1 + (unit() - 0.5) * 0.3
                let radius = [0.5, 1, 2, 5, 10, 25][i % 6] * (0.5 + unit())
                let expected = points.filter { Self.haversine((lat, lon), ($0.lat, $0.lon)) <= radius }.map(\.id)
                let got = try await Self.all(sb, token, filter: ["latitude": lat, "longitude": lon, "radius": radius])
                #expect(got.total == expected.count, "radius \(radius) at \(lat),\(lon)")
                #expect(Set(got.rows.compactMap { $0["id"] as? String }) == Set(expected))
                let distances = got.rows.compactMap { $0["distance"] as? Double }
                #expect(distances == distances.sorted(), "nearest first")
                #expect(distances.allSatisfy { $0 <= radius + 0.001 })
            }
        }
    }

    /// Stations exactly on the circle: the index's float bounds decide most candidates, the
    /// exact coordinates decide those within metres of the radius.
    @Test func stationsOnTheBoundaryAreDecidedExactly() async throws {
        try await SandboxHarness.with { sb in
            let (token, _) = try await SandboxAuthTests.tokens(sb)
            let everything = try await Self.all(sb, token, filter: [:])
            let points: [Found] = everything.rows.compactMap { r in
                guard let id = r["id"] as? String, let g = r["geolocation"] as? [String: any Sendable],
                    let lat = g["latitude"] as? Double, let lon = g["longitude"] as? Double
                else { return nil }
                return Found(id: id, lat: lat, lon: lon)
            }
            for (a, b) in zip(points.prefix(8), points.dropFirst(100).prefix(8)) {
                let d = Self.haversine((a.lat, a.lon), (b.lat, b.lon))
                guard d > 0.01, d < 50 else { continue }
                for (radius, inside) in [(d + 0.00002, true), (d - 0.00002, false)] {  // ±2 cm
                    let got = try await Self.all(sb, token, filter: ["latitude": a.lat, "longitude": a.lon, "radius": radius])
                    let ids = Set(got.rows.compactMap { $0["id"] as? String })
                    let expected = Set(points.filter { Self.haversine((a.lat, a.lon), ($0.lat, $0.lon)) <= radius }.map(\.id))
                    #expect(ids == expected, "radius \(radius) around \(a.id)")
                    #expect(ids.contains(b.id) == inside, "\(b.id) at \(d) km with radius \(radius)")
                }
            }
        }
    }

    @Test func filtersHoldOnOneConnector() async throws {
        try await SandboxHarness.with { sb in
            let (token, _) = try await SandboxAuthTests.tokens(sb)
            let base: [String: Any] = ["latitude": 47.8095, "longitude": 13.055, "radius": 15]
            let all = try await Self.all(sb, token, filter: base)
            func connectors(_ r: [String: any Sendable]) -> [[String: any Sendable]] {
                (r["connectors"] as? [any Sendable] ?? []).compactMap { $0 as? [String: any Sendable] }
            }

            var f = base
            f["onlyAvailable"] = true
            let available = try await Self.all(sb, token, filter: f)
            #expect(available.total > 0 && available.total < all.total)
            #expect(available.rows.allSatisfy { connectors($0).contains { $0["status"] as? String == "Available" } })

            f = base
            f["plugTypes"] = ["CCS"]
            f["minPower"] = 150
            let fast = try await Self.all(sb, token, filter: f)
            #expect(fast.total > 0)
            #expect(
                fast.rows.allSatisfy {
                    connectors($0).contains { $0["plugType"] as? String == "CCS" && ($0["maxPower"] as? Double ?? 0) >= 150 }
                }
            )
            let expectedFast = all.rows.filter {
                connectors($0).contains { $0["plugType"] as? String == "CCS" && ($0["maxPower"] as? Double ?? 0) >= 150 }
            }
            #expect(fast.total == expectedFast.count)

            f = base
            f["search"] = "getreidegasse"
            let search = try await Self.all(sb, token, filter: f)
            #expect(search.total > 0 && search.total < all.total)
        }
    }

    /// SQLite folds ASCII only: "öamtc" must find ÖAMTC all the same (issue 19).
    @Test func searchFoldsCaseForEveryLetter() async throws {
        try await SandboxHarness.with { sb in
            let (token, _) = try await SandboxAuthTests.tokens(sb)
            func ids(_ q: String) async throws -> Set<String> {
                Set(try await Self.all(sb, token, filter: ["search": q]).rows.compactMap { $0["id"] as? String })
            }
            let upper = try await ids("ÖAMTC")
            #expect(!upper.isEmpty)
            #expect(try await ids("öamtc") == upper)
            #expect(try await ids("öAmTc") == upper)
            #expect(try await ids("amtc") == upper, "ASCII letters keep LIKE's own folding")
            let city = try await ids("MÜNCHEN")
            #expect(!city.isEmpty)
            #expect(try await ids("münchen") == city)
            #expect(try await ids("Ünchen") == city)
            #expect(try await ids("ÖAMTC_").isEmpty, "LIKE wildcards in the text stay literal")
        }
    }

    @Test func pagingTotalsAndLimits() async throws {
        try await SandboxHarness.with { sb in
            let (token, _) = try await SandboxAuthTests.tokens(sb)
            let f: [String: Any] = ["latitude": 47.8095, "longitude": 13.055, "radius": 10]
            let first = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                Self.page,
                variables: ["f": f, "p": ["limit": 7, "offset": 0]],
                bearer: token
            )
            let second = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                Self.page,
                variables: ["f": f, "p": ["limit": 7, "offset": 7]],
                bearer: token
            )
            let total = (first.data("cpsPaged")?["pagination"] as? [String: any Sendable])?["totalCount"] as? Double
            #expect(total == (second.data("cpsPaged")?["pagination"] as? [String: any Sendable])?["totalCount"] as? Double)
            #expect((first.data("cpsPaged")?["data"] as? [any Sendable])?.count == 7)
            let tooMany = try await SandboxHTTP.graphQL(sb.graphQLURL, Self.page, variables: ["f": f, "p": ["limit": 101]], bearer: token)
            #expect(tooMany.errorCode == "BAD_USER_INPUT")
            let badRadius = try await SandboxHTTP.graphQL(
                sb.graphQLURL,
                Self.page,
                variables: ["f": ["latitude": 47.8, "longitude": 13.0, "radius": 0], "p": ["limit": 5]],
                bearer: token
            )
            #expect(badRadius.errorCode == "BAD_USER_INPUT")
        }
    }
}
