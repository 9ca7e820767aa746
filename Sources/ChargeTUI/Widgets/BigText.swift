/// Large type for short codes (the device sign-in code): a 3×5 pixel font drawn with half
/// blocks, so each character takes 3 columns × 3 rows; ASCII draws `#` pixels on 5 rows.
enum BigText {
    /// Rows of 3 pixels, top to bottom; `#` is ink.
    static let font: [Character: [String]] = [
        "A": [".#.", "#.#", "###", "#.#", "#.#"], "B": ["##.", "#.#", "##.", "#.#", "##."], "C": [".##", "#..", "#..", "#..", ".##"],
        "D": ["##.", "#.#", "#.#", "#.#", "##."], "E": ["###", "#..", "##.", "#..", "###"], "F": ["###", "#..", "##.", "#..", "#.."],
        "G": [".##", "#..", "#.#", "#.#", ".##"], "H": ["#.#", "#.#", "###", "#.#", "#.#"], "I": ["###", ".#.", ".#.", ".#.", "###"],
        "J": ["..#", "..#", "..#", "#.#", ".#."], "K": ["#.#", "#.#", "##.", "#.#", "#.#"], "L": ["#..", "#..", "#..", "#..", "###"],
        "M": ["#.#", "###", "#.#", "#.#", "#.#"], "N": ["##.", "#.#", "#.#", "#.#", "#.#"], "O": [".#.", "#.#", "#.#", "#.#", ".#."],
        "P": ["##.", "#.#", "##.", "#..", "#.."], "Q": [".#.", "#.#", "#.#", "##.", ".##"], "R": ["##.", "#.#", "##.", "#.#", "#.#"],
        "S": [".##", "#..", ".#.", "..#", "##."], "T": ["###", ".#.", ".#.", ".#.", ".#."], "U": ["#.#", "#.#", "#.#", "#.#", "###"],
        "V": ["#.#", "#.#", "#.#", "#.#", ".#."], "W": ["#.#", "#.#", "#.#", "###", "#.#"], "X": ["#.#", "#.#", ".#.", "#.#", "#.#"],
        "Y": ["#.#", "#.#", ".#.", ".#.", ".#."], "Z": ["###", "..#", ".#.", "#..", "###"],
        "0": ["###", "#.#", "#.#", "#.#", "###"], "1": [".#.", "##.", ".#.", ".#.", "###"], "2": ["##.", "..#", ".#.", "#..", "###"],
        "3": ["##.", "..#", ".#.", "..#", "##."], "4": ["#.#", "#.#", "###", "..#", "..#"], "5": ["###", "#..", "##.", "..#", "##."],
        "6": [".##", "#..", "###", "#.#", "###"], "7": ["###", "..#", ".#.", ".#.", ".#."], "8": ["###", "#.#", "###", "#.#", "###"],
        "9": ["###", "#.#", "###", "..#", "##."], "-": ["...", "...", "###", "...", "..."],
    ]

    /// Whether every character of `text` has a glyph.
    static func canDraw(_ text: String) -> Bool { text.uppercased().allSatisfy { font[$0] != nil || $0 == " " } }

    /// The lines for `text` (one column of space between characters).
    static func lines(_ text: String, ascii: Bool) -> [String] {
        let glyphs = text.uppercased().map { font[$0] ?? ["...", "...", "...", "...", "..."] }
        var pixelRows: [String] = Array(repeating: "", count: 5)
        for (i, g) in glyphs.enumerated() {
            for r in 0..<5 { pixelRows[r] += g[r] + (i < glyphs.count - 1 ? "." : "") }
        }
        if ascii { return pixelRows.map { String($0.map { $0 == "#" ? "#" : " " }) } }
        var out: [String] = []
        for r in stride(from: 0, to: 6, by: 2) {
            let top = Array(pixelRows[r])
            let bottom = r + 1 < 5 ? Array(pixelRows[r + 1]) : Array(repeating: ".", count: top.count)
            out.append(String(zip(top, bottom).map { t, b in t == "#" ? (b == "#" ? "█" : "▀") : (b == "#" ? "▄" : " ") }))
        }
        return out
    }
}
