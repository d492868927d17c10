import Domain
import Foundation
import Testing

@Suite struct APITokenRefusalTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aLiveTokenWithAnEngagedMakerPasses() {
        // MUT / validate
        #expect(APITokenRefusal.standing(expiresAt: now.addingTimeInterval(1), now: now, makerEngaged: true, organisation: "Riverside Surgery") == nil)
    }

    @Test func expiryComesBeforeTheMakersEngagement() {
        // MUT
        let atTheMoment = APITokenRefusal.standing(expiresAt: now, now: now, makerEngaged: true, organisation: "Riverside Surgery")
        let both = APITokenRefusal.standing(expiresAt: now.addingTimeInterval(-60), now: now, makerEngaged: false, organisation: "Riverside Surgery")
        // validate
        #expect(atTheMoment == .expired(at: now))
        #expect(both == .expired(at: now.addingTimeInterval(-60)))
    }

    @Test func aMakerNoLongerEngagedEndsTheToken() {
        // MUT
        let refusal = APITokenRefusal.standing(expiresAt: now.addingTimeInterval(3600), now: now, makerEngaged: false, organisation: "Riverside Surgery")
        // validate
        #expect(refusal == .makerNoLongerEngaged(organisation: "Riverside Surgery"))
        #expect(refusal?.status == 401)
        #expect(refusal?.message.contains("no active engagement at Riverside Surgery") == true)
        #expect(refusal?.message.contains("make a new one") == true)
    }

    @Test func statusesAndMessagesSayWhatToDo() throws {
        // setup
        let expiresAt = try #require(ISO8601DateFormatter().date(from: "2027-03-06T15:04:00Z"))
        let expired = APITokenRefusal.expired(at: expiresAt)
        let outside = APITokenRefusal.areaNotInScope(.estate, granted: [.requests, .organisations])
        let readOnly = APITokenRefusal.readOnly(method: "PATCH")
        // validate
        #expect(expired.status == 401)
        #expect(expired.message.contains("expired at 15:04 on 6 March 2027 (UK time)"))
        #expect(expired.message.contains("make a new one"))
        #expect(outside.status == 403)
        #expect(outside.message.hasPrefix("This API token may not use Digital estate. It may use Organisations and staff and Remote assessment requests."))
        #expect(readOnly.status == 403)
        #expect(readOnly.message.contains("read only, and PATCH changes records"))
    }
}
