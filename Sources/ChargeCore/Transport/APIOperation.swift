import Foundation

/// A GraphQL document the client sends, by name. Every document lives as a `.graphql` file
/// in `Operations` (embedded in the code), so the set of operations is visible in one place
/// and a test validates each against the reference schema. Names the published material does
/// not give (marked [ours] in the schema) appear only in these files.
public enum APIOperation: String, CaseIterable, Sendable {
    case initSession = "InitSession"
    case refreshSession = "RefreshSession"
    case contact = "Contact"
    case stationsPage = "StationsPage"
    case station = "Station"
    case cards = "Cards"
    case attemptRemoteStart = "AttemptRemoteStart"
    case remoteStartAttemptStatus = "RemoteStartAttemptStatus"
    case remoteStart = "RemoteStart"
    case remoteStop = "RemoteStop"
    case chargelog = "Chargelog"
    case chargelogs = "Chargelogs"
    case documents = "Documents"
    case document = "Document"
    case contractRateOptions = "ContractRateOptions"
    case contractPaymentMethods = "ContractPaymentMethods"
    case createSepaContract = "CreateSepaContract"
    case createPostpaidContract = "CreatePostpaidContract"

    /// Whether the operation changes state on the server (never blindly re-sent).
    public var isMutation: Bool { document.range(of: "mutation ") != nil }

    /// The document text, loaded once.
    public var document: String { Self.texts[self] ?? "" }

    private static let texts: [APIOperation: String] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0, String(decoding: $0.embedded, as: UTF8.self)) }
    )

    /// The file's bytes, embedded in the code by the package (`.embedInCode`), so the
    /// shipped binary needs no resource bundle beside it.
    private var embedded: [UInt8] {
        switch self {
        case .initSession: PackageResources.InitSession_graphql
        case .refreshSession: PackageResources.RefreshSession_graphql
        case .contact: PackageResources.Contact_graphql
        case .stationsPage: PackageResources.StationsPage_graphql
        case .station: PackageResources.Station_graphql
        case .cards: PackageResources.Cards_graphql
        case .attemptRemoteStart: PackageResources.AttemptRemoteStart_graphql
        case .remoteStartAttemptStatus: PackageResources.RemoteStartAttemptStatus_graphql
        case .remoteStart: PackageResources.RemoteStart_graphql
        case .remoteStop: PackageResources.RemoteStop_graphql
        case .chargelog: PackageResources.Chargelog_graphql
        case .chargelogs: PackageResources.Chargelogs_graphql
        case .documents: PackageResources.Documents_graphql
        case .document: PackageResources.Document_graphql
        case .contractRateOptions: PackageResources.ContractRateOptions_graphql
        case .contractPaymentMethods: PackageResources.ContractPaymentMethods_graphql
        case .createSepaContract: PackageResources.CreateSepaContract_graphql
        case .createPostpaidContract: PackageResources.CreatePostpaidContract_graphql
        }
    }
}
