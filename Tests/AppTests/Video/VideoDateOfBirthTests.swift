import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The patient's video link asks their date of birth before anything, like a reply link; three wrong dates lock it.
@Suite struct VideoDateOfBirthTests {
    /// Gives the fixture's consultation the patient's date of birth (31 1 1970), as every booking now does.
    static func withDateOfBirth(_ app: Application, _ world: TestWorld) async throws -> String {
        try await VideoConsultation.query(on: app.db).filter(\.$id == world.videoA)
            .set(\.$patientDateOfBirth, to: CalendarDay(year: 1970, month: 1, day: 31)).update()
        return SiteURL.videoJoin(token: world.videoTokenA).path
    }

    @Test func theRightDateOfBirthOpensTheCallAndTheSignalsWaitForIt() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let link = try await Self.withDateOfBirth(app, world)
            var patient = TestBrowser(app)
            // MUT
            let first = try await patient.get(link)
            let iceBefore = try await patient.get(SiteURL.videoICE(token: world.videoTokenA).path)
            let right = try await patient.post(SiteURL.videoVerify(token: world.videoTokenA).path, form: ["dobDay": "31", "dobMonth": "1", "dobYear": "1970"])
            let call = try await patient.get(link)
            let iceAfter = try await patient.get(SiteURL.videoICE(token: world.videoTokenA).path)
            // validate
            #expect(first.status == .ok && first.body.string.contains("first enter your date of birth"))
            #expect(!first.body.string.contains("video-call"), "nothing of the call before the date of birth")
            #expect(iceBefore.status == .forbidden)
            #expect(right.status == .seeOther)
            #expect(call.status == .ok && call.body.string.contains("id=\"video-call\""))
            #expect(iceAfter.status == .ok)
            var other = TestBrowser(app)
            let forwarded = try await other.get(SiteURL.videoICE(token: world.videoTokenA).path)
            #expect(forwarded.status == .forbidden, "another browser with the link alone is not let in")
        }
    }

    @Test func aWrongDateOfBirthSaysSoAndTheThirdLocksTheLink() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let link = try await Self.withDateOfBirth(app, world)
            var patient = TestBrowser(app)
            let verify = SiteURL.videoVerify(token: world.videoTokenA).path
            // MUT
            let first = try await patient.post(verify, form: ["dobDay": "1", "dobMonth": "1", "dobYear": "1971"])
            let second = try await patient.post(verify, form: ["dobDay": "2", "dobMonth": "1", "dobYear": "1971"])
            let third = try await patient.post(verify, form: ["dobDay": "3", "dobMonth": "1", "dobYear": "1971"])
            let right = try await patient.post(verify, form: ["dobDay": "31", "dobMonth": "1", "dobYear": "1970"])
            // validate
            #expect(first.status == .unprocessableEntity && first.body.string.contains("2 tries left"))
            #expect(second.status == .unprocessableEntity && second.body.string.contains("1 try left"))
            #expect(third.status == .gone && third.body.string.contains("locked"))
            #expect(right.status == .gone, "the right date no longer opens a locked link")
            #expect(try await patient.get(link).status == .gone)
        }
    }

    @Test func aGuestsLinkDoesNotAskTheDateOfBirth() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            _ = try await Self.withDateOfBirth(app, world)
            let token = SecretToken.generate()
            try await VideoLink(consultationID: world.videoA, tokenDigest: SecretToken.digest(token), participant: .guest(1), label: "Interpreter", now: Date())
                .create(on: app.db)
            var guest = TestBrowser(app)
            let page = try await guest.get(SiteURL.videoJoin(token: token).path)
            #expect(page.status == .ok && page.body.string.contains("id=\"video-call\""))
        }
    }
}
