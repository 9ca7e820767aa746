import ChargeCore
import Foundation

/// A session of the user that is running, as the header and the chooser show it.
public struct RunningSession: Sendable, Equatable, Identifiable {
    public var id: String
    /// The station's name when known, else the connector's id.
    public var title: String
    public var connector: Connector?

    public init(id: String, title: String, connector: Connector?) {
        self.id = id
        self.title = title
        self.connector = connector
    }
}

/// `l` with several sessions running: which panel to open.
public struct SessionChooser: Sendable, Equatable {
    public var sessions: [RunningSession]
    public var selected = 0

    static func hints(_ t: Strings) -> [KeyHint] {
        [KeyHint(key: "↑↓", label: t.move), KeyHint(key: "Enter", label: t.open), KeyHint(key: "Esc", label: t.cancel)]
    }
}
