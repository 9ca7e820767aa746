import ArgumentParser
import AsyncHTTPClient
import ChargeCore
import ChargeSchema
import Foundation
import GraphQL
import NIOCore

/// `chargeterm doctor`: checks a tenant before a fleet is pointed at it: reachability and
/// TLS, the PSK or Auth0 settings, sign-in (when credentials are given), every operation
/// the app sends against the tenant's schema (by introspection), and a plain
/// GraphQL-over-HTTP probe. Exits 0 only when every check passes (a skipped one does not fail).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check an endpoint: reachability and TLS, PSK/Auth0, sign-in, the app's operations against its schema.",
        discussion: """
            Without --endpoint (and none configured) it checks the embedded sandbox. Sign-in is \
            checked when a user name and password are given (as for the other subcommands). \
            Each operation the app sends is validated against the schema the tenant reports \
            by introspection; each mismatch is named, with what the app loses through it.
            """
    )
    @OptionGroup var connection: ConfigOptions
    @OptionGroup var account: AccountOptions
    @Flag(name: .long, help: "Print JSON instead of text.") var json = false

    enum Status: String { case pass, fail, skip }

    struct Check {
        var name: String
        var status: Status
        var detail: String
        var problems: [Problem] = []
    }

    /// One way the tenant's schema breaks an operation of the app.
    struct Problem {
        var operation: String
        var kind: String
        var message: String
        var loses: String
    }

    func run() async throws {
        try await reportingFailures {
            let env = ProcessInfo.processInfo.environment
            let paths = AppPaths(environment: env)
            let loaded = try connection.load(environment: env, paths: paths)
            var checks: [Check] = []
            let password = try ScriptSession.password(account, loaded)
            let (client, sandbox) = try await ScriptSession.connect(loaded, paths: paths)
            let endpoint = client.endpointURL
            defer {
                Task {
                    await client.shutdown()
                    await sandbox?.stop()
                }
            }

            // 1. The address itself.
            let secure = endpoint.scheme?.lowercased() == "https"
            checks.append(
                Check(
                    name: "endpoint",
                    status: .pass,
                    detail:
                        "\(endpoint.absoluteString) (\(secure ? "TLS" : loaded.config.endpoint == nil ? "the embedded sandbox, plain http on loopback" : "plain http"))"
                )
            )

            // 2. Reachability, TLS and the GraphQL-over-HTTP probe.
            let probe = await Self.probe(endpoint)
            checks.append(probe.reach)
            checks.append(probe.graphQL)

            // Nothing more can be learnt from a server that does not answer (and each try
            // would wait for the connect timeout).
            guard probe.reach.status == .pass else {
                for name in ["psk", "auth0", "sign-in", "operations"] {
                    checks.append(Check(name: name, status: .skip, detail: "not reachable"))
                }
                try Self.report(checks, endpoint: endpoint, json: json)
                throw ExitCode(ExitStatus.failed.rawValue)
            }

            // 3. Credentials.
            if loaded.config.endpoint == nil {
                checks.append(Check(name: "psk", status: .pass, detail: "the sandbox's own key"))
            } else if let psk = loaded.pick(\.psk) ?? loaded.pick(\.pskFile).map({ Sourced(Secret(""), $0.source) }) {
                checks.append(Check(name: "psk", status: .pass, detail: "configured (\(psk.source)); checked by the sign-in below"))
            } else {
                checks.append(Check(name: "psk", status: .skip, detail: "none configured: password sign-in is not possible"))
            }
            if client.supportsDeviceSignIn {
                do {
                    let auth = try await client.beginDeviceSignIn()
                    checks.append(
                        Check(
                            name: "auth0",
                            status: .pass,
                            detail:
                                "the device flow starts (code \(auth.userCode.count) characters, approve at \(DisplayText.safe(auth.verificationURI)))"
                        )
                    )
                } catch {
                    checks.append(Check(name: "auth0", status: .fail, detail: ChargeError.wrap(error).message))
                }
            } else {
                checks.append(
                    Check(name: "auth0", status: .skip, detail: "not configured (auth0.domain and auth0.client_id): no sign-in with a code")
                )
            }
            let username = account.username ?? loaded.pick(\.username)?.value ?? (loaded.config.endpoint == nil ? "demo-user" : nil)
            let secret = password ?? (loaded.config.endpoint == nil && username == "demo-user" ? Secret("demo-user-password") : nil)
            if let username, let secret, client.supportsPasswordSignIn {
                do {
                    try await client.signIn(username: username, password: secret)
                    let me = try? await client.profile()
                    checks.append(
                        Check(name: "sign-in", status: .pass, detail: "signed in as \(username)\(me?.name.map { " (\($0))" } ?? "")")
                    )
                } catch {
                    checks.append(Check(name: "sign-in", status: .fail, detail: ChargeError.wrap(error).message))
                }
            } else {
                checks.append(
                    Check(
                        name: "sign-in",
                        status: .skip,
                        detail:
                            "no user name and password given (--username with --password-stdin, CHARGETERM_USERNAME/CHARGETERM_PASSWORD, or [account])"
                    )
                )
            }

            // 4. The app's operations against the tenant's schema.
            let bearers = [await client.currentBearerForDiagnostics(), loaded.config.endpoint == nil ? nil : loaded.config.psk].compactMap {
                $0
            }
            checks.append(await Self.schemaCheck(endpoint, bearers: bearers))
            if await client.currentBearerForDiagnostics() != nil { await client.signOut() }

            try Self.report(checks, endpoint: endpoint, json: json)
            if !checks.allSatisfy({ $0.status != .fail }) { throw ExitCode(ExitStatus.failed.rawValue) }
        }
    }

    static func report(_ checks: [Check], endpoint: URL, json: Bool) throws {
        let ok = checks.allSatisfy { $0.status != .fail }
        if json {
            try JSONShape.print([
                "endpoint": endpoint.absoluteString, "ok": ok,
                "checks": checks.map { c in
                    [
                        "name": c.name, "status": c.status.rawValue, "detail": c.detail,
                        "problems": c.problems.map {
                            ["operation": $0.operation, "kind": $0.kind, "message": $0.message, "app_loses": $0.loses]
                        },
                    ] as [String: Any]
                },
            ])
        } else {
            for c in checks {
                try Output.line(
                    "\(c.status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0))  \(c.name): \(DisplayText.safe(c.detail))"
                )
                for p in c.problems {
                    try Output.line("      \(p.operation): \(p.kind): \(DisplayText.safe(p.message))")
                    try Output.line("        the app loses: \(p.loses)")
                }
            }
            try Output.line(ok ? "All checks passed." : "Some checks failed.")
        }
    }

    // MARK: HTTP probes

    /// POSTs a GraphQL request as a plain client would (no app headers), with an optional bearer.
    static func post(
        _ url: URL,
        _ body: [String: Any],
        bearer: Secret? = nil,
        accept: String = "application/graphql-response+json, application/json"
    ) async throws -> (status: Int, contentType: String, body: Data) {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "accept", value: accept)
        if let bearer { request.headers.add(name: "authorization", value: "Bearer \(bearer.revealed)") }
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let data = try await response.body.collect(upTo: 32 << 20)
        return (Int(response.status.code), response.headers.first(name: "content-type") ?? "", Data(data.readableBytesView))
    }

    static func probe(_ url: URL) async -> (reach: Check, graphQL: Check) {
        let started = Date()
        do {
            let answer = try await post(url, ["query": "{ __typename }"])
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            let reach = Check(
                name: "reachability",
                status: .pass,
                detail: "HTTP \(answer.status) in \(ms) ms\(url.scheme == "https" ? "; the TLS certificate is valid" : "")"
            )
            let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
            let media = answer.contentType.split(separator: ";").first.map(String.init) ?? ""
            guard let object, ["application/json", "application/graphql-response+json"].contains(media) else {
                return (
                    reach,
                    Check(
                        name: "graphql-over-http",
                        status: .fail,
                        detail:
                            "POST { __typename } got HTTP \(answer.status) \(media.isEmpty ? "without a content type" : media), not a GraphQL JSON answer"
                    )
                )
            }
            if let data = object["data"] as? [String: Any], let name = data["__typename"] as? String {
                return (
                    reach,
                    Check(
                        name: "graphql-over-http",
                        status: .pass,
                        detail: "POST application/json { __typename } answered \(DisplayText.safe(name)) (\(media))"
                    )
                )
            }
            let message = ((object["errors"] as? [[String: Any]])?.first?["message"] as? String).map { DisplayText.safe($0) } ?? "no data"
            return (
                reach,
                Check(
                    name: "graphql-over-http",
                    status: .pass,
                    detail: "POST application/json answered with a GraphQL error (\(message)): the protocol works, the query needs sign-in"
                )
            )
        } catch {
            let detail = "\(error)"
            let tls =
                detail.lowercased().contains("ssl") || detail.lowercased().contains("tls") || detail.lowercased().contains("certificate")
            return (
                Check(
                    name: "reachability",
                    status: .fail,
                    detail: tls ? "TLS failed: \(detail)" : "cannot reach \(url.host ?? "the host"): \(detail)"
                ),
                Check(name: "graphql-over-http", status: .skip, detail: "not reachable")
            )
        }
    }

    // MARK: the schema

    static func schemaCheck(_ url: URL, bearers: [Secret]) async -> Check {
        var result: [String: Any]?
        var refusal = "no answer"
        for bearer in [nil] + bearers.map(Optional.some) {
            do {
                let answer = try await post(url, ["query": Introspection.query, "operationName": "IntrospectionQuery"], bearer: bearer)
                let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
                if let data = object?["data"] as? [String: Any], data["__schema"] is [String: Any] {
                    result = data
                    break
                }
                refusal =
                    ((object?["errors"] as? [[String: Any]])?.first?["message"] as? String).map { DisplayText.safe($0) }
                    ?? "HTTP \(answer.status)"
            } catch {
                refusal = "\(error)"
            }
        }
        guard let result else {
            return Check(
                name: "operations",
                status: .skip,
                detail: "the tenant does not allow introspection (\(refusal)); the app's operations could not be checked"
            )
        }
        let tenant: GraphQLSchema
        do {
            tenant = try buildSchema(source: Introspection.sdl(from: result), assumeValid: true)
        } catch {
            return Check(name: "operations", status: .fail, detail: "the tenant's schema could not be read: \(error)")
        }
        var problems: [Problem] = []
        for op in APIOperation.allCases {
            do {
                let errors = GraphQL.validate(schema: tenant, ast: try GraphQL.parse(source: op.document))
                for e in errors {
                    problems.append(
                        Problem(operation: op.rawValue, kind: Self.kind(of: e.message), message: e.message, loses: Self.loss(op))
                    )
                }
            } catch {
                problems.append(Problem(operation: op.rawValue, kind: "unreadable", message: "\(error)", loses: Self.loss(op)))
            }
        }
        let count = APIOperation.allCases.count
        let note = variableNote(tenant)
        if problems.isEmpty {
            return Check(
                name: "operations",
                status: .pass,
                detail: "all \(count) operations the app sends are valid against the tenant's schema\(note)"
            )
        }
        let broken = Set(problems.map(\.operation)).count
        return Check(
            name: "operations",
            status: .fail,
            detail: "\(broken) of \(count) operations do not fit the tenant's schema (\(problems.count) mismatches)\(note)",
            problems: problems
        )
    }

    /// What validating the documents cannot see: input fields the app puts only in variable
    /// values. `CpFilter.openNow` [ours] is sent only while the user has "open now" on; a
    /// tenant without it refuses that search, and the app turns the filter off and says so.
    /// A note, not a failure: everything else works.
    static func variableNote(_ tenant: GraphQLSchema) -> String {
        guard let filter = tenant.getType(name: "CpFilter") as? GraphQLInputObjectType, let fields = try? filter.fields(),
            fields["openNow"] == nil
        else { return "" }
        return "; note: its CpFilter has no openNow, so the \"open now\" filter is refused there (the app turns it off and says so)"
    }

    /// A name for a validation error: what is missing or different.
    static func kind(of message: String) -> String {
        if message.hasPrefix("Cannot query field") { return "missing field" }
        if message.hasPrefix("Unknown argument") || message.contains("does not have argument") { return "missing argument" }
        if message.hasPrefix("Unknown type") { return "missing type" }
        if message.contains("is required, but it was not provided") { return "new required argument" }
        if message.contains("used in position expecting") || message.contains("cannot represent") { return "type mismatch" }
        if message.contains("must have a selection") || message.contains("must not have a selection") { return "type mismatch" }
        return "invalid"
    }

    /// What the app cannot do when an operation fails.
    static func loss(_ op: APIOperation) -> String {
        switch op {
        case .initSession: "sign-in with user name and password"
        case .refreshSession: "staying signed in past the session's hour, and `chargeterm login`"
        case .contact: "the signed-in user's name"
        case .stationsPage: "the station list and search (and `chargeterm stations`)"
        case .station: "a station's details and connectors (and `chargeterm station`)"
        case .cards: "choosing a card, so starting a charge"
        case .attemptRemoteStart: "starting a charge at the operator's own stations"
        case .remoteStartAttemptStatus: "following a start until charging begins"
        case .remoteStart: "starting a charge at roaming stations"
        case .remoteStop: "stopping a charge"
        case .chargelog: "the live session panel (kWh, power, cost) and `chargeterm session --watch`"
        case .chargelogs: "resuming running sessions after a restart, and the history"
        case .documents: "invoices"
        case .document: "the fresh download link of an opened invoice (the list's link is shown instead)"
        case .contractRateOptions, .contractPaymentMethods, .createSepaContract, .createPostpaidContract: "creating a contract in the app"
        }
    }
}
