import Domain
import Foundation
import Testing

@Suite struct TURNCredentialsTests {
    let secret = "north-east-turn-secret"
    /// 1 January 2027 00:00:00 UTC.
    let expiry = Date(timeIntervalSince1970: 1_798_761_600)

    @Test func matchesAnIndependentHMAC() {
        // MUT: half a second past the whole second, which the username rounds down
        let credentials = TURNCredentials.make(secret: secret, user: "gp-7f3a9c", expiresAt: expiry.addingTimeInterval(0.5))
        // validate: computed once, outside Swift, with Python's standard library:
        //   base64.b64encode(hmac.new(b"north-east-turn-secret", b"1798761600:gp-7f3a9c", hashlib.sha1).digest())
        #expect(credentials.username == "1798761600:gp-7f3a9c")
        #expect(credentials.password == "nDGuBXPGHyImkGLgFdC/SILCdWc=")
    }

    @Test func validUntilTheExpirySecondEnds() {
        let credentials = TURNCredentials.make(secret: secret, user: "call-1", expiresAt: expiry)
        func valid(at date: Date) -> Bool {
            TURNCredentials.isValid(username: credentials.username, password: credentials.password, secret: secret, now: date)
        }
        #expect(valid(at: expiry.addingTimeInterval(-86_400)))
        #expect(valid(at: expiry))
        #expect(valid(at: expiry.addingTimeInterval(0.999)))
        #expect(!valid(at: expiry.addingTimeInterval(1)))
        #expect(!valid(at: expiry.addingTimeInterval(3600)))
    }

    @Test func refusesAnythingElse() {
        let now = expiry.addingTimeInterval(-60)
        let good = TURNCredentials.make(secret: secret, user: "call-1", expiresAt: expiry)
        #expect(TURNCredentials.isValid(username: good.username, password: good.password, secret: secret, now: now))
        // Another secret, a later expiry written into the username, or another user: the MAC no longer matches.
        #expect(!TURNCredentials.isValid(username: good.username, password: good.password, secret: "other", now: now))
        #expect(!TURNCredentials.isValid(username: "1898761600:call-1", password: good.password, secret: secret, now: now))
        #expect(!TURNCredentials.isValid(username: "1798761600:call-2", password: good.password, secret: secret, now: now))
        // Malformed passwords and usernames.
        #expect(!TURNCredentials.isValid(username: good.username, password: "not base64!", secret: secret, now: now))
        #expect(!TURNCredentials.isValid(username: good.username, password: "", secret: secret, now: now))
        #expect(!TURNCredentials.isValid(username: good.username, password: String(good.password.dropLast(4)), secret: secret, now: now))
        #expect(!TURNCredentials.isValid(username: "call-1", password: good.password, secret: secret, now: now))
        #expect(!TURNCredentials.isValid(username: ":call-1", password: good.password, secret: secret, now: now))
    }

    @Test func readsTheExpiryFromTheUsername() {
        #expect(TURNCredentials.expiry(ofUsername: "1798761600:gp-7f3a9c") == 1_798_761_600)
        #expect(TURNCredentials.expiry(ofUsername: "1798761600:a:b") == 1_798_761_600)
        #expect(TURNCredentials.expiry(ofUsername: "gp:1798761600") == nil)
        #expect(TURNCredentials.expiry(ofUsername: "-5:gp") == nil)
        #expect(TURNCredentials.expiry(ofUsername: "1798761600") == nil)
    }

    @Test func userPartMayHoldAColon() {
        let credentials = TURNCredentials.make(secret: secret, user: "room:42", expiresAt: expiry)
        #expect(credentials.username == "1798761600:room:42")
        #expect(
            TURNCredentials.isValid(
                username: credentials.username, password: credentials.password, secret: secret, now: expiry.addingTimeInterval(-1)))
    }
}
