import Domain
import Foundation
import Testing

@Suite struct TOTPTests {
    static let sha1Seed = Array("12345678901234567890".utf8)
    static let sha256Seed = Array("12345678901234567890123456789012".utf8)
    static let sha512Seed = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    /// RFC 6238 appendix B: time, algorithm, 8-digit code.
    static let rfc6238: [(TimeInterval, OTPAlgorithm, String)] = [
        (59, .sha1, "94287082"), (59, .sha256, "46119246"), (59, .sha512, "90693936"),
        (1_111_111_109, .sha1, "07081804"), (1_111_111_109, .sha256, "68084774"), (1_111_111_109, .sha512, "25091201"),
        (1_111_111_111, .sha1, "14050471"), (1_111_111_111, .sha256, "67062674"), (1_111_111_111, .sha512, "99943326"),
        (1_234_567_890, .sha1, "89005924"), (1_234_567_890, .sha256, "91819424"), (1_234_567_890, .sha512, "93441116"),
        (2_000_000_000, .sha1, "69279037"), (2_000_000_000, .sha256, "90698825"), (2_000_000_000, .sha512, "38618901"),
        (20_000_000_000, .sha1, "65353130"), (20_000_000_000, .sha256, "77737706"), (20_000_000_000, .sha512, "47863826"),
    ]

    static func seed(for algorithm: OTPAlgorithm) -> [UInt8] {
        switch algorithm {
        case .sha1: sha1Seed
        case .sha256: sha256Seed
        case .sha512: sha512Seed
        }
    }

    @Test(arguments: rfc6238)
    func matchesRFC6238Vectors(time: TimeInterval, algorithm: OTPAlgorithm, expected: String) {
        // setup
        let totp = TOTP(secret: Self.seed(for: algorithm), digits: 8, period: 30, algorithm: algorithm)
        // MUT
        let code = totp.code(at: Date(timeIntervalSince1970: time))
        // validate
        #expect(code == expected)
    }

    @Test func countersOfRFC6238Times() {
        let totp = TOTP(secret: Self.sha1Seed)
        #expect(totp.counter(at: Date(timeIntervalSince1970: 59)) == 1)
        #expect(totp.counter(at: Date(timeIntervalSince1970: 1_111_111_109)) == 0x023523EC)
        #expect(totp.counter(at: Date(timeIntervalSince1970: 1_234_567_890)) == 0x0273EF07)
        #expect(totp.counter(at: Date(timeIntervalSince1970: 20_000_000_000)) == 0x27BC86AA)
        #expect(totp.counter(at: Date(timeIntervalSince1970: -100)) == 0)
    }

    @Test(arguments: Array(["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"].enumerated()))
    func matchesRFC4226HOTPVectors(counter: Int, expected: String) {
        let hotp = TOTP(secret: Self.sha1Seed)
        #expect(hotp.code(counter: UInt64(counter)) == expected)
    }

    @Test func zeroPadsShortCodes() {
        // setup: RFC 6238's 07081804 has a leading zero; its last six digits are 081804
        let totp = TOTP(secret: Self.sha1Seed, digits: 6)
        // MUT
        let code = totp.code(at: Date(timeIntervalSince1970: 1_111_111_109))
        // validate
        #expect(code == "081804")
    }

    @Test func acceptsCurrentCodeWithSpaces() {
        // setup
        let totp = TOTP(secret: Self.sha1Seed)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let code = totp.code(at: now)
        let spaced = "\(code.prefix(3)) \(code.suffix(3))"
        // MUT
        let accepted = totp.acceptedCounter(for: spaced, at: now, lastUsedCounter: nil)
        // validate
        #expect(accepted == totp.counter(at: now))
    }

    @Test func refusesReplayOfTheSameCode() {
        // setup
        let totp = TOTP(secret: Self.sha1Seed)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let code = totp.code(at: now)
        // MUT
        let first = totp.acceptedCounter(for: code, at: now, lastUsedCounter: nil)
        let second = totp.acceptedCounter(for: code, at: now.addingTimeInterval(5), lastUsedCounter: first)
        // validate
        #expect(first != nil)
        #expect(second == nil)
    }

    @Test func refusesAnEarlierCodeAfterALaterOneWasUsed() {
        // setup
        let totp = TOTP(secret: Self.sha1Seed)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = totp.counter(at: now)
        // MUT
        let previous = totp.acceptedCounter(for: totp.code(counter: step - 1), at: now, lastUsedCounter: step)
        let next = totp.acceptedCounter(for: totp.code(counter: step + 1), at: now, lastUsedCounter: step)
        // validate
        #expect(previous == nil)
        #expect(next == step + 1)
    }

    @Test func windowEdges() {
        // setup
        let totp = TOTP(secret: Self.sha1Seed)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = totp.counter(at: now)
        func accepted(_ counter: UInt64, window: Int = 1) -> UInt64? {
            totp.acceptedCounter(for: totp.code(counter: counter), at: now, window: window, lastUsedCounter: nil)
        }
        // MUT + validate
        #expect(accepted(step - 1) == step - 1)
        #expect(accepted(step + 1) == step + 1)
        #expect(accepted(step - 2) == nil)
        #expect(accepted(step + 2) == nil)
        #expect(accepted(step - 1, window: 0) == nil)
        #expect(accepted(step, window: 0) == step)
        #expect(accepted(step - 2, window: 2) == step - 2)
    }

    @Test func windowAtTheStartOfTime() {
        let totp = TOTP(secret: Self.sha1Seed)
        let epoch = Date(timeIntervalSince1970: 10)
        #expect(totp.acceptedCounter(for: totp.code(counter: 0), at: epoch, lastUsedCounter: nil) == 0)
        #expect(totp.acceptedCounter(for: totp.code(counter: 1), at: epoch, lastUsedCounter: nil) == 1)
    }

    @Test func refusesMalformedCodes() {
        let totp = TOTP(secret: Self.sha1Seed)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let code = totp.code(at: now)
        #expect(totp.acceptedCounter(for: "", at: now, lastUsedCounter: nil) == nil)
        #expect(totp.acceptedCounter(for: String(code.dropLast()), at: now, lastUsedCounter: nil) == nil)
        #expect(totp.acceptedCounter(for: code + "0", at: now, lastUsedCounter: nil) == nil)
        #expect(totp.acceptedCounter(for: "abcdef", at: now, lastUsedCounter: nil) == nil)
        #expect(totp.acceptedCounter(for: "-\(code.dropFirst())", at: now, lastUsedCounter: nil) == nil)
    }

    @Test func provisioningURIIsPercentEncoded() {
        // setup
        let totp = TOTP(secret: Self.sha1Seed)
        // MUT
        let uri = totp.provisioningURI(
            issuer: "Surgery Anywhere", account: "dr.jones@nhs.net", base32Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        // validate
        #expect(
            uri == "otpauth://totp/Surgery%20Anywhere:dr.jones%40nhs.net?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Surgery%20Anywhere&algorithm=SHA1&digits=6&period=30")
        #expect(URL(string: uri) != nil)
    }

    @Test func provisioningURINamesOtherSettings() {
        let totp = TOTP(secret: Self.sha256Seed, digits: 8, period: 60, algorithm: .sha256)
        let uri = totp.provisioningURI(issuer: "A&B", account: "x:y", base32Secret: "ABC")
        #expect(uri == "otpauth://totp/A%26B:x%3Ay?secret=ABC&issuer=A%26B&algorithm=SHA256&digits=8&period=60")
    }

    @Test func randomSecretsAreTwentyBytesAndDiffer() {
        let first = TOTP.randomSecret()
        let second = TOTP.randomSecret()
        #expect(first.count == 20)
        #expect(second.count == 20)
        #expect(first != second)
    }

    @Test func randomSecretRoundTripsThroughBase32() throws {
        // setup
        let secret = TOTP.randomSecret()
        let now = Date()
        // MUT
        let decoded = try #require(Base32.decode(Base32.encode(secret)))
        // validate
        #expect(TOTP(secret: decoded).code(at: now) == TOTP(secret: secret).code(at: now))
    }
}
