import ChargeCore
import ChargeSandbox
import ChargeTestSupport
import Foundation
import Logging
import Testing

/// Collects every log line of one logger, at trace level.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ s: String) { lock.withLock { lines.append(s) } }
        var text: String { lock.withLock { lines.joined(separator: "\n") } }
    }

    let lines: Lines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    init(_ lines: Lines) { self.lines = lines }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let meta = metadata.merging(event.metadata ?? [:]) { $1 }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        lines.append("\(event.level) \(event.message) \(meta)")
    }
}

/// What must stay true: a whole sign-in, a refresh, a refused sign-in and a query, logged
/// at trace level, never write the password, the PSK or a token.
@Suite(.timeLimit(.minutes(3))) struct LogSecretsTests {
    @Test func nothingSecretReachesTheLog() async throws {
        try await SandboxHarness.with { sb in
            let lines = CapturingLogHandler.Lines()
            let logger = Logger(label: "capture") { _ in CapturingLogHandler(lines) }
            let transport = TokenCopyingTransport()
            let clock = ManualTimeSource()
            let client = try ChargeClient(
                configuration: SandboxHarness.endpoint(sb),
                time: clock,
                logger: logger,
                transport: transport,
                sessionLifetime: 8
            )
            await #expect(throws: ChargeError.self) {
                try await client.signIn(username: Sandbox.demoUser, password: Secret("not-the-password-xyz"))
            }
            try await client.signIn(username: Sandbox.demoUser, password: Secret(Sandbox.demoPassword))
            _ = try await client.profile()
            // The session is assumed to live 8 s (refreshed 2 s before): past that, the next call refreshes first.
            clock.advance(by: 7)
            _ = try await client.profile()
            await client.shutdown()
            let log = lines.text
            #expect(!log.isEmpty, "the capture works")
            #expect(log.contains("graphql"), "requests were logged")
            for secret in [Sandbox.demoPassword, "not-the-password-xyz", sb.psk] + transport.allTokens {
                #expect(!log.contains(secret), "a secret reached the log")
            }
            #expect(transport.allRefreshTokens.count >= 2, "a refresh happened: \(transport.allRefreshTokens.count) refresh tokens seen")
        }
    }
}
