import Foundation

/// The OAuth 2.0 Device Authorization Grant (RFC 8628) against Auth0's endpoints.
struct DeviceFlow: Sendable {
    let settings: Auth0Settings
    let transport: any HTTPTransport
    let time: any TimeSource

    private struct CodeAnswer: Decodable {
        var device_code: String?, user_code: String?, verification_uri: String?, verification_uri_complete: String?
        var expires_in: Double?, interval: Double?
    }

    private struct TokenAnswer: Decodable {
        var access_token: String?, error: String?, error_description: String?
    }

    private func form(_ fields: [String: String]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = fields.sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return Data(text.utf8)
    }

    private func post(_ path: String, _ fields: [String: String]) async throws -> HTTPAnswer {
        let url = settings.domain.appendingPathComponent(path)
        let answer: HTTPAnswer
        do {
            answer = try await transport.post(
                url: url,
                headers: ["content-type": "application/x-www-form-urlencoded", "accept": "application/json"],
                body: form(fields)
            )
        } catch {
            switch error {
            case .notSent(let why): throw ChargeError.offline(why)
            case .maybeSent(let why, let timedOut): throw timedOut ? ChargeError.timeout : ChargeError.offline(why)
            }
        }
        try answer.refuseRedirect(from: url)
        return answer
    }

    func begin() async throws -> DeviceAuthorization {
        var fields = ["client_id": settings.clientId, "scope": settings.scope]
        if let audience = settings.audience { fields["audience"] = audience }
        let answer = try await post("oauth/device/code", fields)
        guard answer.status == 200 else {
            let err = try? JSONDecoder().decode(TokenAnswer.self, from: answer.body)
            throw ChargeError.configuration(
                "The sign-in service refused to start (\(DisplayText.safe(err?.error_description) ?? "HTTP \(answer.status)")). Check the Auth0 domain and client id."
            )
        }
        guard let a = try? JSONDecoder().decode(CodeAnswer.self, from: answer.body),
            let device = a.device_code, let user = a.user_code, let uri = a.verification_uri
        else {
            throw ChargeError.unexpectedResponse("a device-code answer without code or URL")
        }
        return DeviceAuthorization(
            deviceCode: Secret(device),
            userCode: DisplayText.safe(user),
            verificationURI: DisplayText.safe(uri),
            verificationURIComplete: DisplayText.safe(a.verification_uri_complete),
            expiresAt: time.now().addingTimeInterval(a.expires_in ?? 600),
            interval: max(1, a.interval ?? 5)
        )
    }

    /// Polls until approval; returns the access token.
    func poll(_ authorization: DeviceAuthorization, progress: @Sendable (DevicePollState) -> Void) async throws -> Secret {
        var interval = authorization.interval
        while true {
            try await time.sleep(seconds: interval)
            if time.now() >= authorization.expiresAt {
                throw ChargeError.unauthenticated("The sign-in code has expired. Start again for a new code.")
            }
            let answer = try await post(
                "oauth/token",
                [
                    "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
                    "device_code": authorization.deviceCode.revealed,
                    "client_id": settings.clientId,
                ]
            )
            guard let a = try? JSONDecoder().decode(TokenAnswer.self, from: answer.body) else {
                throw ChargeError.unexpectedResponse("an unreadable answer from the sign-in service")
            }
            if let token = a.access_token, answer.status == 200 { return Secret(token) }
            switch a.error ?? "" {
            case "authorization_pending": progress(.pending)
            case "slow_down":
                interval += 5
                progress(.slowedDown(interval: interval))
            case "expired_token": throw ChargeError.unauthenticated("The sign-in code has expired. Start again for a new code.")
            case "access_denied": throw ChargeError.unauthenticated("The sign-in was denied.")
            default:
                throw ChargeError.unauthenticated(
                    DisplayText.safe(a.error_description)
                        ?? "The sign-in service refused: \(DisplayText.safe(a.error) ?? "HTTP \(answer.status)")."
                )
            }
        }
    }
}
