import ChargeCore
import Foundation

/// The form for a new contract: a rate, a payment method, and for SEPA the bank account.
public struct ContractForm: Sendable, Equatable {
    public enum Field: Sendable, Equatable { case rate, method, iban, holder }
    public var rates: [ContractRateOption]
    public var methods: [ContractPaymentMethod]
    public var rate = 0
    public var method = 0
    public var iban = TextField("", maxLength: 42)
    public var holder = TextField("", maxLength: 70)
    public var focus: Field = .rate
    public var error: String?

    public init(rates: [ContractRateOption], methods: [ContractPaymentMethod]) {
        self.rates = rates
        self.methods = methods
    }

    /// SEPA direct debit needs an IBAN and an account holder.
    public var needsBankAccount: Bool { methods.indices.contains(method) && methods[method].kind == .sepa }
    /// The fields the user can move through, in order.
    public var fields: [Field] { needsBankAccount ? [.rate, .method, .iban, .holder] : [.rate, .method] }

    public enum KeyOutcome: Sendable, Equatable { case edited, ignored, cancel, submit }

    /// A key on the form: moves the focus, turns a choice, or edits a text field.
    public mutating func apply(_ key: KeyPress) -> KeyOutcome {
        let index = fields.firstIndex(of: focus) ?? 0
        switch key {
        case .escape: return .cancel
        case .enter: return .submit
        case .tab, .down: focus = fields[(index + 1) % fields.count]
        case .backTab, .up: focus = fields[(index + fields.count - 1) % fields.count]
        case .left, .right:
            let step = key == .left ? -1 : 1
            switch focus {
            case .rate: rate = (rate + step + rates.count) % rates.count
            case .method: method = (method + step + methods.count) % methods.count
            case .iban: iban.apply(key)
            case .holder: holder.apply(key)
            }
        default:
            switch focus {
            case .iban: iban.apply(key)
            case .holder: holder.apply(key)
            case .rate, .method: return .ignored
            }
        }
        return .edited
    }

    /// What keeps the form from being sent (checked before anything goes out), if anything.
    public func problem(_ t: Strings) -> (field: Field, message: String)? {
        guard needsBankAccount else { return nil }
        guard IBAN.isValid(iban.text) else { return (.iban, t.ibanInvalid) }
        guard !holder.text.trimmingCharacters(in: .whitespaces).isEmpty else { return (.holder, t.holderMissing) }
        return nil
    }

    public var rateOption: ContractRateOption { rates[rate] }
    public var methodOption: ContractPaymentMethod { methods[method] }
}
