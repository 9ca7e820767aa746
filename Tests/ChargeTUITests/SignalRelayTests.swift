import Foundation
import Testing

@testable import ChargeTUI

#if canImport(Glibc)
import Glibc
#endif

/// A signal sent the moment `SignalRelay` exists reaches the loop. The relay used to set
/// SIG_IGN and return before libdispatch had registered its source, so a SIGTERM in that gap
/// vanished and the app ran on (the same fault left `chargeterm-sandbox` serving after a
/// SIGTERM in CI). SIGUSR2 stands in for the terminating signals: nothing else in the test
/// process uses it.
@Suite(.timeLimit(.minutes(1))) struct SignalRelayTests {
    @Test func aSignalSentRightAfterTheRelayIsMadeIsDelivered() async {
        let (events, continuation) = AsyncStream<LoopEvent>.makeStream()
        let relay = SignalRelay([SIGUSR2]) { continuation.yield($0) }
        defer { relay.cancel() }
        kill(getpid(), SIGUSR2)
        // A bound, not a timing claim: delivery takes microseconds; a lost signal never comes.
        let bound = Task {
            try? await Task.sleep(for: .seconds(10))
            continuation.finish()
        }
        var received: LoopEvent?
        for await event in events {
            received = event
            break
        }
        bound.cancel()
        #expect(received == .signal(SIGUSR2), "the signal sent right after the relay was made was lost")
    }
}
