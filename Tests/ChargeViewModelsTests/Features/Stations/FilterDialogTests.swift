import ChargeCore
import ChargeViewModels
import Foundation
import Testing

/// The filter dialog as a value: made from a filter, changed by keys, giving a filter back.
@Suite(.timeLimit(.minutes(1))) struct FilterDialogTests {
    let t = Strings(.en)
    let base = StationFilter(position: GeoPoint(latitude: 47.8, longitude: 13.05), radiusKm: 10, search: "Mirabell")

    @Test func itShowsTheFilterItWasMadeFrom() {
        let f = FilterDialog(
            StationFilter(position: base.position, radiusKm: 5, onlyAvailable: true, plugTypes: [.ccs], minPowerKw: 50),
            strings: t
        )
        #expect(f.items.count == PlugType.known.count + 3, "available, open now, the plugs, the power")
        #expect(f.items[0].on)
        #expect(f.items.filter(\.on).map(\.label) == [t.onlyAvailable, "CCS", t.minPower])
        #expect(f.items.last?.value == "50 kW")
        #expect(f.minPowerKw == 50)
    }

    @Test func togglesAndPowerStepsAreApplied() {
        var f = FilterDialog(base, strings: t)
        #expect(f.handle(.char(" "), onto: base) == .open)
        #expect(f.handle(.down, onto: base) == .open)
        _ = f.handle(.down, onto: base)  // past "only open now"
        _ = f.handle(.char(" "), onto: base)  // Type 2
        for _ in 0..<10 { _ = f.handle(.down, onto: base) }
        #expect(f.selected == f.items.count - 1, "the cursor stops at the last item")
        _ = f.handle(.right, onto: base)
        _ = f.handle(.right, onto: base)
        #expect(f.items.last?.value == "22 kW")
        guard case .apply(let applied) = f.handle(.enter, onto: base) else {
            Issue.record("Enter applies")
            return
        }
        #expect(applied.onlyAvailable && applied.plugTypes == [.type2] && applied.minPowerKw == 22 && !applied.openNow)
        #expect(applied.radiusKm == 10 && applied.search == "Mirabell", "what the dialog does not show stays")
    }

    @Test func powerStepsWrapBothWays() {
        var f = FilterDialog(base, strings: t)
        for _ in 0..<10 { _ = f.handle(.down, onto: base) }
        _ = f.handle(.left, onto: base)
        #expect(f.minPowerKw == 150 && f.items.last?.on == true)
        _ = f.handle(.right, onto: base)
        #expect(f.minPowerKw == nil && f.items.last?.value == t.any && f.items.last?.on == false)
    }

    @Test func escapeCancelsAndOtherKeysDoNothing() {
        var f = FilterDialog(base, strings: t)
        let before = f
        #expect(f.handle(.char("z"), onto: base) == .open)
        #expect(f == before)
        #expect(f.handle(.escape, onto: base) == .cancelled)
        #expect(f.handle(.char("f"), onto: base) == .apply(base), "f applies too; nothing changed")
    }
}
