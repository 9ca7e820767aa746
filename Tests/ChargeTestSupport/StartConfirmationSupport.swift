import ChargeViewModels
import Foundation

extension AppViewModel {
    /// What a user does to start a charge: Enter on the station view, then Enter on the
    /// confirmation once it shows (a start is sent only from there, issue 15).
    public func startAndConfirm() async throws {
        handle(.enter)
        try await waitUntil("the start's confirmation") { state.detail?.start.confirmation != nil }
        handle(.enter)
    }
}
