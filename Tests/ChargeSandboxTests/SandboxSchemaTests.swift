import ChargeSchema
import ChargeTestSupport
import Foundation
import GraphQL
import Testing

@testable import ChargeSandbox

/// The served schema is the reference schema: every type and field, by introspection; and
/// every root field (query and mutation) is answered by a resolver of the sandbox.
@Suite(.timeLimit(.minutes(3))) struct SandboxSchemaTests {
    /// Without a resolver, a root field answers `null` with no error (GraphQLSwift's default),
    /// so a missing one passes every introspection check. Each root field of the reference
    /// must have one, and each resolver must name a root field (a typo would leave it unused).
    @Test func everyRootFieldHasAResolver() throws {
        let services = SandboxServices(db: try SandboxDatabase(path: nil), config: SandboxHarness.configuration())
        let schema = try SandboxSchema.make(services: services)
        for (root, resolvers) in [
            (schema.queryType, SandboxSchema.queryResolvers(services)), (schema.mutationType, SandboxSchema.mutationResolvers(services)),
        ] {
            let type = try #require(root)
            let fields = try type.fields()
            #expect(fields.count > 3, "\(type.name) has its fields")
            for (name, field) in fields {
                #expect(field.resolve != nil, "\(type.name).\(name) has no resolver")
            }
            #expect(Set(resolvers.keys).subtracting(fields.keys).isEmpty, "resolvers for fields \(type.name) does not have")
        }
    }

    @Test func servedSchemaMatchesTheReference() async throws {
        let reference = try buildSchema(source: ReferenceSchema.sdl)
        var expected: [String: Set<String>] = [:]
        for (name, type) in reference.typeMap where !name.hasPrefix("__") {
            if let o = type as? GraphQLObjectType {
                expected[name] = Set(try o.fields().keys)
            } else if let i = type as? GraphQLInputObjectType {
                expected[name] = Set(try i.fields().keys)
            } else if let e = type as? GraphQLEnumType {
                expected[name] = Set(e.values.map(\.name))
            } else {
                expected[name] = []
            }
        }
        try await SandboxHarness.with { sb in
            let (token, _) = try await SandboxAuthTests.tokens(sb)
            let q = "{ __schema { types { name fields { name } inputFields { name } enumValues { name } } } }"
            let a = try await SandboxHTTP.graphQL(sb.graphQLURL, q, bearer: token)
            let types = ((a.data("__schema")?["types"]) as? [any Sendable] ?? []).compactMap { $0 as? [String: any Sendable] }
            var served: [String: Set<String>] = [:]
            for t in types {
                guard let name = t["name"] as? String, !name.hasPrefix("__") else { continue }
                let names = ["fields", "inputFields", "enumValues"].flatMap { key in
                    (t[key] as? [any Sendable] ?? []).compactMap { ($0 as? [String: any Sendable])?["name"] as? String }
                }
                served[name] = Set(names)
            }
            #expect(!served.isEmpty)
            for (name, fields) in expected {
                #expect(served[name] == fields, "type \(name)")
            }
        }
    }
}
