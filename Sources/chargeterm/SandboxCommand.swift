import ArgumentParser

/// `chargeterm sandbox`: the local stand-in of the API. (Placeholder; the sandbox owner replaces it.)
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sandbox", abstract: "Serve the local stand-in API.")
    func run() async throws {}
}
