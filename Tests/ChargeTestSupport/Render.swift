import ChargeTUI
import ChargeViewModels

/// Draws an app's current state into an in-memory surface of the given size, as the
/// terminal would show it: what screen tests and goldens assert on.
@MainActor
public func render(_ app: AppViewModel, _ rows: Int, _ cols: Int, ascii: Bool = false) -> MemorySurface {
    let s = MemorySurface(rows: rows, columns: cols, asciiOnly: ascii)
    Renderer.draw(app.state, on: s)
    return s
}
