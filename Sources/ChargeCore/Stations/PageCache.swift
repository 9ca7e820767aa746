import Foundation

/// Station pages cached per filter, with identical in-flight requests shared.
///
/// A list scrolls back and forth over the same pages; asking the server again for a page it
/// just sent wastes the user's bandwidth. Entries expire after `ttl` so statuses stay fresh,
/// and `invalidate()` drops everything (refresh, a start or a stop): a page asked for before
/// the invalidation and answered after it is neither stored nor shared with later callers.
actor PageCache {
    struct Key: Hashable {
        let filter: StationFilter
        let offset: Int
        let limit: Int
    }

    private var pages: [Key: (page: Page<Station>, at: Date)] = [:]
    private var inFlight: [Key: (generation: Int, task: Task<Page<Station>, any Error>)] = [:]
    /// Bumped by `invalidate()`; answers of an older generation are not kept.
    private var generation = 0
    let ttl: Double
    let time: any TimeSource

    init(ttl: Double, time: any TimeSource) {
        self.ttl = ttl
        self.time = time
    }

    func page(_ key: Key, load: @escaping @Sendable () async throws -> Page<Station>) async throws -> Page<Station> {
        if let hit = pages[key], time.now().timeIntervalSince(hit.at) < ttl { return hit.page }
        if let running = inFlight[key] { return try await running.task.value }
        let asked = generation
        let task = Task { try await load() }
        inFlight[key] = (asked, task)
        defer { if inFlight[key]?.generation == asked { inFlight[key] = nil } }
        let page = try await task.value
        guard asked == generation else { return page }
        pages[key] = (page, time.now())
        if pages.count > 256 { pages.removeAll() }  // bounded; a new search refills it
        return page
    }

    /// Whether a fresh copy of this page is held (for tests).
    func holds(_ key: Key) -> Bool { pages[key] != nil }

    func invalidate() {
        pages.removeAll()
        inFlight.removeAll()
        generation += 1
    }
}
