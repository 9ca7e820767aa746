import ChargeSchema
import Foundation
import GraphQL

/// Per-request context the resolvers read: who is calling.
struct ResolverContext: Sendable {
    let caller: Caller
}

/// The served schema: exactly the reference SDL, with resolvers attached to the root fields.
///
/// Nested types are answered with dictionaries, which GraphQLSwift's default resolver reads
/// by field name, so the SDL stays the single definition of every type.
enum SandboxSchema {
    typealias Resolver = @Sendable (Map, ResolverContext) async throws -> (any Sendable)?

    static func make(services: SandboxServices) throws -> GraphQLSchema {
        let schema = try buildSchema(source: (services.context.config.schemaSDL ?? ReferenceSchema.sdl) + "\n" + specifiedDirectivesSDL)
        try repairIntrospection()
        if let query = schema.queryType { attach(query, resolvers: queryResolvers(services)) }
        if let mutation = schema.mutationType { attach(mutation, resolvers: mutationResolvers(services)) }
        return schema
    }

    private static func attach(_ type: GraphQLObjectType, resolvers: [String: Resolver]) {
        let original = type.fields
        type.fields = {
            let fields = try original()
            for (name, field) in fields {
                guard let resolver = resolvers[name] else { continue }
                field.resolve = { _, args, context, info in
                    guard let ctx = context as? ResolverContext else { return nil }
                    do {
                        return try await resolver(args, ctx)
                    } catch let error as SandboxError {
                        // Located here: the executor passes a GraphQLError through as it is,
                        // so one without nodes and path would reach the client without
                        // `locations` and `path` (the field that failed).
                        let shaped = error.graphQLError
                        throw GraphQLError(message: shaped.message, nodes: info.fieldASTs, path: info.path, extensions: shaped.extensions)
                    }
                }
            }
            return fields
        }
    }

    private static func page(_ args: Map) -> (limit: Int, offset: Int) {
        (args["pagination"]["limit"].int ?? 20, args["pagination"]["offset"].int ?? 0)
    }

    static func queryResolvers(_ s: SandboxServices) -> [String: Resolver] {
        [
            "contact": { _, ctx in try s.accounts.contact(try s.auth.requireUser(ctx.caller)) },
            "cpsPaged": { args, ctx in
                _ = try s.auth.requireUser(ctx.caller)
                let f = args["filter"]
                var q = StationSearch.StationQuery()
                q.lat = f["latitude"].double
                q.lon = f["longitude"].double
                q.radius = f["radius"].double
                q.onlyAvailable = f["onlyAvailable"].bool ?? false
                q.plugTypes = f["plugTypes"].array?.compactMap(\.string) ?? []
                q.minPower = f["minPower"].double
                q.search = f["search"].string
                q.openNow = f["openNow"].bool ?? false
                (q.limit, q.offset) = page(args)
                return try s.stations.search(q)
            },
            "cp": { args, ctx in
                _ = try s.auth.requireUser(ctx.caller)
                return try s.stations.station(id: args["id"].string)
            },
            "availableCardsForChargingProcess": { args, ctx in
                try s.charging.cards(try s.auth.requireUser(ctx.caller), connectorId: args["connectorId"].string)
            },
            "remoteStartAttemptStatus": { args, ctx in
                try s.charging.attemptStatus(try s.auth.requireUser(ctx.caller), id: args["id"].string)
            },
            "chargelog": { args, ctx in try s.charging.chargelog(try s.auth.requireUser(ctx.caller), id: args["id"].string) },
            "chargelogsPaged": { args, ctx in
                let user = try s.auth.requireUser(ctx.caller)
                let (limit, offset) = page(args)
                return try s.charging.chargelogs(
                    user,
                    statuses: args["filter"]["status"].array?.compactMap(\.string) ?? [],
                    limit: limit,
                    offset: offset
                )
            },
            "accountDocumentsPaged": { args, ctx in
                let (limit, offset) = page(args)
                return try s.accounts.documents(try s.auth.requireUser(ctx.caller), limit: limit, offset: offset)
            },
            "accountDocument": { args, ctx in
                let user = try s.auth.requireUser(ctx.caller)
                let all = try s.accounts.documents(user, limit: 100, offset: 0)["data"] as? [Record] ?? []
                return all.first { $0["id"] as? String == args["id"].string }
            },
            "contractRateOptions": { _, ctx in
                _ = try s.auth.requireUser(ctx.caller)
                return ContractService.rateOptions
            },
            "contractPaymentMethods": { _, ctx in
                _ = try s.auth.requireUser(ctx.caller)
                return ContractService.paymentMethods
            },
        ]
    }

    static func mutationResolvers(_ s: SandboxServices) -> [String: Resolver] {
        [
            "initSession": { args, ctx in
                try s.auth.initSession(ctx.caller, username: args["username"].string, password: args["password"].string)
            },
            "refreshSession": { _, ctx in try s.auth.refreshSession(ctx.caller) },
            "registerContact": { args, ctx in
                let p = args["contactProfile"]
                return try s.accounts.registerContact(
                    ctx.caller,
                    name: p["name"].string,
                    email: p["email"].string,
                    password: p["password"].string
                )
            },
            "attemptRemoteStart": { args, ctx in
                try s.charging.attemptRemoteStart(
                    try s.auth.requireUser(ctx.caller),
                    connectorId: args["input"]["connectorId"].string,
                    tagId: args["input"]["tagId"].string
                )
            },
            "remoteStart": { args, ctx in
                try s.charging.remoteStart(
                    try s.auth.requireUser(ctx.caller),
                    identifier: args["authorization"]["identifier"].string,
                    connectorId: args["connector"].string
                )
            },
            "remoteStop": { args, ctx in
                try s.charging.remoteStop(try s.auth.requireUser(ctx.caller), transaction: args["transaction"].string)
            },
            "createSepaContract": { args, ctx in
                let c = args["sepaContract"]
                return try s.contracts.createContract(
                    try s.auth.requireUser(ctx.caller),
                    paymentMethod: c["id"].string,
                    rateId: c["rateId"].string,
                    iban: c["iban"].string
                )
            },
            "createPostpaidContract": { args, ctx in
                let c = args["postpaidContract"]
                return try s.contracts.createContract(
                    try s.auth.requireUser(ctx.caller),
                    paymentMethod: c["id"].string,
                    rateId: c["rateId"].string,
                    iban: nil
                )
            },
        ]
    }
}
