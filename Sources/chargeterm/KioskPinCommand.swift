import ArgumentParser
import ChargeCore
import Foundation

/// `chargeterm kiosk-pin`: asks for an admin PIN (twice, not echoed) and prints the config
/// line that stores its hash. The PIN itself is never printed or written anywhere.
struct KioskPinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-pin",
        abstract: "Hash an admin PIN for kiosk mode (prints the line for the config file).",
        discussion: """
            Put the printed line into the [kiosk] section of the config file. On a terminal the \
            PIN is asked for twice without echo; otherwise the first line of standard input is used.
            """
    )

    func run() throws {
        let interactive = isatty(STDIN_FILENO) == 1
        let pin: String
        if interactive {
            let first = try Self.readHidden("Admin PIN (4–12 digits): ")
            let second = try Self.readHidden("Again: ")
            guard first == second else { throw ValidationError("The two PINs differ; nothing was printed.") }
            pin = first
        } else {
            pin = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
        }
        guard AdminPin.isAcceptable(pin) else { throw ValidationError("A PIN is 4 to 12 digits.") }
        if let weakness = AdminPin.weakness(pin) { throw ValidationError("\(weakness) Nothing was printed.") }
        print("admin_pin_hash = \"\(AdminPin.hash(pin))\"")
    }

    /// Reads a line from the terminal with echo off (restored on every path).
    static func readHidden(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { throw ValidationError("Cannot read from the terminal.") }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
    }
}
