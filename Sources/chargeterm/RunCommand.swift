import ArgumentParser
import ChargeCore
import ChargeTUI
import ChargeViewModels
import Foundation
import Logging

/// Runs the full-screen app: `chargeterm [options]`, or `chargeterm run [options]`.
///
/// The options are an option group so that the top-level command shows and takes them too
/// (`chargeterm --help` lists them; the README says it does).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the full-screen app (also what `chargeterm` alone does).",
        discussion: """
            Without --endpoint the app starts its embedded sandbox (a local stand-in of the API) \
            and you can sign in as demo-user / demo-user-password.
            """
    )

    @OptionGroup var app: AppOptions

    func run() async throws { try await app.runApp() }
}

/// The full-screen app's options and its start.
///
/// With no `--endpoint`, the embedded sandbox is started on a free loopback port and the
/// sign-in form is opened with the demo user filled in. With `--endpoint`, the app talks to
/// a real tenant with the PSK and/or Auth0 settings given.
struct AppOptions: ParsableArguments {
    @OptionGroup var connection: ConfigOptions

    @Flag(name: .long, help: "Kiosk mode: no quitting without the admin PIN, idle sign-out, nothing written to disk.")
    var kiosk = false

    @Option(name: .long, help: ArgumentHelp("Kiosk mode: idle minutes before the sign-out countdown (default 3).", valueName: "min"))
    var idleMinutes: Double?

    @Flag(name: .long, help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(
        name: .long,
        help: "Plain ASCII: no line-drawing characters, letters spelled in ASCII (ß as ss). Default: from the locale and TERM."
    )
    var ascii = false

    @Flag(name: .long, help: "UTF-8 even where the locale and TERM do not say so (uses C.UTF-8 for the character type).")
    var utf8 = false

    @Option(name: .long, help: ArgumentHelp("Embedded sandbox: simulation speed factor.", valueName: "x"))
    var sandboxSpeed: Double = 1

    @Option(name: .long, help: ArgumentHelp("Embedded sandbox: number of stations to seed.", valueName: "n"))
    var sandboxStations: Int = 3000

    @Flag(
        name: .long,
        help: "Embedded sandbox, test data: the six nearest stations get names with control, bidi, zero-width, CJK and emoji characters."
    )
    var sandboxHostileNames = false

    func validate() throws {
        guard sandboxSpeed.isFinite, sandboxSpeed > 0, sandboxSpeed <= 1000 else {
            throw ValidationError("--sandbox-speed must be between 0 and 1000.")
        }
        guard !(ascii && utf8) else { throw ValidationError("--ascii and --utf8 exclude each other; give one.") }
        guard (1...2_000_000).contains(sandboxStations) else {
            throw ValidationError("--sandbox-stations must be between 1 and 2000000.")
        }
        if let idleMinutes, ConfigLayer.idle(String(idleMinutes)) == nil {
            throw ValidationError("--idle-minutes must be between 0.25 and 1440.")
        }
    }

    /// The flags only the app has (kiosk), as a configuration layer.
    var appFlagLayer: ConfigLayer {
        var layer = ConfigLayer()
        if kiosk { layer.kiosk = Sourced(true, "--kiosk") }
        layer.idleMinutes = idleMinutes.map { Sourced($0, "--idle-minutes") }
        return layer
    }

    @MainActor
    func runApp() async throws {
        // Curses output into a file or pipe is garbage, and keys cannot be read from one.
        if let problem = Self.terminalProblem() {
            FileHandle.standardError.write(
                Data(
                    "chargeterm: \(problem) For scripts, use the subcommands (chargeterm stations --json, chargeterm session, …; see chargeterm --help).\n"
                        .utf8
                )
            )
            throw ExitCode(ExitStatus.notATerminal.rawValue)
        }
        let env = ProcessInfo.processInfo.environment
        let paths = AppPaths(environment: env)
        let resolved: ClientConfig
        do {
            resolved = try connection.load(environment: env, paths: paths, extra: appFlagLayer).config
        } catch {
            FileHandle.standardError.write(Data("chargeterm: \(error.message)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let kioskMode = resolved.kiosk != nil
        if kioskMode {
            // Strangers follow each other here: no core dump or debugger may read what the last one typed.
            for problem in ProcessHardening.forbidCoreDumpsAndTracing() {
                FileHandle.standardError.write(Data("chargeterm: kiosk: \(problem)\n".utf8))
            }
        }
        // Kiosk mode keeps nothing of a user on disk: no log, no favourites, no cached data.
        let stateDir = kioskMode ? nil : AppPaths.ensure(paths.stateDirectory)
        let sink = stateDir.map { FileLogHandler.Sink(url: $0.appendingPathComponent("chargeterm.log")) } ?? FileLogHandler.Sink()
        let level: Logger.Level = env["CHARGETERM_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, sink: sink, level: level) }
        let logger = Logger(label: "chargeterm")

        let language = resolved.language.flatMap { Language(rawValue: $0) } ?? Language.detect(environment: env)
        let app: AppComposition
        do {
            app = try AppComposition.build(
                config: AppComposition.Config(
                    client: resolved,
                    language: language,
                    stateDirectory: stateDir,
                    cacheDirectory: kioskMode || resolved.endpoint != nil ? nil : AppPaths.ensure(paths.cacheDirectory),
                    sandboxStations: sandboxStations,
                    sandboxSpeed: sandboxSpeed,
                    sandboxHostileNames: sandboxHostileNames,
                    logger: logger
                )
            )
        } catch {
            FileHandle.standardError.write(Data("chargeterm: \(ChargeError.wrap(error).message)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        let code = await TUIApp.run(viewModel: app.viewModel, options: terminalOptions(kiosk: kioskMode, logger: logger))
        logger.info("exiting with status \(code)")
        await app.shutdown()
        if code != 0 { throw ExitCode(code) }
    }
}

extension AppOptions {
    /// Why the full-screen app cannot run here, or nil: it needs standard input and output
    /// to be a terminal.
    static func terminalProblem() -> String? {
        if isatty(STDOUT_FILENO) != 1 { return "standard output is not a terminal, so the full-screen app cannot draw." }
        if isatty(STDIN_FILENO) != 1 { return "standard input is not a terminal, so the full-screen app cannot read keys." }
        return nil
    }

    /// The terminal's options from the flags; its choices (text mode, TERM fallback) go to the log.
    func terminalOptions(kiosk: Bool, logger: Logger) -> TerminalOptions {
        var options = TerminalOptions(allowColor: !noColor, asciiOnly: ascii ? true : utf8 ? false : nil, kiosk: kiosk)
        options.log = { logger.info("\($0)") }
        if logger.logLevel <= .trace { options.trace = { logger.trace("\($0)") } }
        return options
    }
}
