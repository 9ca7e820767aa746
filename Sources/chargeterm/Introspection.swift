import Foundation

/// The standard introspection query, and its answer turned back into SDL, so GraphQLSwift
/// can build the tenant's schema (it builds from SDL, not from an introspection result)
/// and validate the app's operations against it with the specification's rules.
enum Introspection {
    static let query = """
        query IntrospectionQuery {
          __schema {
            queryType { name } mutationType { name } subscriptionType { name }
            types { ...FullType }
          }
        }
        fragment FullType on __Type {
          kind name
          fields(includeDeprecated: true) { name args { ...InputValue } type { ...TypeRef } }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """

    static let builtInScalars: Set<String> = ["String", "Int", "Float", "Boolean", "ID"]

    /// SDL for the `data` of an introspection answer (descriptions and directives left out:
    /// validation does not need them).
    static func sdl(from data: [String: Any]) -> String {
        guard let schema = data["__schema"] as? [String: Any], let types = schema["types"] as? [[String: Any]] else { return "" }
        func name(_ key: String) -> String? { (schema[key] as? [String: Any])?["name"] as? String }
        var out: [String] = []
        var roots: [String] = []
        if let q = name("queryType") { roots.append("query: \(q)") }
        if let m = name("mutationType") { roots.append("mutation: \(m)") }
        if let s = name("subscriptionType") { roots.append("subscription: \(s)") }
        out.append("schema { \(roots.joined(separator: " ")) }")
        for t in types {
            guard let n = t["name"] as? String, !n.hasPrefix("__"), let kind = t["kind"] as? String else { continue }
            switch kind {
            case "SCALAR":
                if !builtInScalars.contains(n) { out.append("scalar \(n)") }
            case "OBJECT", "INTERFACE":
                let interfaces = (t["interfaces"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                let implements = interfaces.isEmpty ? "" : " implements " + interfaces.joined(separator: " & ")
                let fields = (t["fields"] as? [[String: Any]] ?? []).map { f -> String in
                    let args = (f["args"] as? [[String: Any]] ?? []).map(inputValue)
                    return
                        "  \(f["name"] as? String ?? "")\(args.isEmpty ? "" : "(\(args.joined(separator: ", ")))"): \(typeRef(f["type"]))"
                }
                out.append("\(kind == "OBJECT" ? "type" : "interface") \(n)\(implements) {\n\(fields.joined(separator: "\n"))\n}")
            case "UNION":
                let members = (t["possibleTypes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                out.append("union \(n) = \(members.joined(separator: " | "))")
            case "ENUM":
                let values = (t["enumValues"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                out.append("enum \(n) {\n  \(values.joined(separator: "\n  "))\n}")
            case "INPUT_OBJECT":
                let fields = (t["inputFields"] as? [[String: Any]] ?? []).map { "  " + inputValue($0) }
                out.append("input \(n) {\n\(fields.joined(separator: "\n"))\n}")
            default:
                continue
            }
        }
        return out.joined(separator: "\n\n") + "\n"
    }

    static func inputValue(_ v: [String: Any]) -> String {
        let d = (v["defaultValue"] as? String).map { " = \($0)" } ?? ""
        return "\(v["name"] as? String ?? ""): \(typeRef(v["type"]))\(d)"
    }

    static func typeRef(_ any: Any?) -> String {
        guard let t = any as? [String: Any] else { return "String" }
        switch t["kind"] as? String {
        case "NON_NULL": return typeRef(t["ofType"]) + "!"
        case "LIST": return "[" + typeRef(t["ofType"]) + "]"
        default: return t["name"] as? String ?? "String"
        }
    }
}
