import Foundation

/// Favourite and recently used stations, kept in a small JSON file in the state directory.
/// With no directory (kiosk mode) nothing is written.
public struct StationMemory: Sendable, Equatable, Codable {
    public var favourites: [String] = []
    public var recent: [String] = []
    /// The card last confirmed for a start: the confirmation's default next time. A card
    /// id, not its tag: the tag is what a station accepts, so it stays off the disk.
    public var lastCardId: String?

    public init() {}

    static func url(in dir: URL) -> URL { dir.appendingPathComponent("stations.json") }

    /// Reads the file; a missing or damaged file gives an empty memory (never an error).
    public static func load(from dir: URL?) -> StationMemory {
        guard let dir, let data = try? Data(contentsOf: url(in: dir)),
            let m = try? JSONDecoder().decode(StationMemory.self, from: data)
        else { return StationMemory() }
        return m
    }

    /// Writes atomically; failures are ignored (the memory is a convenience).
    public func save(to dir: URL?) {
        guard let dir else { return }
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        if let data = try? JSONEncoder().encode(self) { try? data.write(to: Self.url(in: dir), options: .atomic) }
    }

    public mutating func toggleFavourite(_ id: String) {
        if let i = favourites.firstIndex(of: id) { favourites.remove(at: i) } else { favourites.append(id) }
    }

    public mutating func used(_ id: String) {
        recent.removeAll { $0 == id }
        recent.insert(id, at: 0)
        if recent.count > 20 { recent.removeLast(recent.count - 20) }
    }
}
