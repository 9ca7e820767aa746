import ArgumentParser

/// The `chargeterm` command: runs the app, or one of its subcommands.
@main
struct ChargeTerm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chargeterm",
        abstract: "A full-screen terminal client for be.ENERGISED EV charging networks.",
        subcommands: [RunCommand.self, SandboxForwardCommand.self, KioskPinCommand.self, CrashTestCommand.self],
        defaultSubcommand: RunCommand.self
    )

    static func main() async {
        SandboxForwardCommand.forwardIfAsked(CommandLine.arguments)
        await main(nil)
    }
}
