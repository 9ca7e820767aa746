import Foundation
import Testing

@testable import ChargeViewModels

/// What each event ends: one policy per event, checked on parked tasks.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct TaskRegistryTests {
    /// A task that waits until cancelled.
    func parked() -> Task<Void, Never> {
        Task { while !Task.isCancelled { try? await Task.sleep(nanoseconds: 1_000_000_000) } }
    }

    func fill() -> TaskRegistry {
        let r = TaskRegistry()
        for key in TaskRegistry.Key.allCases { r[key] = parked() }
        return r
    }

    func cancelled(_ r: TaskRegistry) -> Set<TaskRegistry.Key> {
        Set(TaskRegistry.Key.allCases.filter { r[$0]?.isCancelled ?? true })
    }

    @Test func eachEventEndsItsWorkAndNoMore() {
        let expected: [(TaskRegistry.AppEvent, Set<TaskRegistry.Key>)] = [
            (.signOut, [.live, .tick, .running]),
            (.leaveLive, [.live, .tick]),
            (.lock, [.list, .device]),
            (.forget, [.list, .live, .tick, .device, .running, .detail]),
            (.quit, Set(TaskRegistry.Key.allCases)),
        ]
        for (event, keys) in expected {
            let r = fill()
            r.cancel(for: event)
            #expect(cancelled(r) == keys, "\(event)")
            #expect(!event.cancels.contains(.idle) || event == .quit, "only quitting stops the kiosk's idle watch")
            r.cancel(for: .quit)
        }
    }

    @Test func theRunningWatchIsClearedSoItCanStartAgain() {
        let r = fill()
        r.cancel(for: .signOut)
        #expect(r[.running] == nil)
        #expect(r[.live]?.isCancelled == true)
        #expect(!r.isActive(.live) && r.isActive(.list))
        r.cancel(for: .quit)
    }

    @Test func settleWaitsForShortWork() async {
        let r = TaskRegistry()
        var done = false
        r.run {
            await Task.yield()
            done = true
        }
        await r.settle()
        #expect(done)
    }
}
