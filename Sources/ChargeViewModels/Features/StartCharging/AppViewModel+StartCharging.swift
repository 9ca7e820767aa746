import ChargeCore
import Foundation

/// Starting a charge and making a contract: the calls, with `StartCharging` deciding the
/// phase. Charging begun, the live panel takes over (`openLive`).
extension AppViewModel {
    func startOnSelected() {
        guard let d = state.detail, d.selected < d.station.connectors.count else { return }
        let station = d.station
        let connector = station.connectors[d.selected]
        guard connector.status == .available else {
            mutate { $0.detail?.start.fail($0.strings.connectorNotFree) }
            return
        }
        let t = strings
        mutate { s in
            s.detail?.start.checkCards()
            s.status = StatusLine(loading: true, message: t.checkingCards)
        }
        run { [self] in
            do {
                let cards = try await services.charging.cards(connectorId: connector.id)
                guard !cards.isEmpty else {
                    mutate { s in
                        s.detail?.start.noCard()
                        s.status = StatusLine()
                    }
                    return
                }
                // Nothing is sent yet: the user sees what it costs and which card pays.
                let confirmation = StartConfirmation(
                    station: station,
                    connector: connector,
                    cards: cards,
                    lastCardId: memory.lastCardId,
                    now: time.now(),
                    strings
                )
                mutate { s in
                    guard s.detail?.station.id == station.id else { return }
                    s.detail?.start.confirm(confirmation)
                    s.status = StatusLine()
                }
            } catch {
                fail(error)
            }
        }
    }

    func fail(_ error: any Error) {
        let text = errorText(error)
        mutate { s in
            s.detail?.start.fail(text)
            s.status = StatusLine(message: text, isError: true)
        }
    }

    /// A key while the confirmation is open: Enter sends the start, Esc leaves it unsent.
    func handleStartConfirmation(_ key: KeyPress) {
        guard var flow = state.detail?.start else { return }
        let outcome = flow.confirmKey(key, strings)
        mutate { s in
            s.detail?.start = flow
            if outcome == .cancelled { s.status = StatusLine(message: s.strings.startCancelled) }
        }
        guard case .confirmed(let confirmed) = outcome else { return }
        // The card paid with becomes the default next time (not on a shared kiosk).
        if settings.kiosk == nil {
            memory.lastCardId = confirmed.card.id
            memory.save(to: settings.stateDirectory)
        }
        run { [self] in await start(confirmed) }
    }

    func start(_ confirmed: ConfirmedStart) async {
        let (station, connector, card) = (confirmed.station, confirmed.connector, confirmed.card)
        let t = strings
        mutate { s in
            s.detail?.start.begin(t)
            s.status = StatusLine(loading: true, message: t.stepRequested)
        }
        let (updates, continuation) = AsyncStream<StartProgress>.makeStream()
        let consumer = Task { [weak self] in
            for await p in updates { self?.startProgress(p) }
        }
        do {
            let id = try await services.charging.start(station: station, connector: connector, card: card) { continuation.yield($0) }
            continuation.finish()
            await consumer.value
            openLive(chargelogId: id, stationName: station.name, connector: connector)
        } catch {
            continuation.finish()
            await consumer.value
            fail(error)
            // A start whose answer was lost may have started the car all the same (soak
            // seed 205427324: the server charged, the app said "failed", nothing led back).
            // Reading the running sessions puts it in the header, and `l` leads to it.
            refreshRunning()
        }
    }

    func startProgress(_ p: StartProgress) {
        mutate { s in
            if let status = s.detail?.start.progress(p, s.strings) { s.status = status }
        }
    }

    /// Loads the rates and payment methods and shows the contract form.
    func openContractForm() {
        mutate { s in
            s.detail?.start.loadContractOptions()
            s.status = StatusLine(loading: true, message: s.strings.loadingOptions)
        }
        run { [self] in
            do {
                async let rates = services.charging.contractRateOptions()
                async let methods = services.charging.contractPaymentMethods()
                let (r, m) = try await (rates, methods)
                guard !r.isEmpty, !m.isEmpty else { throw ChargeError.refused(code: nil, message: strings.noContract) }
                mutate { s in
                    s.detail?.start.openContractForm(rates: r, methods: m)
                    s.status = StatusLine()
                }
            } catch {
                fail(error)
            }
        }
    }

    func handleContractForm(_ key: KeyPress) {
        guard var start = state.detail?.start else { return }
        let outcome = start.contractKey(key, strings)
        mutate { $0.detail?.start = start }
        if case .submit(let form) = outcome { submitContract(form) }
    }

    /// Creates the contract from a form `StartCharging` has checked (IBAN mod 97 before anything is sent).
    func submitContract(_ form: ContractForm) {
        let rate = form.rateOption
        let method = form.methodOption
        mutate { s in s.status = StatusLine(loading: true, message: s.strings.creatingContract) }
        run { [self] in
            do {
                if form.needsBankAccount {
                    try await services.charging.createSepaContract(
                        SepaContractRequest(
                            paymentMethodId: method.uuid,
                            rateId: rate.uuid,
                            iban: form.iban.text,
                            accountHolder: form.holder.text
                        )
                    )
                } else {
                    try await services.charging.createPostpaidContract(paymentMethodId: method.uuid, rateId: rate.uuid)
                }
                mutate { s in
                    s.detail?.start.contractCreated(s.strings)
                    s.status = StatusLine(message: s.strings.contractCreated)
                }
            } catch {
                let text = errorText(error)
                mutate { s in
                    s.detail?.start.contractFailed(text)
                    s.status = StatusLine(message: text, isError: true)
                }
            }
        }
    }
}
