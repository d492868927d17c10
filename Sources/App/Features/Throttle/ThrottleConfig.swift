import Domain
import Foundation

/// What a client is trying to do. Each purpose has buckets of its own, so sending a request uses up no sign-in.
enum ThrottlePurpose: String, Sendable, CaseIterable {
    case patientRequest = "patient-request"
    case signInPassword = "sign-in-password"
    case signInCode = "sign-in-code"
    case replyCheck = "reply-check"
    case invitation = "invitation"
}

/// How hard anonymous and sign-in forms are throttled per client, and whom to believe about who the client is.
/// Never a cap per practice: the GP contract keeps the online form open for all of core hours.
struct ThrottleConfig: Sendable, Equatable {
    /// Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); by default nobody's.
    var trustedProxies = TrustedProxies.none
    /// Patient requests per client address (THROTTLE_REQUESTS_PER_ADDRESS).
    var requestsPerAddress = TokenBucket.Rule(capacity: 5, refillInterval: 600)
    /// Patient requests per mobile number and per email address given in the form (THROTTLE_REQUESTS_PER_CONTACT).
    var requestsPerContact = TokenBucket.Rule(capacity: 5, refillInterval: 600)
    /// Each sign-in step per client address (THROTTLE_SIGN_IN_PER_ADDRESS): a practice's staff share one address.
    var signInPerAddress = TokenBucket.Rule(capacity: 60, refillInterval: 2)
    /// Each sign-in step per account email (THROTTLE_SIGN_IN_PER_ACCOUNT).
    var signInPerAccount = TokenBucket.Rule(capacity: 10, refillInterval: 60)
    /// Date-of-birth checks of reply links per client address (THROTTLE_REPLY_CHECKS_PER_ADDRESS).
    var replyChecksPerAddress = TokenBucket.Rule(capacity: 10, refillInterval: 300)
    /// Invitation acceptances per client address (THROTTLE_INVITATIONS_PER_ADDRESS).
    var invitationsPerAddress = TokenBucket.Rule(capacity: 10, refillInterval: 300)
    /// Requests from one client in an hour that mark a practice's queue "Possible flood" (FLOOD_THRESHOLD).
    var floodThreshold = 10
    /// Buckets one instance keeps at most (THROTTLE_MAX_KEYS).
    var maximumKeys = 100_000

    /// The rule per client address for `purpose`, and the rule per account (or per mobile and email) when it has one.
    func rules(for purpose: ThrottlePurpose) -> (address: TokenBucket.Rule, account: TokenBucket.Rule?) {
        switch purpose {
        case .patientRequest: return (requestsPerAddress, requestsPerContact)
        case .signInPassword, .signInCode: return (signInPerAddress, signInPerAccount)
        case .replyCheck: return (replyChecksPerAddress, nil)
        case .invitation: return (invitationsPerAddress, nil)
        }
    }

    /// Reads TRUSTED_PROXIES, the THROTTLE_* rules ("5/10m": a burst of 5, then 1 every 10 minutes), FLOOD_THRESHOLD
    /// and THROTTLE_MAX_KEYS; fails on the first bad one.
    static func fromEnvironment(_ env: [String: String]) throws(ConfigError) -> ThrottleConfig {
        var config = ThrottleConfig()
        do {
            config.trustedProxies = try TrustedProxies(parsing: env["TRUSTED_PROXIES"] ?? "")
        } catch {
            throw ConfigError(variable: "TRUSTED_PROXIES", problem: error.message)
        }
        func rule(_ name: String, _ fallback: TokenBucket.Rule) throws(ConfigError) -> TokenBucket.Rule {
            guard let text = env[name], !text.trimmingCharacters(in: .whitespaces).isEmpty else { return fallback }
            do { return try TokenBucket.Rule(parsing: text) } catch { throw ConfigError(variable: name, problem: error.message) }
        }
        func whole(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws(ConfigError) -> Int {
            guard let text = env[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw ConfigError(
                    variable: name, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(text)")
            }
            return number
        }
        config.requestsPerAddress = try rule("THROTTLE_REQUESTS_PER_ADDRESS", config.requestsPerAddress)
        config.requestsPerContact = try rule("THROTTLE_REQUESTS_PER_CONTACT", config.requestsPerContact)
        config.signInPerAddress = try rule("THROTTLE_SIGN_IN_PER_ADDRESS", config.signInPerAddress)
        config.signInPerAccount = try rule("THROTTLE_SIGN_IN_PER_ACCOUNT", config.signInPerAccount)
        config.replyChecksPerAddress = try rule("THROTTLE_REPLY_CHECKS_PER_ADDRESS", config.replyChecksPerAddress)
        config.invitationsPerAddress = try rule("THROTTLE_INVITATIONS_PER_ADDRESS", config.invitationsPerAddress)
        config.floodThreshold = try whole("FLOOD_THRESHOLD", config.floodThreshold, 2...100_000)
        config.maximumKeys = try whole("THROTTLE_MAX_KEYS", config.maximumKeys, 1_000...10_000_000)
        return config
    }
}
