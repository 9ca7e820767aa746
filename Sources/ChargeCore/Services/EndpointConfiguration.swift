import Foundation

/// Auth0 settings for the device-code flow.
public struct Auth0Settings: Sendable, Hashable {
    /// Base URL of the Auth0 tenant (e.g. `https://tenant.eu.auth0.com`); the device flow
    /// posts to `<domain>/oauth/device/code` and `<domain>/oauth/token`.
    public var domain: URL
    public var clientId: String
    /// API audience requested for the access token, if the tenant needs one.
    public var audience: String?
    public var scope: String

    public init(domain: URL, clientId: String, audience: String? = nil, scope: String = "openid profile offline_access") {
        self.domain = domain
        self.clientId = clientId
        self.audience = audience
        self.scope = scope
    }
}

/// Where and how the client talks to a be.ENERGISED tenant (or the sandbox).
public struct EndpointConfiguration: Sendable {
    /// The GraphQL endpoint, e.g. `https://tenant.v2.api.htb.services/graphql/`.
    public var graphQLURL: URL
    /// The application's pre-shared key for `initSession` (legacy sign-in), if any.
    public var psk: Secret?
    /// Auth0 settings for the device-code flow, if any.
    public var auth0: Auth0Settings?
    /// Allow plain `http://` to a non-loopback host. Off unless the user asks.
    public var allowInsecure: Bool
    /// Sent as `accept-language` (e.g. "en", "de").
    public var language: String
    /// Seconds to wait for a TCP/TLS connection.
    public var connectTimeout: Double
    /// Seconds to wait for a whole answer.
    public var requestTimeout: Double
    /// Seconds between polls of a running session (the live panel's update rate).
    public var livePollSeconds: Double

    public init(
        graphQLURL: URL,
        psk: Secret? = nil,
        auth0: Auth0Settings? = nil,
        allowInsecure: Bool = false,
        language: String = "en",
        connectTimeout: Double = 5,
        requestTimeout: Double = 15,
        livePollSeconds: Double = 5
    ) {
        self.livePollSeconds = livePollSeconds
        self.graphQLURL = graphQLURL
        self.psk = psk
        self.auth0 = auth0
        self.allowInsecure = allowInsecure
        self.language = language
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
    }
}
