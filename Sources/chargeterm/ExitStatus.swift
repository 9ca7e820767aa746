import ArgumentParser
import ChargeCore
import Foundation

/// The exit codes of every command (README, "Exit codes"). A mistake gets the same code
/// whether it came from a flag, an environment variable or the config file: 64, which is
/// what swift-argument-parser uses for a bad flag.
enum ExitStatus: Int32, CaseIterable {
    case ok = 0
    /// The server refused (start or stop refused, bad input), a `doctor` check failed, or the
    /// user did not confirm.
    case failed = 1
    /// The station, connector or session does not exist.
    case notFound = 3
    /// Sign-in failed or is needed (wrong password, expired login, no credentials).
    case signIn = 4
    /// The server cannot be reached, timed out or is overloaded (5xx, 429): try again later.
    case unavailable = 5
    /// The server's answer was not understood.
    case unexpectedAnswer = 6
    /// The full-screen app needs a terminal on standard input and output.
    case notATerminal = 7
    /// A bad flag, environment variable or config-file value, or an unusable config file.
    case usage = 64

    /// The status for a core error.
    static func of(_ error: ChargeError) -> ExitStatus {
        switch error.kind {
        case .refused, .badInput, .forbidden, .cancelled: .failed
        case .notFound: .notFound
        case .unauthenticated: .signIn
        case .offline, .timeout, .rateLimited, .server: .unavailable
        case .unexpectedResponse: .unexpectedAnswer
        case .insecureEndpoint, .configuration: .usage
        }
    }
}

/// A subcommand's failure: printed as `chargeterm: MESSAGE` on standard error, then the
/// process exits with `status`.
struct CLIFailure: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String
    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }
    var description: String { message }

    /// Any error as a failure with its status (configuration errors are usage, 64).
    static func from(_ error: any Error) -> CLIFailure {
        switch error {
        case let f as CLIFailure: f
        case let c as ConfigError: CLIFailure(.usage, c.message)
        case let v as ValidationError: CLIFailure(.usage, v.message)
        default: CLIFailure(ExitStatus.of(ChargeError.wrap(error)), ChargeError.wrap(error).message)
        }
    }
}

/// Runs a subcommand's body, turning any failure into its message and exit code.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let code as ExitCode {
        throw code
    } catch {
        let failure = CLIFailure.from(error)
        FileHandle.standardError.write(Data("chargeterm: \(failure.message)\n".utf8))
        throw ExitCode(failure.status.rawValue)
    }
}
