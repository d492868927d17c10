import Domain
import Foundation
import Vapor

/// Token buckets per purpose and key (a client address, an account, a mobile number or email address).
///
/// The buckets live in this instance's memory. With several instances behind a load balancer each counts on its own,
/// so a client whose requests are spread over N instances gets up to N times the allowance, and a restart forgets
/// every count. That is accepted: the throttle is there to stop floods, not to meter anyone exactly.
///
/// Memory stays bounded however many distinct keys arrive: a bucket back at full is the same as no bucket and is
/// dropped at the next sweep, and at `maximumKeys` the fullest buckets (the clients nearest to being forgiven anyway)
/// are dropped until a quarter of the room is free.
actor ClientThrottle {
    /// One bucket's name: the purpose and the client, account or contact it counts.
    struct Key: Hashable, Sendable {
        var purpose: ThrottlePurpose
        var value: String
    }

    /// A token wanted from one bucket under one rule.
    struct Demand: Sendable {
        var key: Key
        var rule: TokenBucket.Rule
    }

    /// The time the buckets run on; tests pass a clock they move by hand.
    nonisolated let clock: @Sendable () -> Date
    private let maximumKeys: Int
    private var buckets: [Key: TokenBucket] = [:]
    /// The count of buckets at which the next sweep runs: it doubles with what a sweep leaves, so sweeps stay rare.
    private var sweepAt: Int

    init(maximumKeys: Int, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.maximumKeys = max(maximumKeys, 4)
        self.clock = clock
        self.sweepAt = min(1_024, self.maximumKeys)
    }

    /// Takes a token from every bucket named, or from none: refused when any of them is empty, with the longest wait.
    func take(_ demands: [Demand]) -> TokenBucket.Decision {
        let now = clock()
        var taken: [(Key, TokenBucket)] = []
        var wait = 0
        for demand in demands {
            var bucket = buckets[demand.key] ?? TokenBucket(rule: demand.rule, now: now)
            switch bucket.take(at: now) {
            case .allowed: taken.append((demand.key, bucket))
            case .retryAfter(let seconds): wait = max(wait, seconds)
            }
        }
        if wait > 0 { return .retryAfter(seconds: wait) }
        for (key, bucket) in taken {
            if buckets[key] == nil, buckets.count >= sweepAt { sweep(now: now) }
            buckets[key] = bucket
        }
        return .allowed
    }

    /// How many buckets this instance holds now.
    var trackedKeys: Int { buckets.count }

    /// Drops every full bucket; if that leaves no room, drops the fullest until a quarter of the room is free.
    private func sweep(now: Date) {
        buckets = buckets.filter { !$0.value.isFull(at: now) }
        if buckets.count >= maximumKeys {
            let keep = maximumKeys * 3 / 4
            let emptiestFirst = buckets.map { (key: $0.key, tokens: $0.value.tokens(at: now)) }.sorted { $0.tokens < $1.tokens }
            let kept = Set(emptiestFirst.prefix(keep).map(\.key))
            buckets = buckets.filter { kept.contains($0.key) }
        }
        sweepAt = min(max(buckets.count * 2, 1_024), maximumKeys)
    }
}

extension Application {
    private struct ClientThrottleKey: StorageKey { typealias Value = ClientThrottle }

    /// This instance's throttle of anonymous and sign-in forms.
    var clientThrottle: ClientThrottle {
        get {
            if let throttle = storage[ClientThrottleKey.self] { return throttle }
            let throttle = ClientThrottle(maximumKeys: appConfig.throttle.maximumKeys)
            storage[ClientThrottleKey.self] = throttle
            return throttle
        }
        set { storage[ClientThrottleKey.self] = newValue }
    }
}
