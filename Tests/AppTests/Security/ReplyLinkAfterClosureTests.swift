import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A reply link stops taking replies when the practice closes the request: a reply there would reach nobody.
@Suite struct ReplyLinkAfterClosureTests {
    @Test func aClosedRequestsLinkSaysSoAndTakesNothing() async throws {
        try await withTestApp { app in
            // setup: the practice closes the request the link belongs to
            let world = try await TestWorld.make(on: app)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            request.status = TriageStatus.closed
            try await request.save(on: app.db)
            var patient = TestBrowser(app)
            // MUT
            let page = try await patient.get(SiteURL.reply(token: world.replyTokenA).path)
            let verify = try await patient.post(
                SiteURL.replyVerify(token: world.replyTokenA).path, form: ["dobDay": "31", "dobMonth": "1", "dobYear": "1970"])
            // validate
            #expect(page.status == .gone && page.body.string.contains("The practice has closed this request"))
            #expect(verify.status == .gone)
            #expect(verify.headers[.setCookie].allSatisfy { !$0.hasPrefix(PatientReplyController.unlockCookie) })
            #expect(try await PatientMessage.query(on: app.db).count() == 0)
        }
    }
}
