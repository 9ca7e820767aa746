/// The reference schema of the be.ENERGISED end-user API (SDL), as this project keeps it.
///
/// It is the one thing the client and the sandbox share: the sandbox serves exactly it,
/// and the client's tests validate every operation against it. The file is a copy of the
/// team's reference (`shared/api/schema.graphql`); a user's clone builds without that folder.
public enum ReferenceSchema {
    /// The SDL text, embedded in the code by the package (`.embedInCode`): a resource
    /// bundle would have to ship beside the binary, and `Bundle.module` traps without it.
    public static let sdl = String(decoding: PackageResources.schema_graphql, as: UTF8.self)
}
