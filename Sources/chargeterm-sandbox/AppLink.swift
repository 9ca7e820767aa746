import ChargeSandbox
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The line `chargeterm-sandbox --for-app` prints for the app that started it: where to
/// connect and with which (public, sandbox-only) key. One JSON object, one line, so the app
/// parses it without scraping the text meant for people. Read by
/// `Sources/chargeterm/SandboxChild.swift` (the field names are that file's `Announcement`).
struct AppAnnouncement: Encodable {
    var graphQLURL: String
    var baseURL: String
    var psk: String
    var auth0ClientId: String

    init(_ sandbox: Sandbox) {
        graphQLURL = sandbox.graphQLURL.absoluteString
        baseURL = sandbox.baseURL.absoluteString
        psk = sandbox.psk
        auth0ClientId = sandbox.auth0ClientId
    }

    func line() throws -> Data {
        var data = try JSONEncoder().encode(self)
        data.append(0x0A)
        return Data("chargeterm-sandbox-for-app ".utf8) + data
    }
}

/// Stops the sandbox when the app that started it goes, however it goes.
///
/// The app holds the write end of the pipe on our standard input and never writes to it:
/// when the app exits, is killed (SIGKILL included) or dies of a crash, the kernel closes
/// it and `read` returns 0. `PR_SET_PDEATHSIG` was not used: it fires when the *thread*
/// that started the child ends, and the app starts it from a pool thread that may end
/// while the app runs on.
enum ParentWatch {
    static func stopWhenStandardInputCloses() {
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let n = read(0, &byte, 1)
                if n == 0 || (n < 0 && errno != EINTR) { break }
            }
            // The same way out as Ctrl-C: the server stops cleanly, the database is closed.
            // Before the server is up, SIGTERM ends the process at once (TerminationSignals).
            kill(getpid(), SIGTERM)
        }
        thread.start()
    }
}
