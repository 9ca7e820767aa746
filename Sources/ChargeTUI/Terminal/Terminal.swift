import CNCursesW
import CTerminalGuard
import Foundation

/// A failure to start the terminal UI, with a message for a person.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// The curses screen: set up on init, restored by `restore()` (on every exit path).
@MainActor
final class Terminal {
    private var screen: OpaquePointer?
    private(set) var colors = false
    private(set) var asciiOnly = false
    private var restored = false

    /// Which text mode was chosen and why.
    private(set) var localeChoice: LocaleChoice

    init(options: TerminalOptions) throws {
        let env = ProcessInfo.processInfo.environment
        let term = env["TERM"] ?? ""
        // Before newterm: curses reads the locale once. See LocaleChoice for why.
        let override: TextMode? = options.asciiOnly.map { $0 ? .ascii : .utf8 }
        localeChoice = LocaleChoice.decide(environment: env, override: override) { name in
            let ok = name.isEmpty ? setlocale(LC_ALL, "") != nil : setlocale(LC_CTYPE, name) != nil
            return ok ? String(cString: nl_langinfo(nl_item(CODESET))) : nil
        }
        options.log("terminal text: \(localeChoice.reason)")
        guard let out = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r") else {
            throw TerminalError(message: "Cannot open the terminal.")
        }
        tg_save_modes()
        // newterm, not initscr: initscr exits the process when TERM has no terminfo entry.
        screen = term.isEmpty ? nil : newterm(term, out, input)
        if screen == nil {
            for fallback in ["xterm-256color", "xterm", "vt100"] {
                screen = newterm(fallback, out, input)
                if screen != nil {
                    options.log("terminal: TERM=\(term.isEmpty ? "(unset)" : term) is unknown here; using \(fallback).")
                    break
                }
            }
        }
        guard let screen else {
            throw TerminalError(message: "No usable terminal description for TERM=\(term). Try TERM=xterm-256color.")
        }
        set_term(screen)
        if options.kiosk {
            raw()
            signal(SIGTSTP, SIG_IGN)
        } else {
            cbreak()
        }
        noecho()
        nonl()
        keypad(cnc_stdscr(), true)
        nodelay(cnc_stdscr(), true)
        curs_set(0)
        // The cursor is hidden (fields draw their own), so curses need not move it back
        // after each update: 8 bytes saved on every tick of the live panel.
        leaveok(cnc_stdscr(), true)
        if env["ESCDELAY"] == nil { set_escdelay(options.escDelayMs) }
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        if options.allowColor && !noColor && has_colors() {
            start_color()
            use_default_colors()
            colors = true
            init_pair(1, Int16(COLOR_GREEN), -1)  // available
            init_pair(2, Int16(COLOR_YELLOW), -1)  // busy
            init_pair(3, Int16(COLOR_RED), -1)  // faulted / error
            init_pair(4, Int16(COLOR_CYAN), -1)  // accent
            init_pair(5, Int16(COLOR_BLUE), -1)  // title
        }
        // What a crash must write to give the screen back (see CTerminalGuard).
        let reset = ["rmcup", "cnorm", "sgr0"].compactMap { cap -> String? in
            guard let raw = tigetstr(cap), Int(bitPattern: raw) != -1 else { return nil }
            return String(cString: raw)
        }.joined()
        tg_install(reset + "\r\n")
        asciiOnly = localeChoice.mode == .ascii
    }

    /// Gives the terminal back: cursor, echo, line mode, main screen. Safe to call twice.
    func restore() {
        guard !restored else { return }
        restored = true
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        tg_remove()
    }
}
