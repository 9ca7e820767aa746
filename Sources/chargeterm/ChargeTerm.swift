import ArgumentParser

/// The `chargeterm` command: runs the app (its options are the top-level ones, so
/// `chargeterm --help` shows them), or one of its subcommands.
@main
struct ChargeTerm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chargeterm",
        abstract: "A full-screen terminal client for be.ENERGISED EV charging networks.",
        discussion: """
            Without a subcommand, runs the full-screen app (the same as `chargeterm run`). The \
            subcommands answer one question each for scripts, as a table or --json. Exit codes: \
            0 success, 1 refused or failed, 3 not found, 4 sign-in failed or needed, 5 server \
            unreachable or overloaded, 6 answer not understood, 7 not a terminal, 64 bad flag, \
            environment variable or config value (see the README).
            """,
        version: BuildInfo.versionLine,
        subcommands: [
            RunCommand.self,
            StationsCommand.self, StationCommand.self, SessionCommand.self, StartCommand.self, StopCommand.self,
            HistoryCommand.self, InvoicesCommand.self,
            LoginCommand.self, LogoutCommand.self, DoctorCommand.self, InfoCommand.self,
            SandboxForwardCommand.self, KioskPinCommand.self, CrashTestCommand.self,
        ]
    )

    @OptionGroup var app: AppOptions

    func run() async throws { try await app.runApp() }

    static func main() async {
        SandboxForwardCommand.forwardIfAsked(CommandLine.arguments)
        await main(nil)
    }
}
