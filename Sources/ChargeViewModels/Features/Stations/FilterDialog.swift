import ChargeCore
import Foundation

/// The filter dialog over the station list, as a value: made from the list's filter,
/// changed by keys, and giving back the filter to apply (or nothing, when cancelled).
/// The list's filter is the one place the radius and the filters are decided; the dialog
/// only proposes a new one.
public struct FilterDialog: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var label: String
        public var value: String
        public var on: Bool
    }

    /// "Only available", "Only open now" (unless the server cannot filter by it), one per
    /// plug type, and the minimum power (the last item).
    public var items: [Item]
    public var selected = 0
    /// The minimum power chosen (one of `powerSteps`).
    public private(set) var minPowerKw: Double?
    let strings: Strings
    /// Where the plug types start (after the "only" toggles).
    let plugStart: Int

    public static let powerSteps: [Double?] = [nil, 11, 22, 50, 150]
    /// The `value` of the "only open now" item.
    static let openNowValue = "openNow"

    /// `offersOpenNow`: false once the server has refused the `openNow` filter (the item
    /// would do nothing but fail).
    public init(_ filter: StationFilter, strings t: Strings, offersOpenNow: Bool = true) {
        strings = t
        minPowerKw = filter.minPowerKw
        items = [Item(label: t.onlyAvailable, value: "", on: filter.onlyAvailable)]
        if offersOpenNow { items.append(Item(label: t.onlyOpenNow, value: Self.openNowValue, on: filter.openNow)) }
        plugStart = items.count
        items += PlugType.known.map { Item(label: $0.description, value: $0.apiValue, on: filter.plugTypes.contains($0)) }
        items.append(Item(label: t.minPower, value: "", on: false))
        setPower(filter.minPowerKw)
    }

    var powerIndex: Int { items.count - 1 }

    private mutating func setPower(_ kw: Double?) {
        minPowerKw = kw
        items[powerIndex].value = kw.map { Format.power($0, strings.language) } ?? strings.any
        items[powerIndex].on = kw != nil
    }

    public enum Outcome: Sendable, Equatable {
        /// The dialog stays open (changed or not).
        case open
        case cancelled
        /// Close and search with this filter.
        case apply(StationFilter)
    }

    /// A key in the dialog; `filter` is the list's current one, which an applied dialog changes.
    public mutating func handle(_ key: KeyPress, onto filter: StationFilter) -> Outcome {
        switch key {
        case .up, .char("k"): selected = max(0, selected - 1)
        case .down, .char("j"): selected = min(items.count - 1, selected + 1)
        case .char(" "), .left, .right:
            if selected == powerIndex {
                let steps = Self.powerSteps
                let current = steps.firstIndex(of: minPowerKw) ?? 0
                setPower(steps[(current + (key == .left ? steps.count - 1 : 1)) % steps.count])
            } else {
                items[selected].on.toggle()
            }
        case .enter, .char("f"):
            var f = filter
            f.onlyAvailable = items[0].on
            f.openNow = items[..<plugStart].contains { $0.value == Self.openNowValue && $0.on }
            f.plugTypes = items[plugStart..<powerIndex].filter(\.on).map { PlugType(apiValue: $0.value) }
            f.minPowerKw = minPowerKw
            return .apply(f)
        case .escape, .backspace:
            return .cancelled
        default: break
        }
        return .open
    }

    /// The footer while the dialog is open.
    public static func hints(_ t: Strings) -> [KeyHint] {
        [
            KeyHint(key: "↑↓", label: t.move), KeyHint(key: "Space", label: t.toggle), KeyHint(key: "Enter", label: t.apply),
            KeyHint(key: "Esc", label: t.cancel),
        ]
    }
}
