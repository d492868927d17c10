import Domain
import Foundation
import Testing

@Suite struct ReplyLinkPolicyTests {
    let policy = ReplyLinkPolicy.standard
    let issued = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func livesSevenDays() {
        #expect(policy.lifetime == 7 * 24 * 3600)
        #expect(policy.state(issuedAt: issued, failures: 0, now: issued) == .open(attemptsLeft: 3))
        #expect(policy.state(issuedAt: issued, failures: 0, now: issued + 7 * 86400 - 1) == .open(attemptsLeft: 3))
        #expect(policy.state(issuedAt: issued, failures: 0, now: issued + 7 * 86400) == .expired)
        #expect(policy.expiresAt(issuedAt: issued) == issued + 604_800)
    }

    @Test func locksOnTheThirdWrongDateOfBirth() {
        #expect(policy.afterWrongAttempt(previousFailures: 0) == .open(attemptsLeft: 2))
        #expect(policy.afterWrongAttempt(previousFailures: 1) == .open(attemptsLeft: 1))
        #expect(policy.afterWrongAttempt(previousFailures: 2) == .locked)
        #expect(policy.afterWrongAttempt(previousFailures: 9) == .locked)
        #expect(policy.state(issuedAt: issued, failures: 3, now: issued) == .locked)
        #expect(policy.state(issuedAt: issued, failures: 2, now: issued) == .open(attemptsLeft: 1))
    }

    @Test func messagesTellThePatientToCall() {
        #expect(ReplyLinkState.open(attemptsLeft: 2).message == nil)
        #expect(ReplyLinkState.locked.message?.contains("Call the practice") == true)
        #expect(ReplyLinkState.expired.message?.contains("Call the practice") == true)
        #expect(ReplyLinkState.expired.message?.contains("7 days") == true)
        #expect(ReplyLinkState.open(attemptsLeft: 1).wrongAttemptMessage.hasSuffix("You have 1 try left."))
        #expect(ReplyLinkState.open(attemptsLeft: 2).wrongAttemptMessage.hasSuffix("You have 2 tries left."))
        #expect(ReplyLinkState.locked.wrongAttemptMessage.contains("locked"))
    }
}
