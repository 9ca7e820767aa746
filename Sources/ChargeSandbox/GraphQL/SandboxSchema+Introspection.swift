import GraphQL

/// Introspection as standard tools ask for it, around two gaps of GraphQLSwift/GraphQL 4.3.0
/// (the package itself is not ours to change; see DECISIONS.md).
extension SandboxSchema {
    /// The spec's built-in directives, appended to the reference SDL so that the served schema
    /// uses these definitions instead of the library's copies, whose descriptions carry stray
    /// backslashes (``\`if\` ``) and whose `@deprecated(reason:)` is nullable. Text as in
    /// graphql-js/graphql-core; locations and types as in the GraphQL spec (September 2025).
    /// Execution still recognises `@skip`/`@include`/`@deprecated` by name.
    static let specifiedDirectivesSDL = #"""
        """
        Directs the executor to include this field or fragment only when the `if` argument is true.
        """
        directive @include(
          """Included when true."""
          if: Boolean!
        ) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT

        """
        Directs the executor to skip this field or fragment when the `if` argument is true.
        """
        directive @skip(
          """Skipped when true."""
          if: Boolean!
        ) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT

        """Marks an element of a GraphQL schema as no longer supported."""
        directive @deprecated(
          """
          Explains why this element was deprecated, usually also including a suggestion for how to access supported similar data. Formatted using the Markdown syntax, as specified by [CommonMark](https://commonmark.org/).
          """
          reason: String! = "No longer supported"
        ) on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE

        """Exposes a URL that specifies the behavior of this scalar."""
        directive @specifiedBy(
          """The URL that specifies the behavior of this scalar."""
          url: String!
        ) on SCALAR

        """
        Indicates exactly one field must be supplied and this field must not be `null`.
        """
        directive @oneOf on INPUT_OBJECT

        """#

    /// Repairs the library's introspection types once per process (they are globals shared by
    /// every schema); throws if they are not where 4.3.0 has them.
    static func repairIntrospection() throws {
        if let failure = introspectionRepair { throw failure }
    }

    private static let introspectionRepair: SandboxStartError? = {
        do {
            try patchIntrospectionTypes()
            return nil
        } catch {
            return SandboxStartError(message: "Could not repair GraphQL introspection: \(error)")
        }
    }()

    /// The gaps, each patched where the library leaves it:
    /// - `__InputValue.isDeprecated` has no resolver, and argument and input-field definitions
    ///   have no such property, so every query with `inputValueDeprecation` (GraphiQL, Apollo,
    ///   graphql-core) failed with "Cannot return null for non-nullable field
    ///   __InputValue.isDeprecated". It is derived from `deprecationReason`, as the spec says.
    /// - `includeDeprecated` on `__Type.inputFields`, `__Field.args` and `__Directive.args` is
    ///   accepted but ignored: deprecated arguments and input fields are now left out unless
    ///   asked for, as the spec says.
    private static func patchIntrospectionTypes() throws {
        let probe = try buildSchema(source: "type Query { probe: Boolean }")
        func object(_ name: String) throws -> GraphQLObjectType {
            guard let type = probe.getType(name: name) as? GraphQLObjectType else {
                throw GraphQLError(message: "the introspection type \(name) is missing")
            }
            return type
        }
        func patch(_ type: GraphQLObjectType, _ edit: (GraphQLFieldMap) throws -> Void) throws {
            let fields = try type.fields()
            try edit(fields)
            type.fields = { fields }  // the setter drops the library's cached field definitions
        }
        func field(_ fields: GraphQLFieldMap, _ name: String, of type: String) throws -> GraphQLField {
            guard let field = fields[name] else { throw GraphQLError(message: "\(type).\(name) is missing") }
            return field
        }

        try patch(try object("__InputValue")) { fields in
            try field(fields, "isDeprecated", of: "__InputValue").resolve = { source, _, _, _ in deprecationReason(of: source) != nil }
            try field(fields, "deprecationReason", of: "__InputValue").resolve = { source, _, _, _ in deprecationReason(of: source) }
        }
        try patch(try object("__Type")) { fields in
            try filterDeprecatedInputValues(try field(fields, "inputFields", of: "__Type"))
        }
        try patch(try object("__Field")) { fields in
            try filterDeprecatedInputValues(try field(fields, "args", of: "__Field"))
        }
        try patch(try object("__Directive")) { fields in
            try filterDeprecatedInputValues(try field(fields, "args", of: "__Directive"))
        }
    }

    /// The deprecation reason of an argument or input field (`nil`: not deprecated).
    private static func deprecationReason(of source: any Sendable) -> String? {
        switch source {
        case let argument as GraphQLArgumentDefinition: return argument.deprecationReason
        case let inputField as InputObjectFieldDefinition: return inputField.deprecationReason
        default: return nil
        }
    }

    /// Wraps the library's resolver of a list of input values: without
    /// `includeDeprecated: true`, deprecated ones are left out.
    private static func filterDeprecatedInputValues(_ field: GraphQLField) throws {
        guard let original = field.resolve else { throw GraphQLError(message: "an introspection list has no resolver") }
        field.resolve = { source, args, context, info in
            let values = try await original(source, args, context, info)
            if args["includeDeprecated"].bool == true { return values }
            switch values {
            case let arguments as [GraphQLArgumentDefinition]: return arguments.filter { $0.deprecationReason == nil }
            case let inputFields as [InputObjectFieldDefinition]: return inputFields.filter { $0.deprecationReason == nil }
            default: return values
            }
        }
    }
}
