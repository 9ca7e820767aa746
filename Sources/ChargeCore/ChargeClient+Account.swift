import Foundation

/// The account's side of the client: documents and contracts (rates, payment methods,
/// SEPA and postpaid), apart from the charging flow in `ChargeClient.swift`.
extension ChargeClient {
    public func documents(offset: Int, limit: Int) async throws -> Page<AccountDocument> {
        let limit = min(100, max(1, limit))
        let offset = max(0, offset)
        let out = try await channel.run(
            .documents,
            ["pagination": .object(["limit": .int(limit), "offset": .int(offset)])],
            as: Wire.DocumentsW.self
        )
        let docs = (out.accountDocumentsPaged?.data ?? []).compactMap { $0.flatMap(Self.document) }
        return Page(items: docs, totalCount: out.accountDocumentsPaged?.pagination?.totalCount ?? docs.count, offset: offset, limit: limit)
    }

    /// One document, fresh (its download link may have been re-issued since the list was read).
    public func document(id: String) async throws -> AccountDocument {
        let out = try await channel.run(.document, ["id": .string(id)], as: Wire.DocumentOneW.self)
        guard let doc = out.accountDocument.flatMap(Self.document), doc.id == id else {
            throw ChargeError.notFound("The document")
        }
        return doc
    }

    /// Where a document from the server becomes a value: display-safe text, a date or nil.
    static func document(_ d: Wire.DocumentW) -> AccountDocument? {
        guard let id = d.id else { return nil }
        return AccountDocument(
            id: id,
            kind: AccountDocument.Kind(rawValue: d.type ?? "") ?? .unknown,
            title: DisplayText.safe(d.title),
            documentDate: d.documentDate.flatMap(Wire.date),
            downloadLink: DisplayText.safe(d.downloadLink)
        )
    }

    public func contractRateOptions() async throws -> [ContractRateOption] {
        let out = try await channel.run(.contractRateOptions, as: Wire.RatesW.self)
        return (out.contractRateOptions ?? []).compactMap { r in
            r.flatMap { r in r.uuid.map { ContractRateOption(uuid: $0, name: DisplayText.safe(r.name ?? r.id ?? $0)) } }
        }
    }

    public func contractPaymentMethods() async throws -> [ContractPaymentMethod] {
        let out = try await channel.run(.contractPaymentMethods, as: Wire.PaymentsW.self)
        return (out.contractPaymentMethods ?? []).compactMap { p in
            guard let p, let uuid = p.uuid else { return nil }
            let type = (p.paymentType ?? "").lowercased()
            let kind: ContractPaymentMethod.Kind =
                type.contains("sepa") ? .sepa : type.contains("postpaid") ? .postpaid : .other(DisplayText.safe(p.paymentType ?? ""))
            return ContractPaymentMethod(uuid: uuid, kind: kind, applicationId: p.applicationId)
        }
    }

    public func createSepaContract(_ request: SepaContractRequest) async throws {
        guard IBAN.isValid(request.iban) else { throw ChargeError.badInput("The IBAN is not valid. Check it and try again.") }
        guard !request.accountHolder.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ChargeError.badInput("Enter the account holder's name.")
        }
        var input: [String: JSON] = [
            "id": .string(request.paymentMethodId), "rateId": .string(request.rateId), "iban": .string(IBAN.normalized(request.iban)),
            "accountHolder": .string(request.accountHolder), "debitType": .string("b2C"), "useParent": .bool(false),
        ]
        if let bic = request.bic { input["bic"] = .string(bic) }
        if let bank = request.bank { input["bank"] = .string(bank) }
        let result: Wire.ContractResultW?
        do {
            result = try await channel.run(.createSepaContract, ["sepaContract": .object(input)], as: Wire.SepaW.self).createSepaContract
        } catch let ambiguous as AmbiguousMutation {
            throw ambiguous.underlying
        }
        try Self.check(result)
    }

    public func createPostpaidContract(paymentMethodId: String, rateId: String) async throws {
        let result: Wire.ContractResultW?
        do {
            result = try await channel.run(
                .createPostpaidContract,
                ["postpaidContract": .object(["id": .string(paymentMethodId), "rateId": .string(rateId)])],
                as: Wire.PostpaidW.self
            ).createPostpaidContract
        } catch let ambiguous as AmbiguousMutation {
            throw ambiguous.underlying
        }
        try Self.check(result)
    }

    fileprivate static func check(_ result: Wire.ContractResultW?) throws {
        guard let result else { throw ChargeError.unexpectedResponse("no contract answer") }
        if result.status?.lowercased() != "success" {
            throw ChargeError.refused(
                code: result.status,
                message: DisplayText.safe(result.message) ?? "The contract could not be created."
            )
        }
    }
}
