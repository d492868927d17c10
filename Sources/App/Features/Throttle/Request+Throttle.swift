import Domain
import Foundation
import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// A form refused because its client (or account) has run out of tokens: when to try again.
struct ThrottleRefusal: Error, Sendable {
    var purpose: ThrottlePurpose
    var retryAfterSeconds: Int
    /// The throttle's time when it refused, for the wording of when to come back.
    var now: Date

    var advice: RetryAdvice { RetryAdvice(retryAfterSeconds: retryAfterSeconds, now: now) }
}

extension Request {
    /// The client's address, believing X-Forwarded-For only as far as TRUSTED_PROXIES wrote it; nil when the
    /// connection has no IP address (the in-memory tester, a Unix socket).
    var clientAddress: IPAddress? {
        guard let text = remoteAddress?.ipAddress, let peer = IPAddress(text) else { return nil }
        let trusted = application.appConfig.throttle.trustedProxies
        let forwarded = headers[.xForwardedFor]
        if !forwarded.isEmpty, !trusted.trusts(peer) { UntrustedForwarding.warnOnce(logger) }
        return ClientAddress.resolve(peer: peer, forwardedFor: forwarded, trusted: trusted)
    }

    /// A keyed digest of the client's address (its /64 for IPv6), the same on every instance sharing the data key;
    /// never the address itself. Nil when the address is not known.
    var clientDigest: String? {
        clientAddress.map { application.secretBox.keyedDigest($0.clientKey, purpose: "client address") }
    }

    /// Takes a token for `purpose` from this client's bucket and from each account's (an email address, a mobile
    /// number); throws without taking any when one of them is empty.
    func throttle(_ purpose: ThrottlePurpose, accounts: [String] = []) async throws(ThrottleRefusal) {
        let throttle = application.clientThrottle
        let rules = application.appConfig.throttle.rules(for: purpose)
        var demands = [
            ClientThrottle.Demand(
                key: .init(purpose: purpose, value: "address:" + (clientAddress?.clientKey ?? "unknown")), rule: rules.address)
        ]
        if let rule = rules.account {
            let names = Set(accounts.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
            // held as digests, so that no email address or phone number sits in memory in the clear
            demands += names.sorted().map { .init(key: .init(purpose: purpose, value: "account:" + SecretToken.digest($0)), rule: rule) }
        }
        guard case .retryAfter(let seconds) = await throttle.take(demands) else { return }
        application.metricsRegistry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "throttle_refusals_total", helpText: "Forms refused because one client sent too many"),
            labels: [("purpose", purpose.rawValue)]
        ).increment()
        logger.notice("Throttled a form", metadata: ["purpose": "\(purpose.rawValue)", "retry_after": "\(seconds)"])
        throw ThrottleRefusal(purpose: purpose, retryAfterSeconds: seconds, now: throttle.clock())
    }

    /// Nil when this client may go on; otherwise the 429 answer to send (a page, or problem+json under /api).
    func throttled(_ purpose: ThrottlePurpose, account: String? = nil) async -> Response? {
        do {
            try await throttle(purpose, accounts: account.map { [$0] } ?? [])
            return nil
        } catch {
            return error.response(for: self)
        }
    }
}

/// A proxy left out of TRUSTED_PROXIES makes every patient behind it one client, sharing one allowance: said once.
enum UntrustedForwarding {
    private static let warned = NIOLockedValueBox(false)

    static func warnOnce(_ logger: Logger) {
        guard
            warned.withLockedValue({ seen in
                defer { seen = true }; return !seen
            })
        else { return }
        logger.warning(
            "A request carried X-Forwarded-For from a peer that is not in TRUSTED_PROXIES, so the header was ignored. If this server is behind a load balancer or reverse proxy, list it in TRUSTED_PROXIES: otherwise everyone behind it counts as one client and shares one allowance of requests and sign-ins."
        )
    }
}
