import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

@testable import ChargeTUI

/// Sign-in by phone (QR code and large code) and the kiosk overlays, drawn in memory.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct KioskAndQRScreenTests {
    let fake = FakeServices()
    let clock = ManualTimeSource()

    func app(kiosk: Bool = false) -> AppViewModel {
        let k = kiosk ? KioskSettings(idleSeconds: 60, countdownSeconds: 30, verifyPin: { $0 == "1234" }) : nil
        let settings = AppSettings(language: .en, position: GeoPoint(latitude: 47.8, longitude: 13.05), kiosk: k)
        let a = AppViewModel(services: AppServices(auth: fake, stations: fake, charging: fake), settings: settings, time: clock)
        a.start()
        return a
    }

    func deviceApp() async throws -> AppViewModel {
        fake.deviceAuthorization = DeviceAuthorization(
            deviceCode: "dc",
            userCode: "BCDF-GHJK",
            verificationURI: "https://auth.example/activate",
            verificationURIComplete: "https://auth.example/activate?user_code=BCDF-GHJK",
            expiresAt: clock.now().addingTimeInterval(600),
            interval: 5
        )
        let a = app()
        a.handle(.function(2))
        for _ in 0..<200 where a.state.signIn.device == nil { try await Task.sleep(nanoseconds: 1_000_000) }
        #expect(a.state.signIn.device != nil)
        return a
    }

    @Test func qrCodeMatrix() throws {
        let code = try #require(QRCode("https://auth.example/activate?user_code=BCDF-GHJK"))
        #expect(code.size == 29, "version 3 at level L for a 50-byte URL")
        // Finder patterns: dark 7×7 outlines in three corners.
        for (r, c) in [(0, 0), (0, code.size - 7), (code.size - 7, 0)] {
            #expect(
                (0..<7).allSatisfy {
                    code.isDark(r, c + $0) && code.isDark(r + 6, c + $0) && code.isDark(r + $0, c) && code.isDark(r + $0, c + 6)
                }
            )
            #expect(!code.isDark(r + 1, c + 1) && code.isDark(r + 3, c + 3))
        }
        let half = code.lines(ascii: false)
        #expect(half.count == code.footprint(ascii: false).rows && half.allSatisfy { TextWidth.of($0) == 33 })
        #expect(half[0] == String(repeating: "█", count: 33), "the quiet zone is light")
        let ascii = code.lines(ascii: true)
        #expect(ascii.count == 33 && ascii.allSatisfy { $0.count == 66 && $0.allSatisfy { "# ".contains($0) } })
        #expect(QRCode(String(repeating: "x", count: 4000)) == nil, "too long for any QR code")
    }

    @Test func phoneSignInShowsQRAndLargeCode() async throws {
        let a = try await deviceApp()
        let s = render(a, 30, 100)
        #expect(s.text.contains("Open this address: https://auth.example/activate?user_code=BCDF-GHJK"))
        #expect(s.text.contains(String(repeating: "█", count: 33)))
        #expect(s.text.contains("BCDF-GHJK"))
        #expect(s.lines.contains { $0.contains("█▀▄ ▄▀▀ █▀▄ █▀▀") }, "the code in large type: B C D F")
        // Too small for the code: the text form, still with the URL and the code.
        let small = render(a, 20, 60)
        #expect(!small.text.contains("████████"))
        #expect(small.text.contains("BCDF-GHJK"))
        // ASCII: only where the doubled-width code fits.
        #expect(!render(a, 30, 100, ascii: true).text.contains(String(repeating: "#", count: 66)))
        #expect(render(a, 50, 100, ascii: true).text.contains(String(repeating: "#", count: 66)))
    }

    @Test func longAddressesStayWhole() async throws {
        let long = "https://tenant-with-a-long-name.eu.auth0.com/activate?user_code=BCDF-GHJK"
        fake.deviceAuthorization = DeviceAuthorization(
            deviceCode: "dc",
            userCode: "BCDF-GHJK",
            verificationURI: long,
            verificationURIComplete: long,
            expiresAt: clock.now().addingTimeInterval(600),
            interval: 5
        )
        let a = app()
        a.handle(.function(2))
        for _ in 0..<200 where a.state.signIn.device == nil { try await Task.sleep(nanoseconds: 1_000_000) }
        let s = render(a, 30, 100)
        #expect(s.text.contains("Open this address: \(long)"))
        #expect(s.text.contains(String(repeating: "█", count: 20)), "with its QR code")
    }

    @Test func kioskOverlays() async throws {
        let a = app(kiosk: true)
        a.handle(.escape)
        #expect(render(a, 24, 80).lines[22].contains("This terminal stays open. Staff: F10 or Ctrl-X."))
        a.handle(.function(10))
        for c in "12" { a.handle(.char(c)) }
        var s = render(a, 24, 80)
        #expect(s.text.contains("Admin PIN"))
        #expect(s.text.contains("••"))
        #expect(!s.text.contains("12"), "the PIN is never drawn")
        a.handle(.escape)
        a.handle(.char("x"))  // typed into the username: now there is something to forget
        try #require(await clock.waitForSleepers(1))
        clock.advance(by: 31)
        try await waitUntil("the countdown") { a.state.kiosk?.countdown != nil }
        s = render(a, 24, 80)
        #expect(s.text.contains("No activity: signing out in 29 s. Press any key to stay."))
        #expect(s.lines[23].contains("any key stay signed in"))
    }
}
