import Domain
import Foundation
import Testing

@Suite struct APITokenLifetimeTests {
    func date(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }

    @Test func ninetyDaysUnlessChosenOtherwise() {
        // validate
        #expect(APITokenLifetime.defaultDays == 90)
        #expect(APITokenLifetime.standard.days == 90)
        #expect(APITokenLifetime.allowedDays == 1...365)
    }

    @Test(arguments: [(-1, false), (0, false), (1, true), (2, true), (90, true), (364, true), (365, true), (366, false), (Int.max, false), (Int.min, false)])
    func daysFromOneToThreeHundredSixtyFive(_ days: Int, _ allowed: Bool) {
        // MUT / validate
        if allowed {
            #expect((try? APITokenLifetime(days: days))?.days == days)
        } else {
            #expect(throws: APITokenLifetimeError.outOfRange) { try APITokenLifetime(days: days) }
        }
    }

    @Test(arguments: [
        ("90", 90), (" 30 ", 30), ("1", 1), ("365", 365), ("007", 7),
    ])
    func theFieldReadsWholeDays(_ text: String, _ days: Int) throws {
        // MUT / validate
        #expect(try APITokenLifetime(text: text).days == days)
    }

    @Test(arguments: [
        (nil, APITokenLifetimeError.missing), ("", .missing), ("   ", .missing),
        ("ninety", .notAWholeNumber), ("9O", .notAWholeNumber), ("1.5", .notAWholeNumber), ("-1", .notAWholeNumber),
        ("+5", .notAWholeNumber), ("1e2", .notAWholeNumber), ("٩٠", .notAWholeNumber), ("99999999999999999999", .notAWholeNumber),
        ("0", .outOfRange), ("366", .outOfRange), ("000000", .outOfRange),
    ] as [(String?, APITokenLifetimeError)])
    func badFieldsSayWhatToEnter(_ text: String?, _ error: APITokenLifetimeError) {
        // MUT / validate
        #expect(throws: error) { try APITokenLifetime(text: text) }
        #expect(error.message.contains("from 1 to 365"))
    }

    @Test func expiryKeepsTheTimeOfDayAcrossTheClockChange() throws {
        // setup: made in GMT, expiring in BST (clocks go forward on 29 March 2026)
        let made = try date("2026-01-05T09:30:00Z")
        // MUT
        let expiry = APITokenLifetime.standard.expiry(from: made)
        // validate: 09:30 UK time on 5 April is 08:30 UTC
        #expect(expiry == (try date("2026-04-05T08:30:00Z")))
        #expect(try APITokenLifetime(days: 1).expiry(from: made) == (try date("2026-01-06T09:30:00Z")))
        #expect(try APITokenLifetime(days: 365).expiry(from: made) == (try date("2027-01-05T09:30:00Z")))
    }

    @Test func theStatusSaysWhenItExpiresOrExpired() throws {
        // setup
        let expiresAt = try date("2027-03-06T15:04:00Z")
        let expiry = APITokenExpiry(expiresAt)
        // MUT / validate: it works up to, not at, the moment
        #expect(expiry.status(at: expiresAt.addingTimeInterval(-1)) == "Expires 6 March 2027")
        #expect(!expiry.hasExpired(at: expiresAt.addingTimeInterval(-1)))
        #expect(expiry.hasExpired(at: expiresAt))
        #expect(expiry.status(at: expiresAt) == "Expired 6 March 2027")
        #expect(expiry.status(at: expiresAt.addingTimeInterval(86_400 * 400)) == "Expired 6 March 2027")
        #expect(expiry.momentText == "15:04 on 6 March 2027 (UK time)")
        #expect(APITokenExpiry(try date("2027-07-06T23:30:00Z")).momentText == "00:30 on 7 July 2027 (UK time)")
    }
}
