import Foundation

/// A GraphQL document the client sends, by name. Every document lives as a `.graphql` file
/// in this folder (bundled as a resource), so the set of operations is visible in one place
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
    case contractRateOptions = "ContractRateOptions"
    case contractPaymentMethods = "ContractPaymentMethods"
    case createSepaContract = "CreateSepaContract"
    case createPostpaidContract = "CreatePostpaidContract"

    /// Whether the operation changes state on the server (never blindly re-sent).
    public var isMutation: Bool { document.range(of: "mutation ") != nil }

    /// The document text, loaded once.
    public var document: String { Self.texts[self] ?? "" }

    private static let texts: [APIOperation: String] = {
        var out: [APIOperation: String] = [:]
        for op in APIOperation.allCases {
            if let url = Bundle.module.url(forResource: op.rawValue, withExtension: "graphql", subdirectory: "Operations"),
               let text = try? String(contentsOf: url, encoding: .utf8) {
                out[op] = text
            }
        }
        return out
    }()
}
