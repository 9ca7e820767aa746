import Foundation
import Testing

@testable import ChargeCore

/// Small pure pieces.
@Suite(.timeLimit(.minutes(1))) struct CorePiecesTests {
    @Test func ibanChecksum() {
        #expect(IBAN.isValid("AT61 1904 3002 3457 3201"))
        #expect(IBAN.isValid("DE89370400440532013000"))
        #expect(!IBAN.isValid("AT61 1904 3002 3457 3202"))
        #expect(!IBAN.isValid("hello"))
        #expect(!IBAN.isValid(""))
    }

    @Test func powerFromEnergyOverTime() {
        var p = PowerEstimator()
        let t0 = Date(timeIntervalSince1970: 0)
        #expect(p.add(energyKwh: 0, at: t0) == nil)
        let kw = p.add(energyKwh: 11.0 / 3600 * 10, at: t0.addingTimeInterval(10))
        #expect(abs((kw ?? 0) - 11) < 0.01)
        let smoothed = p.add(energyKwh: 11.0 / 3600 * 10 + 22.0 / 3600 * 10, at: t0.addingTimeInterval(20))
        #expect(abs((smoothed ?? 0) - 16.5) < 0.01)
    }

    @Test func secretsNeverPrintThemselves() {
        let s = Secret("hunter2")
        #expect("\(s)" == "<redacted>")
        #expect(String(reflecting: s) == "<redacted>")
        #expect(!String(describing: [s]).contains("hunter2"))
    }

    @Test func plainHTTPOnlyToLoopback() throws {
        #expect(throws: ChargeError.self) {
            try ChargeClient.checkSecure(URL(string: "http://example.com/graphql/")!, allowInsecure: false)
        }
        try ChargeClient.checkSecure(URL(string: "http://127.0.0.1:4000/graphql/")!, allowInsecure: false)
        try ChargeClient.checkSecure(URL(string: "http://example.com/graphql/")!, allowInsecure: true)
        try ChargeClient.checkSecure(URL(string: "https://example.com/graphql/")!, allowInsecure: false)
    }
}
