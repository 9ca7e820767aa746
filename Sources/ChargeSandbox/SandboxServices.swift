import Foundation

/// The sandbox's behaviour, one member per concern. The GraphQL resolvers
/// (`SandboxSchema`) and the HTTP routes call these; the concerns share only the context
/// (database, settings, clock).
struct SandboxServices: Sendable {
    let context: ServiceContext
    let auth: SessionAuth
    let accounts: Accounts
    let stations: StationSearch
    let charging: ChargingService
    let contracts: ContractService

    init(db: SandboxDatabase, config: SandboxConfiguration) {
        let context = ServiceContext(db: db, config: config)
        let records = StationRecords(context: context)
        self.context = context
        auth = SessionAuth(context: context)
        accounts = Accounts(context: context)
        stations = StationSearch(context: context, records: records)
        charging = ChargingService(context: context, records: records)
        contracts = ContractService(context: context)
    }

    var db: SandboxDatabase { context.db }
    var config: SandboxConfiguration { context.config }
    var now: Double { context.now }
}
