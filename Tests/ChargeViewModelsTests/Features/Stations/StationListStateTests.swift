import ChargeCore
import ChargeTestSupport
import ChargeViewModels
import Foundation
import Testing

/// The list's rows are derived from the loaded stations and the user's marks: a changed
/// favourite or recent station shows without any row being rebuilt.
@Suite(.timeLimit(.minutes(1))) struct StationListStateTests {
    let filter = StationFilter(position: GeoPoint(latitude: 47.8, longitude: 13.05), radiusKm: 5)

    @Test func rowsFollowTheStationsAndTheMarks() {
        var list = StationListState(filter: filter)
        list.replace(with: [FakeServices.station("a", km: 0.2), FakeServices.station("b", km: 1.5)], language: .en)
        list.append([FakeServices.station("c", km: 12)], language: .de)
        #expect(list.rows.map(\.id) == ["a", "b", "c"])
        #expect(list.stations.map(\.id) == ["a", "b", "c"])
        #expect(list.rows.map(\.distance) == ["0.20 km", "1.50 km", "12 km"])
        #expect(list.rows.allSatisfy { !$0.isFavourite && !$0.isRecent })
        list.memory.toggleFavourite("b")
        list.memory.used("c")
        #expect(list.rows.map(\.isFavourite) == [false, true, false])
        #expect(list.rows.map(\.isRecent) == [false, false, true])
        #expect(Array(list.rows.unmarked).allSatisfy { !$0.isFavourite }, "the widths are measured without marks")
        list.replace(with: [FakeServices.station("c", km: 12)], language: .en)
        #expect(list.rows.first?.isRecent == true, "a new page keeps the marks")
        #expect(!list.hasMore)
    }

    @Test func onlyTheLastFiveOpenedAreRecent() {
        var list = StationListState(filter: filter)
        list.replace(with: (0..<7).map { FakeServices.station("s\($0)", km: Double($0)) }, language: .en)
        for i in 0..<7 { list.memory.used("s\(i)") }
        #expect(list.rows.map(\.isRecent) == [false, false, true, true, true, true, true])
    }
}
