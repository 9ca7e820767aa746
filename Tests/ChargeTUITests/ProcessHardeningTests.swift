import ChargeTUI
import Testing

/// Kiosk mode's process settings take effect (checked in this process, then the dumpable
/// flag is given back; a core limit of 0 costs a test run nothing).
@Suite(.timeLimit(.minutes(1))) struct ProcessHardeningTests {
    @Test func kioskModeForbidsCoreDumpsAndTracing() {
        #expect(ProcessHardening.forbidCoreDumpsAndTracing().isEmpty)
        #expect(!ProcessHardening.isDumpable)
        #expect(ProcessHardening.coreLimit.soft == 0 && ProcessHardening.coreLimit.hard == 0)
        ProcessHardening.allowDumping()
    }
}
