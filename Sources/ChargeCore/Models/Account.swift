import Foundation

/// The signed-in user's profile.
public struct ContactProfile: Sendable, Hashable, Codable {
    public var id: String?
    public var name: String?
    public var email: String?

    public init(id: String? = nil, name: String? = nil, email: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
    }
}

/// An invoice, offer or credit note.
public struct AccountDocument: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: String, Sendable, Hashable, Codable { case invoice, offer, creditnote, unknown }
    public var id: String
    public var kind: Kind
    public var title: String?
    public var documentDate: Date?
    /// As the server sent it, made display-safe; `openableLink` says whether it may be
    /// offered as a QR code.
    public var downloadLink: String?

    public init(id: String, kind: Kind, title: String? = nil, documentDate: Date? = nil, downloadLink: String? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.documentDate = documentDate
        self.downloadLink = downloadLink
    }
}

/// A tariff the user can choose for a new contract.
public struct ContractRateOption: Sendable, Hashable, Codable, Identifiable {
    public var id: String { uuid }
    public var uuid: String
    public var name: String

    public init(uuid: String, name: String) {
        self.uuid = uuid
        self.name = name
    }
}

/// A payment method for a new contract.
public struct ContractPaymentMethod: Sendable, Hashable, Codable, Identifiable {
    public enum Kind: Sendable, Hashable, Codable {
        case sepa, postpaid
        case other(String)
    }
    public var id: String { uuid }
    public var uuid: String
    public var kind: Kind
    public var applicationId: String?

    public init(uuid: String, kind: Kind, applicationId: String? = nil) {
        self.uuid = uuid
        self.kind = kind
        self.applicationId = applicationId
    }
}

/// What is needed to create a SEPA direct-debit contract. The IBAN is checked (ISO 13616
/// mod-97) before anything is sent.
public struct SepaContractRequest: Sendable, Hashable {
    public var paymentMethodId: String
    public var rateId: String
    public var iban: String
    public var bic: String?
    public var bank: String?
    public var accountHolder: String

    public init(paymentMethodId: String, rateId: String, iban: String, bic: String? = nil, bank: String? = nil, accountHolder: String) {
        self.paymentMethodId = paymentMethodId
        self.rateId = rateId
        self.iban = iban
        self.bic = bic
        self.bank = bank
        self.accountHolder = accountHolder
    }
}
