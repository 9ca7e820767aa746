import ChargeViewModels
import Testing

@testable import ChargeTUI

/// The trace log is for finding a lost key, never for reading what someone typed.
@Suite(.timeLimit(.minutes(1))) struct InputTraceTests {
    @Test func typedTextIsNeverWritten() {
        #expect(InputTrace.name(.char("s")) == "char")
        #expect(InputTrace.name(.char("7")) == "char")
        #expect(InputTrace.name(.paste("hunter2")) == "paste(7)")
        #expect(InputTrace.name(.ctrl("u")) == "ctrl-u")
        #expect(InputTrace.name(.down) == "down")
        #expect(InputTrace.name(.function(2)) == "F2")
    }
}
