import Domain
import Foundation
import Testing

@testable import App

/// The throttle's settings come from the environment once, with plain errors naming the variable.
@Suite struct ThrottleConfigTests {
    @Test func withNothingSetTheDefaultsHold() throws {
        // MUT
        let throttle = try AppConfig.fromEnvironment([:]).throttle
        // validate
        #expect(throttle == ThrottleConfig())
        #expect(throttle.trustedProxies == .none)
        #expect(throttle.requestsPerAddress == TokenBucket.Rule(capacity: 5, refillInterval: 600))
        #expect(throttle.requestsPerContact == TokenBucket.Rule(capacity: 5, refillInterval: 600))
        #expect(throttle.signInPerAddress == TokenBucket.Rule(capacity: 60, refillInterval: 2))
        #expect(throttle.signInPerAccount == TokenBucket.Rule(capacity: 10, refillInterval: 60))
        #expect(throttle.replyChecksPerAddress == TokenBucket.Rule(capacity: 10, refillInterval: 300))
        #expect(throttle.invitationsPerAddress == TokenBucket.Rule(capacity: 10, refillInterval: 300))
        #expect(throttle.floodThreshold == 10)
        #expect(throttle.maximumKeys == 100_000)
    }

    @Test func everyVariableIsRead() throws {
        // MUT
        let throttle = try AppConfig.fromEnvironment([
            "TRUSTED_PROXIES": "10.0.0.0/8, 2001:db8::/32, 192.0.2.10",
            "THROTTLE_REQUESTS_PER_ADDRESS": "3/5m", "THROTTLE_REQUESTS_PER_CONTACT": "2/1h",
            "THROTTLE_SIGN_IN_PER_ADDRESS": "100/1s", "THROTTLE_SIGN_IN_PER_ACCOUNT": "5/30s",
            "THROTTLE_REPLY_CHECKS_PER_ADDRESS": "4/2m", "THROTTLE_INVITATIONS_PER_ADDRESS": "6/3m",
            "FLOOD_THRESHOLD": "25", "THROTTLE_MAX_KEYS": "5000",
        ]).throttle
        // validate
        #expect(throttle.trustedProxies.ranges.map(\.description) == ["10.0.0.0/8", "2001:db8::/32", "192.0.2.10/32"])
        #expect(throttle.rules(for: .patientRequest).address == TokenBucket.Rule(capacity: 3, refillInterval: 300))
        #expect(throttle.rules(for: .patientRequest).account == TokenBucket.Rule(capacity: 2, refillInterval: 3600))
        #expect(throttle.rules(for: .signInPassword).address == TokenBucket.Rule(capacity: 100, refillInterval: 1))
        #expect(throttle.rules(for: .signInCode).account == TokenBucket.Rule(capacity: 5, refillInterval: 30))
        #expect(throttle.rules(for: .replyCheck).address == TokenBucket.Rule(capacity: 4, refillInterval: 120))
        #expect(throttle.rules(for: .replyCheck).account == nil)
        #expect(throttle.rules(for: .invitation).address == TokenBucket.Rule(capacity: 6, refillInterval: 180))
        #expect(throttle.floodThreshold == 25)
        #expect(throttle.maximumKeys == 5_000)
    }

    @Test(arguments: [
        ("TRUSTED_PROXIES", "10.0.0.0/33", "10.0.0.0/33 is not one"),
        ("TRUSTED_PROXIES", "proxy.internal", "proxy.internal is not one"),
        ("THROTTLE_REQUESTS_PER_ADDRESS", "five a minute", "such as 5/10m"),
        ("THROTTLE_SIGN_IN_PER_ACCOUNT", "0/1m", "burst from 1"),
        ("THROTTLE_REPLY_CHECKS_PER_ADDRESS", "5/2d", "such as 5/10m"),
        ("THROTTLE_INVITATIONS_PER_ADDRESS", "5/48h", "from 1s to 24h"),
        ("FLOOD_THRESHOLD", "1", "from 2 to 100000"),
        ("THROTTLE_MAX_KEYS", "ten", "whole number"),
    ])
    func aBadValueIsRefusedNamingItsVariable(variable: String, value: String, explanation: String) {
        do {
            // MUT
            _ = try AppConfig.fromEnvironment([variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch {
            // validate
            #expect(error.variable == variable)
            #expect(error.description.contains(explanation))
        }
    }
}
