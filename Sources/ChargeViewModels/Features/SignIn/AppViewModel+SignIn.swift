import ChargeCore
import Foundation

extension AppViewModel {
    func handleSignIn(_ key: KeyPress) {
        var form = state.signIn
        let action = form.handle(key)
        if form != state.signIn { mutate { $0.signIn = form } }
        switch action {
        case .none: break
        case .quit: quit()
        case .switchMode: switchSignInMode()
        case .submit: submitPassword()
        case .newCode: beginDeviceSignIn(reuse: false)
        }
    }

    func switchSignInMode() {
        guard state.signIn.canUseDevice && state.signIn.canUsePassword else {
            mutate { $0.signIn.message = $0.signIn.canUseDevice ? $0.strings.passwordNotConfigured : $0.strings.deviceNotConfigured }
            return
        }
        // Leaving the code screen stops its polling (and its spinner). A code still valid
        // is kept: the form says so, and F2 goes back to it, so an approval made after
        // leaving signs in then instead of being lost without a word.
        tasks.cancel(.device)
        let toDevice = state.signIn.mode == .password
        let parked = toDevice ? nil : deviceAuthorization.flatMap { $0.expiresAt > time.now() ? $0 : nil }
        mutate { s in
            s.signIn.mode = toDevice ? .device : .password
            s.signIn.message = parked.map { s.strings.deviceParked($0.userCode) }
            s.signIn.device = nil
            s.signIn.busy = false
            s.status = StatusLine()
        }
        if toDevice { beginDeviceSignIn() }
    }

    func submitPassword() {
        var form = state.signIn
        let credentials = form.submit(now: time.now(), strings: strings)
        mutate { s in
            s.signIn = form
            if credentials != nil { s.status = StatusLine(loading: true, message: s.strings.signingIn) }
        }
        guard let (username, password) = credentials else { return }
        run { [self] in
            do {
                try await services.auth.signIn(username: username, password: password)
                signedIn()
            } catch {
                let e = ChargeError.wrap(error)
                let now = time.now()
                mutate { s in
                    s.signIn.failed(e, now: now, strings: s.strings)
                    s.status = StatusLine()
                }
            }
        }
    }

    /// Shows a device code and polls until it is approved. `reuse`: a code left behind
    /// earlier (and still valid for a while) is resumed rather than replaced.
    func beginDeviceSignIn(reuse: Bool = true) {
        tasks.cancel(.device)
        let kept = reuse ? deviceAuthorization.flatMap { $0.expiresAt > time.now().addingTimeInterval(10) ? $0 : nil } : nil
        deviceAuthorization = kept
        mutate {
            $0.signIn.busy = true
            $0.signIn.message = nil
            $0.signIn.device = nil
            $0.status = StatusLine(loading: true, message: $0.strings.deviceStarting)
        }
        tasks[.device] = Task { [weak self] in
            guard let self else { return }
            do {
                let auth: DeviceAuthorization
                if let kept { auth = kept } else { auth = try await services.auth.beginDeviceSignIn() }
                guard !Task.isCancelled else { return }
                deviceAuthorization = auth
                showDevice(auth, status: strings.deviceWaiting)
                let (updates, continuation) = AsyncStream<DevicePollState>.makeStream()
                let ticker = Task { [weak self] in
                    // Countdown, once a second, while waiting.
                    while !Task.isCancelled {
                        try? await self?.time.sleep(seconds: 1)
                        guard let self, !Task.isCancelled else { return }
                        showDevice(auth, status: state.signIn.device?.statusText ?? strings.deviceWaiting)
                    }
                }
                let consumer = Task { [weak self] in
                    for await update in updates {
                        guard let self else { return }
                        if case .slowedDown = update { showDevice(auth, status: strings.deviceWaiting) }
                    }
                }
                defer {
                    ticker.cancel()
                    consumer.cancel()
                    continuation.finish()
                }
                try await services.auth.completeDeviceSignIn(auth) { continuation.yield($0) }
                signedIn()
            } catch is CancellationError {
            } catch {
                let e = ChargeError.wrap(error)
                if case .cancelled = e { return }
                guard !Task.isCancelled else { return }
                deviceAuthorization = nil  // expired or denied: never resumed
                mutate { s in
                    s.signIn.busy = false
                    s.status = StatusLine()
                    s.signIn.message = s.strings.message(for: e)
                }
            }
        }
    }

    func showDevice(_ auth: DeviceAuthorization, status: String) {
        let left = auth.expiresAt.timeIntervalSince(time.now())
        mutate { s in
            s.signIn.busy = false
            s.status = StatusLine(loading: true, message: status)
            s.signIn.device = SignInForm.DeviceCode(
                userCode: auth.userCode,
                url: auth.verificationURI,
                urlComplete: auth.verificationURIComplete,
                expiresText: s.strings.expiresIn(Format.countdown(left)),
                statusText: status
            )
        }
    }

    /// After any successful sign-in: forget the typed password, go on, look for a running session.
    func signedIn() {
        tasks.cancel(.device)
        deviceAuthorization = nil
        if state.kiosk?.locked == true {
            // Signed in on a locked kiosk panel: the panel reopens (unlocked) only if this
            // user has a running session; the previous user's view is dropped either way.
            stopLiveWork()
            mutate { s in
                s.kiosk?.locked = false
                s.live = nil
                s.navigation.go(.stations)
            }
        }
        mutate { s in
            s.signIn.signedIn()
            s.status = StatusLine()
            s.navigation.signedIn()
        }
        switch state.route {
        case .live:
            if let id = state.live?.chargelogId { followSession(id) }
        case .stations:
            if state.stations.stations.isEmpty { reloadStations() }
        case .history:
            // Read again for whoever signed in: the rows and links were the last user's.
            openHistory()
        default: break
        }
        resumeRunningSession()
    }

    /// On start-up (after sign-in): a session still running opens the live panel directly.
    /// When the server cannot be asked (after the core's own retries), it is asked again a
    /// little later: a session found then does not take the screen from a user who has
    /// moved on, it waits in the header ("● Charging", `l` opens it).
    func resumeRunningSession() {
        tasks.cancel(.resume)
        run { [self] in
            guard await !findRunningSession(openPanel: true) else { return }
            // Later tries are background work (not waited for by `settle`).
            tasks[.resume] = Task { @MainActor [weak self] in
                for wait in [3.0, 10, 30] {
                    try? await self?.time.sleep(seconds: wait)
                    guard let self, !Task.isCancelled, state.route != .signIn else { return }
                    if await findRunningSession(openPanel: false) { return }
                }
            }
        }
    }

    /// Asks for running sessions; false when the server could not be asked. Every running
    /// session is remembered (header, `l`); the first one opens when `openPanel`.
    private func findRunningSession(openPanel: Bool) async -> Bool {
        guard await readRunning() else { return false }
        guard state.route != .signIn else { return true }
        // A session found after a restart knows only its connector: find its station's name.
        for r in state.running where r.title == (r.connector?.evseId ?? r.connector?.label ?? r.id) {
            nameRestoredSession(id: r.id, connector: r.connector)
        }
        if !state.running.isEmpty { watchRunning() }
        // Found later, a session waits in the header ("● Charging", `l` opens it).
        guard openPanel, let running = state.running.first, state.live == nil else { return true }
        openLive(chargelogId: running.id, stationName: running.title, connector: running.connector)
        return true
    }

    func authEvent(_ event: AuthEvent) {
        switch event {
        case .signedIn(let profile):
            mutate { $0.userName = profile?.name }
        case .refreshed:
            break
        case .signedOut(let reason):
            if state.kiosk?.locked == true {
                forgetUser()
                return
            }
            guard state.route != .signIn else { return }
            tasks.cancel(for: .signOut)
            let why: String? =
                switch reason {
                case .userRequested: nil
                // The server's reason matters here (a refresh token used twice ends the whole
                // sign-in): say it, so a person knows why and that signing in again is the fix.
                case .sessionExpired(let detail): detail.isEmpty ? strings.sessionEnded : "\(strings.sessionEnded) (\(detail))"
                case .accessTokenExpired: strings.tokenExpired
                case .idle: nil
                }
            mutate { s in
                s.navigation.signedOut()
                s.confirm = nil
                s.sessionChooser = nil
                s.filter = nil
                s.signIn.signedOut(why: why.map { s.strings.signedOutBecause($0) })
                s.status = StatusLine()
            }
            if state.signIn.mode == .device { beginDeviceSignIn() }
        }
    }
}
