import Foundation

/// The reference schema of the be.ENERGISED end-user API (SDL), as this project keeps it.
///
/// It is the one thing the client and the sandbox share: the sandbox serves exactly it,
/// and the client's tests validate every operation against it. The file is a copy of the
/// team's reference (`shared/api/schema.graphql`); a user's clone builds without that folder.
public enum ReferenceSchema {
    /// The SDL text. Read once from the bundled resource.
    public static let sdl: String = {
        guard let url = Bundle.module.url(forResource: "schema", withExtension: "graphql"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            // The resource is part of the build; its absence is a packaging error.
            return ""
        }
        return text
    }()
}
