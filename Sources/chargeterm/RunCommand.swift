import ArgumentParser

/// Runs the full-screen app (the default subcommand).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the app (default).")
    func run() async throws {}
}
