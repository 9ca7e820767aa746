import Foundation

/// What the scripting subcommands need beyond the app's ports: a sign-in that survives the
/// process (`chargeterm login` keeps the refresh token in a 0600 file) and one session read.
extension ChargeClient {
    /// Signs in with a refresh token kept from an earlier sign-in: one `refreshSession`,
    /// which also rotates the refresh token (read the new one with `currentRefreshToken`).
    public func signIn(refreshToken: Secret) async throws {
        let out = try await channel.run(.refreshSession, as: Wire.RefreshSessionW.self, auth: .bearer(refreshToken))
        guard let s = out.refreshSession?.sessionToken, let r = out.refreshSession?.refreshToken, !s.isEmpty else {
            throw ChargeError.unexpectedResponse("a refresh answer without tokens")
        }
        await tokens.setSession(session: Secret(s), refresh: Secret(r))
        await pages.invalidate()
        hub.emit(.signedIn(nil))
    }

    /// The refresh token of the current session (it changes on every refresh), or nil when
    /// signed out or signed in with an Auth0 access token.
    public func currentRefreshToken() async -> Secret? {
        if case .session(_, let refresh, _) = await tokens.state { return refresh }
        return nil
    }
}

extension ChargeClient {
    /// The bearer the client would send now (for `chargeterm doctor`, which sends its own
    /// introspection query with the same credentials). Never logged or printed.
    public func currentBearerForDiagnostics() async -> Secret? {
        try? await tokens.currentBearer().token
    }
}

extension ChargeClient {
    /// The GraphQL endpoint this client talks to.
    public var endpointURL: URL { config.graphQLURL }
}
