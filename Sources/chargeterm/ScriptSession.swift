import ArgumentParser
import ChargeCore
import Foundation
import Logging

/// How the scripting subcommands sign in. A password never comes from the command line
/// (`ps` shows arguments to every user): standard input, the environment or the config file.
struct AccountOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("User name (or CHARGETERM_USERNAME, or account.username in the config file).", valueName: "name")
    )
    var username: String?

    @Flag(
        name: .long,
        help: "Read the password from the first line of standard input (else CHARGETERM_PASSWORD, or account.password in the config file)."
    )
    var passwordStdin = false
}

/// A signed-in client for one subcommand: the app's configuration, the embedded sandbox
/// when no endpoint is set, and either the saved login (`chargeterm login`) or a sign-in
/// that ends with the command.
final class ScriptSession {
    let client: ChargeClient
    let loaded: LoadedConfig
    private let sandbox: EmbeddedSandbox.Running?
    private let login: (store: LoginStore, key: String, username: String?, token: String)?

    private init(
        client: ChargeClient,
        loaded: LoadedConfig,
        sandbox: EmbeddedSandbox.Running?,
        login: (store: LoginStore, key: String, username: String?, token: String)?
    ) {
        self.client = client
        self.loaded = loaded
        self.sandbox = sandbox
        self.login = login
    }

    /// Where the search starts: the configured position, else (on the sandbox) its centre.
    var position: GeoPoint? {
        loaded.config.position ?? (loaded.config.endpoint == nil ? EmbeddedSandbox.defaultPosition : nil)
    }

    /// The client for the configured endpoint (not signed in), and the sandbox if one was started.
    static func connect(_ loaded: LoadedConfig, paths: AppPaths) async throws -> (ChargeClient, EmbeddedSandbox.Running?) {
        let env = ProcessInfo.processInfo.environment
        let language = loaded.config.language ?? (env["LANG"].map { $0.lowercased().hasPrefix("de") } == true ? "de" : "en")
        var logger = Logger(label: "chargeterm")
        logger.logLevel = .critical
        if let url = loaded.config.endpoint {
            let config = EndpointConfiguration(
                graphQLURL: url,
                psk: loaded.config.psk,
                auth0: loaded.config.auth0,
                allowInsecure: loaded.config.insecure,
                language: language
            )
            return (try ChargeClient(configuration: config, logger: logger), nil)
        }
        let cache = loaded.config.kiosk == nil ? AppPaths.ensure(paths.cacheDirectory) : nil
        let settings = EmbeddedSandbox.Settings(cacheDirectory: cache)
        let sandbox: EmbeddedSandbox.Running
        do {
            sandbox = try await EmbeddedSandbox.start(settings)
        } catch {
            throw CLIFailure(.unavailable, "The embedded sandbox did not start: \(error)")
        }
        return (try ChargeClient(configuration: sandbox.endpoint(language: language), logger: logger), sandbox)
    }

    /// Connects and signs in: with the saved login when there is one for this endpoint and
    /// no user name was given, else with a user name and password.
    static func open(_ connection: ConfigOptions, _ account: AccountOptions) async throws -> ScriptSession {
        let env = ProcessInfo.processInfo.environment
        let paths = AppPaths(environment: env)
        let loaded = try connection.load(environment: env, paths: paths)
        let givenUser = account.username ?? loaded.pick(\.username)?.value
        // Read before connecting: a missing password is reported without waiting for a sandbox.
        let password = try Self.password(account, loaded)
        let key = LoginStore.key(endpoint: loaded.config.endpoint)
        let store = loaded.config.kiosk == nil ? AppPaths.ensure(paths.stateDirectory).map { LoginStore(directory: $0) } : nil
        let saved = givenUser == nil && password == nil ? try store?.entry(for: key) : nil
        let (client, sandbox) = try await connect(loaded, paths: paths)
        do {
            if let store, saved != nil {
                let token: String = try await store.locked {
                    guard let entry = try store.entry(for: key) else {
                        throw CLIFailure(.signIn, "The saved login was removed meanwhile; run `chargeterm login`.")
                    }
                    do {
                        try await client.signIn(refreshToken: Secret(entry.refreshToken))
                    } catch let e as ChargeError where e.kind == .unauthenticated {
                        try? store.set(nil, for: key)
                        throw CLIFailure(.signIn, "The saved login has ended (\(e.message)). Run `chargeterm login` again.")
                    }
                    guard let fresh = await client.currentRefreshToken() else {
                        throw CLIFailure(.unexpectedAnswer, "The refresh gave no new refresh token.")
                    }
                    try store.set(.init(username: entry.username, refreshToken: fresh.revealed, savedAt: LoginStore.now()), for: key)
                    return fresh.revealed
                }
                return ScriptSession(client: client, loaded: loaded, sandbox: sandbox, login: (store, key, saved?.username, token))
            }
            let onSandbox = loaded.config.endpoint == nil
            let username = givenUser ?? (onSandbox ? EmbeddedSandbox.demoUser : nil)
            guard let username else {
                throw CLIFailure(
                    .signIn,
                    "Sign-in needed: give --username (or CHARGETERM_USERNAME, account.username) and a password (--password-stdin, CHARGETERM_PASSWORD or account.password), or run `chargeterm login` once."
                )
            }
            let secret = password ?? (onSandbox && username == EmbeddedSandbox.demoUser ? Secret(EmbeddedSandbox.demoPassword) : nil)
            guard let secret else {
                throw CLIFailure(
                    .signIn,
                    "No password for \(username): give it with --password-stdin, CHARGETERM_PASSWORD or account.password in the config file (never on the command line), or run `chargeterm login` once."
                )
            }
            guard client.supportsPasswordSignIn else {
                throw CLIFailure(.usage, "Password sign-in needs the tenant's PSK (psk_file, CHARGETERM_PSK or --psk-file).")
            }
            try await client.signIn(username: username, password: secret)
            return ScriptSession(client: client, loaded: loaded, sandbox: sandbox, login: nil)
        } catch {
            await client.shutdown()
            await sandbox?.stop()
            throw error
        }
    }

    /// The password from standard input, the environment or the config file, if any.
    static func password(_ account: AccountOptions, _ loaded: LoadedConfig) throws -> Secret? {
        if account.passwordStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw CLIFailure(.usage, "--password-stdin: standard input held no password.")
            }
            return Secret(line)
        }
        return loaded.pick(\.password)?.value
    }

    /// Ends the command: keeps the saved login's newest refresh token, or signs out.
    func close() async {
        if let login {
            // A refresh during a long command (`session --watch`) rotated the token: keep the newest.
            // Only then: another command may have rotated the saved one meanwhile.
            if let fresh = await client.currentRefreshToken(), fresh.revealed != login.token {
                try? await login.store.locked {
                    try login.store.set(
                        .init(username: login.username, refreshToken: fresh.revealed, savedAt: LoginStore.now()),
                        for: login.key
                    )
                }
            }
        } else {
            await client.signOut()
        }
        await client.shutdown()
        await sandbox?.stop()
    }

    /// Opens a session, runs `body`, and always closes it; failures become their exit code.
    static func run(_ connection: ConfigOptions, _ account: AccountOptions, _ body: (ScriptSession) async throws -> Void) async throws {
        try await reportingFailures {
            let session = try await open(connection, account)
            do {
                try await body(session)
            } catch {
                await session.close()
                throw error
            }
            await session.close()
        }
    }
}
