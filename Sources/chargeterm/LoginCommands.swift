import ArgumentParser
import ChargeCore
import Foundation

/// `chargeterm login`: signs in once and keeps the refresh token (opt-in) so later
/// subcommands need no password. Refused in kiosk mode, where nothing of a user is kept.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in once for the scripting subcommands (keeps a refresh token, mode 0600).",
        discussion: """
            The refresh token goes to $XDG_STATE_HOME/chargeterm/login.json (default \
            ~/.local/state/chargeterm/), owner-only, one per endpoint; `chargeterm logout` removes it. \
            On a terminal the password is asked for without echo. Refused in kiosk mode.
            """
    )
    @OptionGroup var connection: ConfigOptions
    @OptionGroup var account: AccountOptions

    func run() async throws {
        try await reportingFailures {
            let env = ProcessInfo.processInfo.environment
            let paths = AppPaths(environment: env)
            let loaded = try connection.load(environment: env, paths: paths)
            guard loaded.config.kiosk == nil else {
                throw CLIFailure(.usage, "login is refused in kiosk mode: a kiosk keeps nothing of a user on disk.")
            }
            guard let dir = AppPaths.ensure(paths.stateDirectory) else {
                throw CLIFailure(.failed, "No usable state directory (\(paths.stateDirectory.path)).")
            }
            let store = LoginStore(directory: dir)
            let onSandbox = loaded.config.endpoint == nil
            guard let username = account.username ?? loaded.pick(\.username)?.value ?? (onSandbox ? EmbeddedSandbox.demoUser : nil) else {
                throw CLIFailure(.usage, "Give --username (or CHARGETERM_USERNAME, or account.username in the config file).")
            }
            var password = try ScriptSession.password(account, loaded)
            if password == nil, isatty(STDIN_FILENO) == 1 {
                password = Secret(try KioskPinCommand.readHidden("Password for \(username): "))
            }
            if password == nil, onSandbox, username == EmbeddedSandbox.demoUser { password = Secret(EmbeddedSandbox.demoPassword) }
            guard let password, !password.revealed.isEmpty else {
                throw CLIFailure(
                    .signIn,
                    "No password for \(username): type it on a terminal, or give it with --password-stdin, CHARGETERM_PASSWORD or account.password."
                )
            }
            let (client, sandbox) = try await ScriptSession.connect(loaded, paths: paths)
            defer {
                Task {
                    await client.shutdown()
                    await sandbox?.stop()
                }
            }
            guard client.supportsPasswordSignIn else {
                throw CLIFailure(
                    .usage,
                    "login needs password sign-in, which needs the tenant's PSK (psk_file, CHARGETERM_PSK or --psk-file); Auth0 access tokens are not kept."
                )
            }
            let key = LoginStore.key(endpoint: loaded.config.endpoint)
            try await store.locked {
                try await client.signIn(username: username, password: password)
                guard let token = await client.currentRefreshToken() else {
                    throw CLIFailure(.unexpectedAnswer, "The sign-in gave no refresh token.")
                }
                try store.set(.init(username: username, refreshToken: token.revealed, savedAt: LoginStore.now()), for: key)
            }
            await client.shutdown()
            await sandbox?.stop()
            print("Signed in as \(username) on \(onSandbox ? "the embedded sandbox" : key); the login is kept in \(store.file.path).")
        }
    }
}

/// `chargeterm logout`: forgets the saved login of the endpoint (or of all with --all).
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Forget the saved login of the endpoint (--all: of every endpoint)."
    )
    @OptionGroup var connection: ConfigOptions
    @Flag(name: .long, help: "Forget every saved login.") var all = false

    func run() async throws {
        try await reportingFailures {
            let env = ProcessInfo.processInfo.environment
            let paths = AppPaths(environment: env)
            let loaded = try connection.load(environment: env, paths: paths)
            let store = LoginStore(directory: paths.stateDirectory)
            guard FileManager.default.fileExists(atPath: store.file.path) else {
                print("No saved login.")
                return
            }
            if all {
                _ = try await store.locked { unlink(store.file.path) }
                print("Forgot every saved login.")
                return
            }
            let key = LoginStore.key(endpoint: loaded.config.endpoint)
            let had = try await store.locked { () -> Bool in
                guard try store.entry(for: key) != nil else { return false }
                try store.set(nil, for: key)
                return true
            }
            print(
                had
                    ? "Forgot the saved login of \(loaded.config.endpoint == nil ? "the embedded sandbox" : key)."
                    : "No saved login for \(key)."
            )
        }
    }
}
