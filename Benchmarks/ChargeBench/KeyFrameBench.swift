import ArgumentParser
import ChargeCore
import ChargeTUI
import ChargeTestSupport
import ChargeViewModels
import Foundation

/// `charge-bench keys` (P3): the work between a key and its frame with 1,000 stations in
/// the list: `AppViewModel.handle` (state update, rows, hints) plus `Renderer.draw` into the
/// in-memory surface. The terminal's own output is not included (that is P2's subject).
struct KeyFrameBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "P3: key → frame work with 1,000 stations loaded.")

    @Option(help: "Stations in the loaded list.") var stations = 1000
    @Option(help: "Keys to time.") var keys = 20000
    @Option(help: "Surface size as COLSxROWS.") var size = "100x30"

    @MainActor
    func run() async throws {
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2 else { throw ValidationError("--size must look like 100x30") }
        let (cols, rows) = (parts[0], parts[1])
        let fake = FakeServices()
        fake.serve(stations, spacingKm: 40.0 / Double(stations))
        let settings = AppSettings(
            language: .en,
            position: GeoPoint(latitude: 47.8, longitude: 13.05),
            radiusKm: 50,
            signInHint: ("demo-user", "demo-user-password"),
            pageSize: stations
        )
        let app = AppViewModel(
            services: AppServices(auth: fake, stations: fake, charging: fake),
            settings: settings,
            time: SystemTimeSource()
        )
        app.start()
        app.setViewport(rows: rows - 6, columns: cols)
        for c in "pw" { app.handle(.char(c)) }
        app.handle(.enter)
        await app.settle()
        // A page holds at most `AppViewModel.maxPageLimit` (100) stations: End loads the rest.
        app.handle(.end)
        await app.settle()
        app.handle(.home)
        guard app.state.stations.rows.count == stations else {
            throw ValidationError("expected \(stations) stations loaded, have \(app.state.stations.rows.count)")
        }
        let surface = MemorySurface(rows: rows, columns: cols, asciiOnly: false)
        // A walk a user makes through a long list: steps, pages, jumps, help and filter overlays.
        let script: [KeyPress] =
            Array(repeating: .down, count: 12) + [
                .pageDown, .pageDown, .up, .pageUp, .end, .up, .up, .home, .char("?"), .char("x"),
                .char("f"), .down, .escape,
            ] + Array(repeating: .down, count: 5)
        var samples: [Double] = []
        samples.reserveCapacity(keys)
        for i in 0..<(keys + 1000) {
            let key = script[i % script.count]
            let t0 = DispatchTime.now().uptimeNanoseconds
            app.handle(key)
            Renderer.draw(app.state, on: surface)
            let t1 = DispatchTime.now().uptimeNanoseconds
            if i >= 1000 { samples.append(Double(t1 - t0) / 1e6) }  // the first 1,000 warm up
        }
        samples.sort()
        print("P3 key → frame (view-model update + render into memory), \(stations) stations, \(cols)x\(rows), \(keys) keys")
        print(
            String(
                format: "p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms  (goal p99 <= 2 ms)",
                percentile(samples, 0.5),
                percentile(samples, 0.9),
                percentile(samples, 0.99),
                samples.last ?? 0
            )
        )
        app.shutdown()
    }
}
