import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Who the patient is, on the staff side: links by text wait for a confirmed mobile number, and the patient is
/// "identity not verified" until staff confirm them against the record, with the directory's match beside the button.
@Suite struct PatientIdentityAppTests {
    /// Request A as it would be had the patient not entered the code.
    static func unconfirmMobile(_ app: Application, _ world: TestWorld) async throws {
        try await TriageRequest.query(on: app.db).filter(\.$id == world.requestA).set(\.$mobileVerifiedAt, to: nil).update()
    }

    static func template(_ app: Application, _ world: TestWorld) async throws -> String {
        let template = MessageTemplateRecord(organisationID: world.practiceA, name: "More", body: "Hello ((name)), please reply at ((reply_link))")
        try await template.create(on: app.db)
        return try template.requireID().uuidString
    }

    @Test func aReplyLinkByTextToAnUnconfirmedMobileIsRefusedAndEmailStillWorks() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            try await Self.unconfirmMobile(app, world)
            let template = try await Self.template(app, world)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            _ = try await gp.post("/consult/requests/\(world.requestA)/claim")
            let links = try await ReplyLink.query(on: app.db).count()
            // MUT
            let bySMS = try await gp.post("/consult/requests/\(world.requestA)/message", form: ["template": template, "channel": "sms"])
            let byEmail = try await gp.post("/consult/requests/\(world.requestA)/message", form: ["template": template, "channel": "email"])
            // validate
            #expect(bySMS.status == .unprocessableEntity)
            #expect(bySMS.body.string.contains("mobile number is not confirmed") && bySMS.body.string.contains("Send it by email"))
            #expect(byEmail.status == .seeOther)
            let sent = try await PatientMessage.query(on: app.db).filter(\.$request.$id == world.requestA).all()
            #expect(sent.map(\.channel) == [.email], "nothing went by text")
            #expect(try await ReplyLink.query(on: app.db).count() == links + 1, "no link was made for the refused text")
        }
    }

    @Test func aVideoLinkByTextToAnUnconfirmedMobileIsRefusedUntilStaffConfirmTheNumberByPhone() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            try await Self.unconfirmMobile(app, world)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            let form = ["clinician": world.gpA.id.uuidString, "date": CalendarDay(Date()).iso, "time": "23:59", "channel": "sms"]
            let before = try await VideoConsultation.query(on: app.db).count()
            // MUT
            let refused = try await manager.post(SiteURL.requestVideo(id: world.requestA).path, form: form)
            let confirmed = try await manager.post(TriageAction.confirmMobile.url(world.requestA).path)
            let booked = try await manager.post(SiteURL.requestVideo(id: world.requestA).path, form: form)
            // validate
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("the video link cannot go to it by text"))
            #expect(confirmed.status == .seeOther)
            #expect(booked.status == .seeOther)
            #expect(try await VideoConsultation.query(on: app.db).count() == before + 1)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(request.mobileVerifiedByID == world.managerA.id && request.mobileVerifiedAt != nil)
            let audit = try #require(
                try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.mobileVerified.rawValue).first())
            #expect(audit.actorID == world.managerA.id.uuidString && audit.detail.contains("by phone"))
            let page = try await manager.get(SiteURL.triageRequest(id: world.requestA).path)
            #expect(page.body.string.contains("Mobile number confirmed by Mary Manager-A on the phone"))
        }
    }

    @Test func staffConfirmThePatientAgainstTheRecordBesideTheDirectorysMatch() async throws {
        try await withTestApp { app in
            // setup: the directory knows request A's patient, with another postcode
            let world = try await TestWorld.make(on: app)
            try await TriageRequest.query(on: app.db).filter(\.$id == world.requestA).set(\.$postcode, to: Postcode("LS1 4AP")).update()
            app.patientDirectory = DemoPatientDirectory(patients: [
                DirectoryPatient(
                    nhsNumber: try NHSNumber("9990000018"), givenName: "Wanda", familyName: "Marker-A Patient",
                    dateOfBirth: CalendarDay(year: 1970, month: 1, day: 31)!, postcode: Postcode("LS6 2QX"), sex: .female)
            ])
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            let queueBefore = try await gp.get(SiteURL.consult.path)
            let before = try await gp.get(SiteURL.triageRequest(id: world.requestA).path)
            // MUT
            let confirmed = try await gp.post(TriageAction.confirmIdentity.url(world.requestA).path)
            let again = try await gp.post(TriageAction.confirmIdentity.url(world.requestA).path)
            // validate
            #expect(queueBefore.body.string.contains("Identity not verified"))
            #expect(before.body.string.contains("Identity not verified") && before.body.string.contains("Demo patient directory says"))
            #expect(before.body.string.contains("999 000 0018") && before.body.string.contains("Differs from what the patient gave: postcode"))
            #expect(confirmed.status == .seeOther)
            #expect(again.status == .unprocessableEntity)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(request.identityConfirmedByID == world.gpA.id && request.identityConfirmedAt != nil)
            let audits = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.identityConfirmed.rawValue).all()
            #expect(audits.count == 1 && audits.first?.actorID == world.gpA.id.uuidString)
            let after = try await gp.get(SiteURL.triageRequest(id: world.requestA).path)
            #expect(after.body.string.contains("Identity confirmed") && after.body.string.contains("by \(TestWorld.markerA),"))
            #expect(!after.body.string.contains("Confirm identity against the record"))
            let queueAfter = try await gp.get(SiteURL.consult.path)
            #expect(!queueAfter.body.string.contains("Identity not verified"))
        }
    }

    @Test func withNoDirectoryStaffAreToldToCheckTheClinicalSystem() async throws {
        var config = TestDatabase.config()
        config.patientDirectory = .none
        try await withTestApp(config: config) { app in
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            let page = try await gp.get(SiteURL.triageRequest(id: world.requestA).path)
            #expect(page.body.string.contains("No patient directory is connected: check the patient in the clinical system."))
            #expect(page.body.string.contains("Confirm identity against the record"))
        }
    }

    @Test func theDefaultTemplatesHoldNoClinicalDetailAndTypedTextIsWarned() async throws {
        // validate: the templates a practice starts with say who, where and how to reply, nothing clinical
        let allowed: Set<String> = ["name", "practice", "reference", "reply_link"]
        let clinical = ["rash", "pain", "result", "prescription", "medic", "self-care", "symptom", "diagnos", "infection", "blood", "fit note"]
        for (name, body) in ConsultDemoData.templates {
            #expect(Set(MessageTemplate.placeholders(in: body).map { $0.lowercased() }).isSubset(of: allowed), "\(name)")
            for word in clinical { #expect(!body.lowercased().contains(word), "\(name) says \(word)") }
        }
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            _ = try await gp.post("/consult/requests/\(world.requestA)/claim")
            let page = try await gp.get(SiteURL.triageRequest(id: world.requestA).path)
            #expect(page.body.string.contains("data-testid=\"lock-screen-warning\""))
            #expect(page.body.string.contains("may appear on the patient&#39;s phone while it is locked")
                || page.body.string.contains("may appear on the patient's phone while it is locked"))
        }
    }
}
