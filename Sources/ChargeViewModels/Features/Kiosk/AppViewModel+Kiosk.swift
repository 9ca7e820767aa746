import ChargeCore
import Foundation

/// Kiosk mode: a terminal at a charging site, shared by strangers.
///
/// - Nobody leaves the app but staff: `q`, Esc on the sign-in form and the terminal's own
///   Ctrl-C / Ctrl-Z / Ctrl-\ do nothing (the front end reads those as plain keys); F10 or
///   Ctrl-X opens the admin PIN dialog, and only the right PIN quits.
/// - After `idleSeconds` without a key, a countdown shows; when it runs out the user is
///   forgotten: signed out, every field cleared, back to sign-in. If their car is charging,
///   the tokens stay in memory only to keep showing progress on a locked live panel;
///   stopping needs a sign-in, and the end of the session forgets them fully.
extension AppViewModel {
    /// Keys kiosk mode handles before any screen. Returns true when the key was used.
    func handleKiosk(_ key: KeyPress) -> Bool {
        guard let k = state.kiosk else { return false }
        lastActivity = time.now()
        if k.countdown != nil {
            // "Press any key to stay": the key only cancels the countdown, unless the PIN
            // dialog covers it (the countdown is not drawn there): then the digit is the PIN's.
            mutate { $0.kiosk?.countdown = nil }
            if k.pin == nil { return true }
        }
        if k.notice != nil { mutate { $0.kiosk?.notice = nil } }
        if k.pin != nil {
            handlePin(key)
            return true
        }
        switch key {
        case .function(10), .ctrl("x"):
            let blocked = k.pinGuard.secondsBlocked(at: time.now())
            mutate { s in
                s.kiosk?.pin = PinEntry()
                s.kiosk?.pin?.message = blocked.map { s.strings.waitBeforeRetry($0) }
                s.showHelp = false
            }
            return true
        case .ctrl("c"), .ctrl("z"), .ctrl("\\"), .ctrl("q"):
            kioskRefusesQuit()
            return true
        default:
            break
        }
        if k.locked {
            return handleLocked(key)
        }
        if state.route == .signIn, key == .escape, !state.signIn.escapeSwitchesMode {
            kioskRefusesQuit()
            return true
        }
        return false
    }

    func kioskRefusesQuit() {
        mutate { $0.kiosk?.notice = $0.strings.kioskNoQuit }
    }

    /// The locked live panel takes one action: sign in (to stop). Esc on that sign-in form
    /// goes back to the panel.
    func handleLocked(_ key: KeyPress) -> Bool {
        switch state.route {
        case .live:
            if key == .enter || key == .char("s") || key == .char("S") {
                mutate { s in
                    s.navigation.go(.signIn)
                    s.signIn.message = s.strings.signInToStopLong
                    s.signIn.focus = s.signIn.username.text.isEmpty ? .username : .password
                }
                if state.signIn.mode == .device { beginDeviceSignIn() }
            }
            return true
        case .signIn:
            if key == .escape && !state.signIn.escapeSwitchesMode {
                tasks.cancel(.device)
                mutate { s in
                    s.signIn.username.clear()
                    s.signIn.password.clear()
                    s.signIn.message = nil
                    s.signIn.device = nil
                    s.signIn.busy = false
                    s.status = StatusLine()
                    s.navigation.go(.live)
                }
                return true
            }
            return false
        default:
            return true
        }
    }

    /// The PIN dialog. The wrong-PIN count and block are the kiosk's `pinGuard`, never the
    /// dialog's own, so closing and reopening it does not reset them.
    func handlePin(_ key: KeyPress) {
        guard let kiosk = settings.kiosk, let entry = state.kiosk?.pin, let pinGuard = state.kiosk?.pinGuard else { return }
        switch key {
        case .escape:
            mutate { $0.kiosk?.pin = nil }
        case .enter:
            let now = time.now()
            if let left = pinGuard.secondsBlocked(at: now) {
                mutate { s in
                    s.kiosk?.pin?.field.clear()
                    s.kiosk?.pin?.message = s.strings.waitBeforeRetry(left)
                }
                return
            }
            let pin = entry.field.text
            if !pin.isEmpty, kiosk.verifyPin(pin) {
                mutate { s in
                    s.kiosk?.pin = nil
                    s.kiosk?.pinGuard.recordSuccess()
                }
                quit()
                return
            }
            mutate { s in
                let t = s.strings
                s.kiosk?.pin?.field.clear()
                let block = s.kiosk?.pinGuard.recordFailure(
                    at: now,
                    maxAttempts: kiosk.maxPinAttempts,
                    escalation: kiosk.pinLockoutEscalation
                )
                s.kiosk?.pin?.message = block.map { t.waitBeforeRetry(Int($0.rounded(.up))) } ?? t.wrongPin
            }
        case .char(let c) where c.isASCII && c.isNumber:
            mutate { s in
                _ = s.kiosk?.pin?.field.apply(key)
                s.kiosk?.pin?.message = nil
            }
        case .backspace, .delete:
            mutate { s in _ = s.kiosk?.pin?.field.apply(key) }
        default:
            break
        }
    }

    // MARK: - Idle sign-out

    /// Checks once a second (on the injected clock) how long the terminal has been idle.
    func startIdleWatch() {
        tasks.cancel(.idle)
        tasks[.idle] = Task { [weak self] in
            while !Task.isCancelled {
                try? await self?.time.sleep(seconds: 1)
                guard let self, !Task.isCancelled else { return }
                idleCheck()
            }
        }
    }

    func idleCheck() {
        guard let kiosk = settings.kiosk, state.kiosk != nil else { return }
        let decision = KioskIdle(kiosk).decide(
            now: time.now(),
            lastActivity: lastActivity,
            busy: KioskIdle.busy(state),
            holdsUser: KioskIdle.holdsUser(state, hintUsername: settings.signInHint?.username)
        )
        switch decision {
        case .keepAwake:
            lastActivity = time.now()
            if state.kiosk?.countdown != nil { mutate { $0.kiosk?.countdown = nil } }
        case .wait:
            break
        case .countdown(let left):
            if state.kiosk?.countdown != left { mutate { $0.kiosk?.countdown = left } }
        case .signOut:
            idleSignOut()
        }
    }

    /// Forgets the user. While a session charges, the panel stays (locked); otherwise the
    /// app goes back to a fresh sign-in form and the tokens are dropped.
    func idleSignOut() {
        lastActivity = time.now()
        let charging = state.live.map { $0.status.isRunning || $0.status == .waitingForTransaction } ?? false
        if state.kiosk?.locked == true {
            // Someone started signing in on the locked panel and walked away.
            tasks.cancel(.device)
            mutate { s in
                let pinGuard = s.kiosk?.pinGuard ?? PinGuard()
                s.kiosk = KioskState()
                s.kiosk?.pinGuard = pinGuard
                s.kiosk?.locked = true
                s.signIn = Self.initialState(services: services, settings: settings).signIn
                s.status = StatusLine()
                s.navigation.go(.live)
            }
        } else if charging, let live = state.live {
            lockLivePanel(live)
        } else {
            forgetUser()
        }
    }

    func lockLivePanel(_ live: LiveSession) {
        tasks.cancel(for: .lock)
        var fresh = Self.initialState(services: services, settings: settings)
        fresh.live = live
        fresh.live?.stopping = false
        fresh.kiosk?.locked = true
        fresh.kiosk?.pinGuard = state.kiosk?.pinGuard ?? PinGuard()
        fresh.navigation.go(.live)
        mutate { $0 = fresh }
        if !tasks.isActive(.live) { followSession(live.chargelogId) }
    }

    /// Signs out, drops every token and field, and shows a fresh sign-in form.
    func forgetUser() {
        tasks.cancel(for: .forget)
        // Favourites and recent stations were this user's: the fresh state has none.
        let pinGuard = state.kiosk?.pinGuard
        mutate { s in
            s = Self.initialState(services: services, settings: settings)
            if let pinGuard { s.kiosk?.pinGuard = pinGuard }  // a sign-out must not forgive wrong PINs
        }
        run { [self] in await services.auth.signOut() }
        if state.signIn.mode == .device { beginDeviceSignIn() }
    }
}
