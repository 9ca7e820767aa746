import ArgumentParser
import ChargeCore
import Foundation

// The scripting subcommands: one question each, answered as a table or, with --json, in
// the documented shape of docs/CLI.md. They share the app's configuration, sign-in and
// core (never its view models or screen).

/// `chargeterm stations`: stations around a position, nearest first.
struct StationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stations",
        abstract: "List the stations around a position, nearest first.",
        discussion:
            "The position and radius come from --position/--radius, the environment or the config file ([site]); on the embedded sandbox the default is Salzburg's centre."
    )
    @OptionGroup var connection: ConfigOptions
    @OptionGroup var account: AccountOptions
    @Flag(name: .long, help: "Only stations with a free connector.") var available = false
    @Flag(name: .long, help: "Only stations open now by their opening hours (the server decides, as in the app's filter).")
    var openNow = false
    @Option(
        name: .long,
        help: ArgumentHelp("Only stations with this plug (repeatable): type2, ccs, chademo, schuko, type1.", valueName: "type")
    ) var plug: [String] = []
    @Option(name: .long, help: ArgumentHelp("At least this power on one connector, in kW.", valueName: "kW")) var minPower: Double?
    @Option(name: .long, help: ArgumentHelp("Text in the name, address or city.", valueName: "text")) var search: String?
    @Option(name: .long, help: ArgumentHelp("At most this many stations (1–1000).", valueName: "n")) var limit = 20
    @Flag(name: .long, help: "Print JSON (docs/CLI.md) instead of a table.") var json = false

    static func plugType(_ s: String) -> PlugType? {
        let key = s.lowercased().replacingOccurrences(of: "_", with: "").replacingOccurrences(of: " ", with: "")
        return PlugType.known.first { $0.apiValue.lowercased().replacingOccurrences(of: "_", with: "") == key }
    }

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1…1000.") }
        for p in plug where Self.plugType(p) == nil {
            throw ValidationError("--plug \(p) is not a plug type: type2, ccs, chademo, schuko or type1.")
        }
        if let minPower, !(minPower.isFinite && minPower >= 0 && minPower <= 1000) {
            throw ValidationError("--min-power must be 0…1000 (kW).")
        }
    }

    func run() async throws {
        try await ScriptSession.run(connection, account) { session in
            guard let position = session.position else {
                throw CLIFailure(.usage, "No position: give --position LAT,LON, CHARGETERM_POSITION or site.position in the config file.")
            }
            let filter = StationFilter(
                position: position,
                radiusKm: session.loaded.config.radiusKm,
                onlyAvailable: available,
                plugTypes: plug.compactMap(Self.plugType),
                minPowerKw: minPower,
                search: search,
                openNow: openNow
            )
            var stations: [Station] = []
            var total = 0
            while stations.count < limit {
                let page = try await session.client.stations(
                    filter: filter,
                    offset: stations.count,
                    limit: min(100, limit - stations.count)
                )
                total = page.totalCount
                stations += page.items
                if !page.hasMore || page.items.isEmpty { break }
            }
            if json {
                try JSONShape.print([
                    "total": total, "position": ["latitude": position.latitude, "longitude": position.longitude],
                    "radius_km": JSONShape.number(filter.radiusKm), "stations": stations.map(JSONShape.station),
                ])
                return
            }
            var table = TextTable(headers: ["ID", "NAME", "KM", "FREE", "KW", "PLUGS", "ADDRESS"], rightAligned: [2, 3, 4])
            for s in stations {
                table.add([
                    s.id, s.name, CellFormat.number(s.distanceKm, 2), "\(s.availableCount)/\(s.connectors.count)",
                    CellFormat.number(s.maxPowerKw, 0), s.plugTypes.map(\.description).joined(separator: ","), s.address.singleLine,
                ])
            }
            try table.print()
            FileHandle.standardError.write(
                Data("\(stations.count) of \(total) stations within \(CellFormat.number(filter.radiusKm, 0)) km\n".utf8)
            )
        }
    }
}

/// `chargeterm station ID`: one station and its connectors.
struct StationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station",
        abstract: "Show one station and its connectors (the connector ids are what `start` takes)."
    )
    @OptionGroup var connection: ConfigOptions
    @OptionGroup var account: AccountOptions
    @Argument(help: "The station id (from `chargeterm stations`).") var id: String
    @Flag(name: .long, help: "Print JSON (docs/CLI.md) instead of a table.") var json = false

    func validate() throws {
        guard !id.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("The station id is empty.") }
    }

    func run() async throws {
        try await ScriptSession.run(connection, account) { session in
            let station = try await session.client.station(id: id)
            if json {
                try JSONShape.print(JSONShape.station(station))
                return
            }
            try StationCommand.printStation(station)
        }
    }

    static func printStation(_ s: Station) throws {
        var head = TextTable(headers: ["STATION", DisplayText.safe(s.name)])
        head.add(["id", s.id])
        head.add(["address", s.address.singleLine])
        if let l = s.location { head.add(["position", String(format: "%.5f,%.5f", l.latitude, l.longitude)]) }
        if s.isRoaming { head.add(["roaming", "yes (another operator's station)"]) }
        for h in s.openingHours { head.add(["open", "\(h.dayOfWeek) \(h.from)–\(h.to)"]) }
        try head.print()
        try Output.line("")
        var table = TextTable(headers: ["CONNECTOR", "LABEL", "STATUS", "PLUG", "KW", "PRICE/KWH", "EVSE"], rightAligned: [4, 5])
        for c in s.connectors {
            table.add([
                c.id, c.label ?? "–", c.status.apiValue, "\(c.plugType.description) \(c.powerType.rawValue)",
                CellFormat.number(c.maxPowerKw, 0),
                CellFormat.money(c.pricePerKwh, c.currency), c.evseId ?? "–",
            ])
        }
        try table.print()
    }
}

/// `chargeterm session [ID]`: the running sessions, one session, or `--watch` one.
struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Show the running charging sessions, or one session; --watch follows one.",
        discussion: "--watch prints one JSON line per poll (docs/CLI.md) until the session stops, then exits 0."
    )
    @OptionGroup var connection: ConfigOptions
    @OptionGroup var account: AccountOptions
    @Argument(help: "A session id (default: the running ones).") var id: String?
    @Flag(name: .long, help: "Follow the session (the only running one, or ID): one JSON line per poll until it stops.") var watch = false
    @Flag(name: .long, help: "Print JSON (docs/CLI.md) instead of a table.") var json = false

    func run() async throws {
        try await ScriptSession.run(connection, account) { session in
            if watch {
                let target = try await SessionCommand.pick(id, session, verb: "watch")
                for try await snapshot in session.client.liveSession(chargelogId: target) {
                    try JSONShape.print(JSONShape.snapshot(snapshot), compact: true)
                }
                return
            }
            let logs: [Chargelog]
            if let id { logs = [try await session.client.chargelog(id: id)] } else { logs = try await session.client.runningSessions() }
            if json {
                try JSONShape.print(["sessions": logs.map(JSONShape.session)])
                return
            }
            if logs.isEmpty {
                FileHandle.standardError.write(Data("No session is running.\n".utf8))
                return
            }
            try SessionCommand.table(logs).print()
        }
    }

    static func table(_ logs: [Chargelog]) -> TextTable {
        var table = TextTable(headers: ["SESSION", "STATUS", "STARTED", "ENDED", "KWH", "COST", "CONNECTOR"], rightAligned: [4, 5])
        for l in logs {
            table.add([
                l.id, l.status.rawValue, CellFormat.date(l.dateStart), CellFormat.date(l.dateEnd), CellFormat.number(l.energyKwh, 2),
                CellFormat.money(l.cost?.total ?? l.cost?.grossAmount, l.cost?.currency ?? l.connector?.currency),
                l.connector?.evseId ?? l.connector?.id ?? "–",
            ])
        }
        return table
    }

    /// The session to act on: `id`, else the only running one.
    static func pick(_ id: String?, _ session: ScriptSession, verb: String) async throws -> String {
        if let id { return id }
        let running = try await session.client.runningSessions()
        switch running.count {
        case 0: throw CLIFailure(.notFound, "No session is running.")
        case 1: return running[0].id
        default:
            throw CLIFailure(
                .usage,
                "\(running.count) sessions are running (\(running.map(\.id).joined(separator: ", "))); name the one to \(verb)."
            )
        }
    }
}

/// `chargeterm start CONNECTOR`: starts charging (asks first unless --yes).
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start charging at a connector (asks first unless --yes).",
        discussion: "The connector is looked for among the stations within the radius of the position, or at --station ID."
    )
    @OptionGroup var connection: ConfigOptions
    @OptionGroup var account: AccountOptions
    @Argument(help: "The connector id (from `chargeterm station ID`).") var connector: String
    @Option(name: .long, help: ArgumentHelp("The station the connector belongs to.", valueName: "id")) var station: String?
    @Option(name: .long, help: ArgumentHelp("The card to charge with (default: the first one allowed there).", valueName: "id")) var card:
        String?
    @Flag(name: .long, help: "Start without asking.") var yes = false
    @Flag(name: .long, help: "Print JSON (docs/CLI.md) instead of text.") var json = false

    func validate() throws {
        guard !connector.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("The connector id is empty.") }
        // Asked before anything is sent: with no terminal to ask on, --yes must say it.
        if !yes && isatty(STDIN_FILENO) != 1 {
            throw ValidationError("Standard input is not a terminal, so there is no one to ask: pass --yes to start without asking.")
        }
        if !yes && account.passwordStdin {
            throw ValidationError("--password-stdin takes standard input, so there is no one to ask: pass --yes too.")
        }
    }

    func run() async throws {
        try await ScriptSession.run(connection, account) { session in
            let (place, plug) = try await locate(session)
            let cards = try await session.client.cards(connectorId: plug.id)
            guard !cards.isEmpty else {
                throw CLIFailure(.failed, "No card of yours may charge at this connector (no valid contract there).")
            }
            let chosen: ChargingCard
            if let card {
                guard let c = cards.first(where: { $0.id == card || $0.tagId == card }) else {
                    throw CLIFailure(.notFound, "The card \(card) cannot charge here; allowed: \(cards.map(\.id).joined(separator: ", ")).")
                }
                chosen = c
            } else {
                chosen = cards[0]
            }
            let what =
                "\(DisplayText.safe(place.name)), connector \(DisplayText.safe(plug.label ?? plug.id)) (\(plug.plugType.description), \(CellFormat.number(plug.maxPowerKw, 0)) kW, \(CellFormat.money(plug.pricePerKwh, plug.currency))/kWh) with card \(DisplayText.safe(chosen.label ?? chosen.number ?? chosen.id))"
            if !yes {
                FileHandle.standardError.write(Data("Start charging at \(what)? [y/N] ".utf8))
                let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else { throw CLIFailure(.failed, "Not started.") }
            }
            let sessionId = try await session.client.start(station: place, connector: plug, card: chosen) { step in
                if case .attempt(let status) = step { FileHandle.standardError.write(Data("start: \(status.rawValue)\n".utf8)) }
            }
            if json {
                try JSONShape.print(["session_id": sessionId, "station_id": place.id, "connector_id": plug.id, "card_id": chosen.id])
            } else {
                try Output.line("Started session \(sessionId) at \(what).")
            }
        }
    }

    /// The station and connector for `connector`.
    func locate(_ session: ScriptSession) async throws -> (Station, Connector) {
        if let station {
            let s = try await session.client.station(id: station)
            guard let c = s.connectors.first(where: { $0.id == connector }) else {
                throw CLIFailure(
                    .notFound,
                    "The station \(station) has no connector \(connector) (it has \(s.connectors.map(\.id).joined(separator: ", ")))."
                )
            }
            return (s, c)
        }
        guard let position = session.position else {
            throw CLIFailure(.usage, "Give --station ID, or a position (--position) whose radius holds the connector's station.")
        }
        let filter = StationFilter(position: position, radiusKm: session.loaded.config.radiusKm)
        var offset = 0
        while offset < 1000 {
            let page = try await session.client.stations(filter: filter, offset: offset, limit: 100)
            for s in page.items { if let c = s.connectors.first(where: { $0.id == connector }) { return (s, c) } }
            guard page.hasMore, !page.items.isEmpty else { break }
            offset += page.items.count
        }
        throw CLIFailure(
            .notFound,
            "No station within \(CellFormat.number(filter.radiusKm, 0)) km has a connector \(connector); give --station ID."
        )
    }
}

/// `chargeterm stop [ID]`: stops a session (the only running one by default).
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop a charging session (the only running one, or ID).")
    @OptionGroup var connection: ConfigOptions
    @OptionGroup var account: AccountOptions
    @Argument(help: "The session id (default: the only running session).") var id: String?
    @Flag(name: .long, help: "Print JSON (docs/CLI.md) instead of text.") var json = false

    func run() async throws {
        try await ScriptSession.run(connection, account) { session in
            let target = try await SessionCommand.pick(id, session, verb: "stop")
            let result = try await session.client.stop(chargelogId: target)
            if json {
                try JSONShape.print(["was_already_stopped": result.wasAlreadyStopped, "session": JSONShape.session(result.chargelog)])
                return
            }
            let l = result.chargelog
            let summary =
                "\(CellFormat.number(l.energyKwh, 2)) kWh, \(CellFormat.money(l.cost?.total ?? l.cost?.grossAmount, l.cost?.currency ?? l.connector?.currency))"
            try Output.line(
                result.wasAlreadyStopped ? "Session \(target) had already stopped (\(summary))." : "Stopped session \(target): \(summary)."
            )
        }
    }
}

/// `--limit` and `--offset` of the listing subcommands (history, invoices).
struct PagingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("At most this many (1–100).", valueName: "n")) var limit = 20
    @Option(name: .long, help: ArgumentHelp("Skip this many (paging).", valueName: "n")) var offset = 0

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be 1…100.") }
        guard offset >= 0 else { throw ValidationError("--offset must be 0 or more.") }
    }
}

/// `chargeterm history`: past sessions, newest first.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List past charging sessions, newest first.")
    @OptionGroup var connection: ConfigOptions
    @OptionGroup var account: AccountOptions
    @OptionGroup var paging: PagingOptions
    @Flag(name: .long, help: "Print JSON (docs/CLI.md) instead of a table.") var json = false

    func run() async throws {
        try await ScriptSession.run(connection, account) { session in
            let page = try await session.client.history(offset: paging.offset, limit: paging.limit)
            if json {
                try JSONShape.print(["total": page.totalCount, "offset": paging.offset, "sessions": page.items.map(JSONShape.session)])
                return
            }
            try SessionCommand.table(page.items).print()
            FileHandle.standardError.write(Data("\(page.items.count) of \(page.totalCount) sessions\n".utf8))
        }
    }
}

/// `chargeterm invoices`: invoices and other account documents.
struct InvoicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoices",
        abstract: "List invoices and other account documents (credit notes, offers), newest first."
    )
    @OptionGroup var connection: ConfigOptions
    @OptionGroup var account: AccountOptions
    @OptionGroup var paging: PagingOptions
    @Flag(name: .long, help: "Print JSON (docs/CLI.md) instead of a table.") var json = false

    func run() async throws {
        try await ScriptSession.run(connection, account) { session in
            let page = try await session.client.documents(offset: paging.offset, limit: paging.limit)
            if json {
                try JSONShape.print(["total": page.totalCount, "offset": paging.offset, "documents": page.items.map(JSONShape.document)])
                return
            }
            var table = TextTable(headers: ["DOCUMENT", "KIND", "DATE", "TITLE", "LINK"])
            for d in page.items {
                table.add([d.id, d.kind.rawValue, CellFormat.date(d.documentDate), d.title ?? "–", d.downloadLink ?? "–"])
            }
            try table.print()
            FileHandle.standardError.write(Data("\(page.items.count) of \(page.totalCount) documents\n".utf8))
        }
    }
}
