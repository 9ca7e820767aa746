import ChargeTestSupport
import Foundation
import Testing

@testable import ChargeCore

/// Token lifetimes on a manual clock: expiry and refresh in milliseconds, no sleeps.
@Suite(.timeLimit(.minutes(1))) struct TokenStoreTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func next() -> Int {
            lock.withLock {
                n += 1
                return n
            }
        }
        var value: Int { lock.withLock { n } }
    }

    @Test func refreshesShortlyBeforeTheSessionEndsOnceForManyCallers() async throws {
        let clock = ManualTimeSource()
        let store = TokenStore(time: clock, events: EventHub(), sessionLifetime: 3600, refreshMargin: 120)
        let refreshes = Counter()
        await store.setRefresher { _ in
            let n = refreshes.next()
            return (Secret("session-\(n)"), Secret("refresh-\(n)"))
        }
        await store.setSession(session: Secret("session-0"), refresh: Secret("refresh-0"))
        #expect(try await store.currentBearer().token.revealed == "session-0")
        clock.advance(by: 3400)
        #expect(try await store.currentBearer().token.revealed == "session-0", "not yet within the margin")
        clock.advance(by: 100)
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await store.currentBearer().token.revealed } }
            var out: [String] = []
            for try await t in group { out.append(t) }
            return out
        }
        #expect(Set(tokens) == ["session-1"])
        #expect(refreshes.value == 1)
    }

    @Test func aRejectedRefreshSignsOutWithTheReason() async throws {
        let clock = ManualTimeSource()
        let hub = EventHub()
        let events = hub.stream()
        let store = TokenStore(time: clock, events: hub, sessionLifetime: 60)
        await store.setRefresher { _ in throw ChargeError.unauthenticated("The refresh token has expired. Sign in again.") }
        await store.setSession(session: Secret("s"), refresh: Secret("r"))
        clock.advance(by: 61)
        await #expect(throws: ChargeError.self) { try await store.currentBearer() }
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == .signedOut(.sessionExpired("The refresh token has expired. Sign in again.")))
        #expect(await !store.isSignedIn)
    }

    @Test func anExpiredAccessTokenSignsOut() async throws {
        let clock = ManualTimeSource(start: Date(timeIntervalSince1970: 1_000))
        let store = TokenStore(time: clock, events: EventHub())
        // header.payload.signature with exp = 2000
        let payload = Data(#"{"exp":2000}"#.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        await store.setAccessToken(Secret("e30.\(payload).sig"))
        #expect(try await store.currentBearer().token.revealed.hasPrefix("e30."))
        clock.advance(by: 1001)
        await #expect(throws: ChargeError.self) { try await store.currentBearer() }
    }
}
