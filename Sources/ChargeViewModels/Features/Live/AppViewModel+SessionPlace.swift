import ChargeCore
import Foundation

extension AppViewModel {
    /// A session found running after a restart knows only its connector (the API's
    /// chargelog has no station): find the station, so the live panel and the summary say
    /// where the car is ("Name · Street 5, 5020 City") instead of a connector id.
    func nameRestoredSession(id: String, connector: Connector?) {
        guard let connectorId = connector?.id else { return }
        run { [self] in
            guard let station = await station(ofConnector: connectorId) else { return }
            let place = Self.place(of: station)
            mutate { s in
                if let i = s.running.firstIndex(where: { $0.id == id }) { s.running[i].title = place }
                guard s.live?.chargelogId == id else { return }
                s.live?.stationName = place
                if s.summary != nil, s.route == .summary { s.summary?.stationName = place }
            }
        }
    }

    /// "Name · Street 5, 5020 City" (the name alone when there is no address).
    static func place(of station: Station) -> String {
        let address = station.address.singleLine
        return address.isEmpty ? station.name : "\(station.name) · \(address)"
    }

    /// The station a connector belongs to: from the list already loaded, the stations this
    /// user opened recently (a start always opens its station first), or the stations
    /// around the position (nearest 300). Nil when none of these has it.
    func station(ofConnector connectorId: String) async -> Station? {
        func has(_ st: Station) -> Bool { st.connectors.contains { $0.id == connectorId } }
        if let st = state.stations.stations.first(where: has) { return st }
        for id in memory.recent.prefix(5) {
            if let st = try? await services.stations.station(id: id), has(st) { return st }
        }
        guard state.stations.positionKnown else { return nil }
        let around = StationFilter(position: state.stations.filter.position, radiusKm: AppSettings.radiusSteps.last ?? 50)
        var offset = 0
        while offset < 300 {
            guard let page = try? await services.stations.stations(filter: around, offset: offset, limit: Self.maxPageLimit) else {
                return nil
            }
            if let st = page.items.first(where: has) { return st }
            offset += page.items.count
            if page.items.isEmpty || offset >= page.totalCount { return nil }
        }
        return nil
    }
}
