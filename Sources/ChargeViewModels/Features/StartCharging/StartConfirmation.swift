import ChargeCore
import Foundation

/// The last look before a paid start: where, which connector, what a kWh costs and which
/// card pays. A start is sent only from here (`StartCharging.confirmKey` is the one place
/// that makes a `ConfirmedStart`), so one stray Enter on a kiosk costs nobody money.
public struct StartConfirmation: Sendable, Equatable {
    /// A card as the dialog lists it.
    public struct CardChoice: Sendable, Equatable {
        public var card: ChargingCard
        /// "Demo card · HTB-100000 · valid to 10/2028".
        public var text: String
        public var expired: Bool
    }

    public let station: Station
    public let connector: Connector
    /// "Name · Street 5, 5020 City".
    public var stationLine: String
    /// "EVSE AT*HTB*E1*1 · Type 2 · 22 kW AC".
    public var connectorLine: String
    /// "0.39 EUR/kWh"; when the data holds no price, says so (nothing is invented).
    public var priceLine: String
    /// True when the station gave no price: the dialog says it plainly.
    public var priceUnknown: Bool
    public var cards: [CardChoice]
    public var selected: Int
    /// Why Enter did not start (an expired card picked).
    public var problem: String?

    /// `lastCardId`: the card used last time, chosen again when it is still here and valid;
    /// otherwise the first valid card.
    public init(station: Station, connector: Connector, cards: [ChargingCard], lastCardId: String?, now: Date, _ t: Strings) {
        self.station = station
        self.connector = connector
        let address = station.address.singleLine
        stationLine = address.isEmpty ? station.name : "\(station.name) · \(address)"
        let power = [
            connector.maxPowerKw.map { Format.power($0, t.language) }, connector.powerType == .unknown ? nil : connector.powerType.rawValue,
        ]
        .compactMap { $0 }.joined(separator: " ")
        connectorLine = [
            connector.evseId.map { "EVSE \($0)" } ?? connector.label, connector.plugType.description, power.isEmpty ? nil : power,
        ]
        .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
        priceUnknown = connector.pricePerKwh == nil || connector.pricePerKwh?.isFinite != true
        priceLine = priceUnknown ? t.priceNotGiven : Format.price(connector.pricePerKwh, connector.currency, t.language)
        let choices = cards.map { card in
            let expired = card.expiryDate.map { $0 <= now } ?? false
            return CardChoice(card: card, text: t.cardText(card, expired: expired), expired: expired)
        }
        self.cards = choices
        selected =
            choices.firstIndex { $0.card.id == lastCardId && !$0.expired } ?? choices.firstIndex { !$0.expired } ?? 0
    }

    public var selectedCard: CardChoice? { cards.indices.contains(selected) ? cards[selected] : nil }
}

/// A start the user has confirmed: the only way to `AppViewModel.start(_:)`. Its
/// initialiser is private to this file, where `StartCharging.confirmKey` makes it.
public struct ConfirmedStart: Sendable, Equatable {
    public let station: Station
    public let connector: Connector
    public let card: ChargingCard

    fileprivate init(_ c: StartConfirmation, card: ChargingCard) {
        station = c.station
        connector = c.connector
        self.card = card
    }
}

extension StartCharging {
    /// Cards checked: the confirmation opens (nothing is sent yet).
    public mutating func confirm(_ confirmation: StartConfirmation) { phase = .confirming(confirmation) }

    /// What a key in the confirmation asks for.
    public enum ConfirmOutcome: Sendable, Equatable {
        case edited, cancelled
        case confirmed(ConfirmedStart)
    }

    /// ↑↓ (or Tab) pick the card, Enter confirms, Esc cancels. An expired card is refused
    /// here with the reason, before anything is sent.
    public mutating func confirmKey(_ key: KeyPress, _ t: Strings) -> ConfirmOutcome {
        guard case .confirming(var c) = phase else { return .edited }
        switch key {
        case .up, .char("k"), .backTab:
            guard !c.cards.isEmpty else { return .edited }
            c.selected = (c.selected + c.cards.count - 1) % c.cards.count
            c.problem = nil
        case .down, .char("j"), .tab:
            guard !c.cards.isEmpty else { return .edited }
            c.selected = (c.selected + 1) % c.cards.count
            c.problem = nil
        case .enter:
            guard let choice = c.selectedCard else { return .edited }
            if choice.expired {
                c.problem = t.cardExpiredPickAnother
                phase = .confirming(c)
                return .edited
            }
            phase = .checkingCards
            return .confirmed(ConfirmedStart(c, card: choice.card))
        case .escape, .backspace:
            phase = .idle
            notice = t.startCancelled
            return .cancelled
        default:
            return .edited
        }
        phase = .confirming(c)
        return .edited
    }

    /// The confirmation while it is open.
    public var confirmation: StartConfirmation? {
        if case .confirming(let c) = phase { return c }
        return nil
    }
}
