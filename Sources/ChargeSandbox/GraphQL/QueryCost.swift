import GraphQL

/// Refuses documents that would hold the serial database queue for long: too many root
/// fields (each one a search or a list) or too many aliases (the way to repeat a costly
/// field in one request). One 7 KB query with 60 aliased 1,000 km `cpsPaged` searches once
/// took 5 s and stalled every other user. The client's own operations use one root field.
///
/// Its own step after validation (middleware-like), so the route handler only calls it.
enum QueryCost {
    /// Root fields per operation, fragments at the root included.
    static let maxRootFields = 10
    /// Aliased fields in the whole document.
    static let maxAliases = 30

    /// Nil when the document may run; otherwise the reason, for a person.
    static func refusal(_ document: Document) -> String? {
        let fragments = Dictionary(
            document.definitions.compactMap { $0 as? FragmentDefinition }.map { ($0.name.value, $0) },
            uniquingKeysWith: { a, _ in a }
        )
        for case let op as OperationDefinition in document.definitions {
            var seen = Set<String>()
            let roots = rootFields(op.selectionSet, fragments, &seen)
            if roots > maxRootFields {
                return
                    "The query asks for \(roots) root fields in one operation; at most \(maxRootFields) are served. Split it into several requests."
            }
        }
        var aliases = 0
        for def in document.definitions {
            if let op = def as? OperationDefinition { aliases += aliasCount(op.selectionSet) }
            if let f = def as? FragmentDefinition { aliases += aliasCount(f.selectionSet) }
        }
        if aliases > maxAliases {
            return "The query uses \(aliases) aliases; at most \(maxAliases) are served. Split it into several requests."
        }
        return nil
    }

    /// Fields at the root, looking through inline fragments and (once each) named fragments.
    private static func rootFields(_ set: SelectionSet, _ fragments: [String: FragmentDefinition], _ seen: inout Set<String>) -> Int {
        var n = 0
        for s in set.selections {
            if s is Field {
                n += 1
            } else if let inline = s as? InlineFragment {
                n += rootFields(inline.selectionSet, fragments, &seen)
            } else if let spread = s as? FragmentSpread, let f = fragments[spread.name.value], seen.insert(spread.name.value).inserted {
                n += rootFields(f.selectionSet, fragments, &seen)
            }
        }
        return n
    }

    /// Aliased fields anywhere in a selection set (iterative: the depth is already bounded,
    /// but a loop costs nothing).
    private static func aliasCount(_ root: SelectionSet) -> Int {
        var n = 0
        var stack = [root]
        while let set = stack.popLast() {
            for s in set.selections {
                if let f = s as? Field {
                    if f.alias != nil { n += 1 }
                    if let sub = f.selectionSet { stack.append(sub) }
                } else if let inline = s as? InlineFragment {
                    stack.append(inline.selectionSet)
                }
            }
        }
        return n
    }
}
