import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// An open station is read again every 30 s: its statuses, their ages and the open/closed
/// line follow the clock on a screen nobody touches, and the connector the user chose stays
/// chosen. Nothing is read while a start is under way or once the station view is closed.
@MainActor
@Suite(.timeLimit(.minutes(1))) struct DetailRefreshTests {
    typealias F = OpeningHoursFixtures

    /// The app with one shop (three free connectors) open, at `date`.
    func openShop(at date: Date) async throws -> (AppViewModel, AppDriver) {
        let driver = AppDriver(clock: ManualTimeSource(start: date))
        F.serve([F.station("shop", km: 0.1, hours: F.shopHours, statuses: [.available, .available, .available])], on: driver.fake)
        let a = driver.makeApp()
        await driver.signIn(a)
        let sleeps = driver.clock.sleepCalls
        a.handle(.enter)
        await a.settle()
        try #require(a.state.route == .detail)
        try #require(await driver.clock.waitForSleepCalls(sleeps + 1), "the 30 s watch sleeps")
        return (a, driver)
    }

    /// Lets the watch's next 30 s pass and waits for the read it makes.
    func nextRound(_ a: AppViewModel, _ driver: AppDriver, expectReads reads: Int) async throws {
        let sleeps = driver.clock.sleepCalls
        driver.clock.advance(by: 30)
        try await waitUntil("read number \(reads)") { driver.fake.stationReads >= reads }
        await a.settle()
        try #require(await driver.clock.waitForSleepCalls(sleeps + 1), "the watch sleeps again")
    }

    @Test func theOpenLineFollowsTheClockAndTheChosenConnectorStays() async throws {
        let (a, driver) = try await openShop(at: F.vienna(26, 20, 59).addingTimeInterval(40))
        #expect(driver.fake.stationReads == 1, "opening reads the station once")
        #expect(a.state.detail?.openingLine == "Open now · closes 21:00")
        a.handle(.down)
        a.handle(.down)
        #expect(a.state.detail?.selected == 2)

        try await nextRound(a, driver, expectReads: 2)
        #expect(a.state.detail?.openingLine == "Closed · opens Fri 07:00", "21:00:10 in Vienna: the shop has closed")
        #expect(a.state.detail?.selected == 2, "the refresh keeps the connector the user chose")

        // The chosen connector gone busy: it stays chosen (and says so), not swapped for another.
        var busy = F.station("shop", km: 0.1, hours: F.shopHours, statuses: [.available, .available, .charging])
        busy.name = "Station shop"
        F.serve([busy], on: driver.fake)
        try await nextRound(a, driver, expectReads: 3)
        #expect(a.state.detail?.selected == 2)
        #expect(a.state.detail?.rows[2].availability == ConnectorStatus.charging.availability)
    }

    @Test func nothingIsReadDuringAStartOrAfterTheViewCloses() async throws {
        let (a, driver) = try await openShop(at: F.vienna(26, 10))
        driver.fake.cardsResult = [ChargingCard(id: "c", tagId: "T")]
        a.handle(.enter)  // the confirmation opens: a start is under way
        await a.settle()
        try #require(a.state.detail?.start.confirmation != nil)
        let sleeps = driver.clock.sleepCalls
        driver.clock.advance(by: 30)
        try #require(await driver.clock.waitForSleepCalls(sleeps + 1), "the watch woke and sleeps again")
        await a.settle()
        #expect(driver.fake.stationReads == 1, "no read under the confirmation")

        a.handle(.escape)  // confirmation closed
        a.handle(.escape)  // station closed: back to the list
        #expect(a.state.route == .stations && a.state.detail == nil)
        driver.clock.advance(by: 30)
        try await waitUntil("the watch to end") { driver.clock.sleeperCount == 0 }
        await a.settle()
        #expect(driver.fake.stationReads == 1, "a closed station is not read")
    }

    @Test func aFailedRefreshSaysSoUntilOneWorks() async throws {
        let (a, driver) = try await openShop(at: F.vienna(26, 10))
        let shop = F.station("shop", km: 0.1, hours: F.shopHours, statuses: [.available, .available, .available])
        driver.fake.stationsResult = { _, _, _ in .failure(.offline("no network")) }
        try await nextRound(a, driver, expectReads: 2)
        #expect(a.state.status.isError, "a refresh that failed says so")
        F.serve([shop], on: driver.fake)
        try await nextRound(a, driver, expectReads: 3)
        #expect(!a.state.status.isError && a.state.status.message == nil, "the next refresh that works clears it")
    }
}
