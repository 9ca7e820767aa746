/// Word wrapping for dialogs: a question cut at the right edge loses the part that says
/// what happens, so dialogs wrap instead of truncating.
enum Wrap {
    /// `text` in lines of at most `width` cells, broken at spaces; a word longer than a
    /// line is broken inside (never lost).
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var out: [String] = []
        var line = ""
        var used = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var w = String(word)
            var ww = TextWidth.of(w)
            if used > 0 && used + 1 + ww <= width {
                line += " " + w
                used += 1 + ww
                continue
            }
            if used > 0 {
                out.append(line)
                line = ""
                used = 0
            }
            while ww > width {
                var head = ""
                var hw = 0
                for c in w {
                    let cw = TextWidth.of(c)
                    if hw + cw > width { break }
                    head.append(c)
                    hw += cw
                }
                if head.isEmpty { break }
                out.append(head)
                w.removeFirst(head.count)
                ww = TextWidth.of(w)
            }
            line = w
            used = ww
        }
        if used > 0 || out.isEmpty { out.append(line) }
        return out
    }
}
