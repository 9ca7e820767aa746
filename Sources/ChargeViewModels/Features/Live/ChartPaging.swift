/// The live power chart's samples, paged by each sample's place in the whole session.
///
/// Why: over SSH every changed cell costs bytes. A chart that keeps only the last N samples
/// and draws them from the left shifts every column once N is reached, so each poll of a
/// long session rewrites the whole chart (issue 17: 27.7 B/s on a flat AC curve, more with
/// varying DC power). Here a sample's column is fixed by its index in the session
/// (`index % width`): a new poll changes one column, and a full chart starts a new page
/// (one redraw per `width` polls), however long the session runs.
///
/// The scale follows the session's peak, which only rises, so it does not rescale (and
/// redraw) as old samples leave the page.
public struct ChartPaging: Sendable, Equatable {
    /// Samples appended since the session began (the index of the next one).
    public private(set) var count = 0
    /// The newest samples, at most `capacity`, oldest first.
    public private(set) var recent: [Double] = []
    /// The highest sample of the session (0 before the first).
    public private(set) var peak: Double = 0
    /// How many samples are kept: the widest chart that pages correctly. Wider charts are
    /// paged at this width (the rest of the row stays empty).
    public let capacity: Int

    public init(capacity: Int = 400) {
        self.capacity = max(1, capacity)
    }

    public mutating func append(_ value: Double) {
        recent.append(value)
        count += 1
        if value > peak { peak = value }
        // Trimmed in blocks, not one per sample, so appending stays cheap.
        if recent.count >= capacity * 2 { recent.removeFirst(recent.count - capacity) }
    }

    /// The index in the session of the first sample on the current page, for a chart
    /// `width` columns wide.
    public func pageStart(width: Int) -> Int {
        let w = pageWidth(width)
        guard w > 0, count > 0 else { return 0 }
        return ((count - 1) / w) * w
    }

    /// The samples of the current page, oldest first: column x shows element x.
    public func page(width: Int) -> ArraySlice<Double> {
        guard pageWidth(width) > 0, count > 0 else { return [] }
        let first = count - recent.count
        return recent[(pageStart(width: width) - first)...]
    }

    /// The width pages are cut at: the chart's, at most `capacity`.
    public func pageWidth(_ width: Int) -> Int { min(max(0, width), capacity) }
}
