import ChargeCore
import ChargeSchema
import GraphQL
import Testing

/// Every document the client sends validates against the reference schema.
@Suite(.timeLimit(.minutes(1))) struct OperationsTests {
    @Test(arguments: APIOperation.allCases)
    func validatesAgainstTheReferenceSchema(_ op: APIOperation) throws {
        let schema = try buildSchema(source: ReferenceSchema.sdl)
        #expect(!op.document.isEmpty, "\(op.rawValue).graphql is bundled")
        let ast = try parse(source: Source(body: op.document, name: op.rawValue))
        let errors = validate(schema: schema, ast: ast)
        #expect(errors.isEmpty, "\(op.rawValue): \(errors.map(\.message))")
    }

    @Test func mutationsAreKnownAsSuch() {
        #expect(APIOperation.attemptRemoteStart.isMutation)
        #expect(APIOperation.remoteStop.isMutation)
        #expect(!APIOperation.stationsPage.isMutation)
        #expect(!APIOperation.chargelog.isMutation)
    }
}
