import ChargeSandbox
import ChargeTestSupport
import Foundation
import Testing

/// The client (`chargeterm`) no longer links the sandbox and keeps its own copy of these
/// public values (`EmbeddedSandbox` in Sources/chargeterm/EmbeddedSandbox.swift): a change here
/// must be made there too.
@Suite(.timeLimit(.minutes(1))) struct SandboxPublicValuesTests {
    @Test func demoAccountAndPositionAreWhatTheAppAssumes() {
        #expect(Sandbox.demoUser == "demo-user")
        #expect(Sandbox.demoPassword == "demo-user-password")
        #expect(Sandbox.defaultPosition.latitude == 47.8095 && Sandbox.defaultPosition.longitude == 13.0550)
    }
}
