import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Messages to patients through the outbox, and the patient's reply through its link.
@Suite struct MessagingTests {
    /// Claims request A and sends the "more information" template with a reply link; returns the link's path.
    static func sendReplyLink(_ app: Application, _ world: TestWorld, staff: inout TestBrowser) async throws -> String {
        let template = MessageTemplateRecord(organisationID: world.practiceA, name: "More", body: "Hello ((name)), about ((reference)): please reply at ((reply_link))")
        try await template.create(on: app.db)
        _ = try await staff.post("/consult/requests/\(world.requestA)/claim")
        let sent = try await staff.post("/consult/requests/\(world.requestA)/message", form: ["template": try template.requireID().uuidString, "channel": "sms"])
        #expect(sent.status == .seeOther)
        let message = try #require(try await PatientMessage.query(on: app.db).filter(\.$direction == .outbound).first())
        let link = try #require(message.body.split(separator: " ").first { $0.contains("/reply/") })
        return String(link[link.range(of: "/reply/")!.lowerBound...])
    }

    @Test func theOutboxShowsTheMessageWithAWorkingLink() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            let link = try await Self.sendReplyLink(app, world, staff: &staff)
            let message = try #require(try await PatientMessage.query(on: app.db).first())
            #expect(message.status == PatientMessage.Status.delivered)
            #expect(message.body.contains("Hello Wanda"))
            #expect(message.recipient == "+447700900000")
            let outbox = try await staff.get("/consult/outbox")
            #expect(outbox.body.string.contains("href=\"\(app.appConfig.publicBaseURL)\(link)\""))
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(request.status == .waitingForPatient)
            #expect(try await ReplyLink.query(on: app.db).count() == 2)
        }
    }

    @Test func aReplyNeedsTheDateOfBirthAndThreeWrongTriesLockTheLink() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var patient = TestBrowser(app)
            let link = "/reply/\(world.replyTokenA)"
            let first = try await patient.get(link)
            #expect(first.status == .ok)
            #expect(!first.body.string.contains("Marker-A"), "nothing about the request before the date of birth")
            for attempt in 1...3 {
                let wrong = try await patient.post("\(link)/verify", form: ["dobDay": "1", "dobMonth": "1", "dobYear": "1971"])
                #expect(wrong.status == .unprocessableEntity)
                if attempt < 3 { #expect(wrong.body.string.contains("left")) }
            }
            let right = try await patient.post("\(link)/verify", form: ["dobDay": "31", "dobMonth": "1", "dobYear": "1970"])
            #expect(right.status == .gone)
            #expect(right.body.string.contains("Call the practice"))
            #expect(try await patient.get(link).status == .gone)
        }
    }

    @Test func aPatientRepliesWithAPhotoOnceOnly() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            let link = try await Self.sendReplyLink(app, world, staff: &staff)
            var patient = TestBrowser(app)
            // without the date of birth, the reply form is not even offered
            let early = try await patient.postMultipart("\(link)/send") { $0.field("reply", "sneaky") }
            #expect(early.status == .seeOther)
            #expect(try await PatientMessage.query(on: app.db).filter(\.$direction == .inbound).count() == 0)
            let verified = try await patient.post("\(link)/verify", form: ["dobDay": "31", "dobMonth": "01", "dobYear": "1970"])
            #expect(verified.status == .seeOther)
            let form = try await patient.get(link).body.string
            #expect(form.contains("Your reply"))
            #expect(form.contains("The practice asked"), "the practice's question is repeated above the reply")
            #expect(form.contains(": please reply at [reply link]"), "with its link not shown again")
            let sent = try await patient.postMultipart("\(link)/send") {
                $0.field("reply", "It is worse at night. Photo attached.")
                $0.file("photos[]", filename: "chest.jpg", contentType: "image/jpeg", data: TestImages.jpegWithLocation)
            }
            #expect(sent.status == .ok)
            #expect(sent.body.string.contains("Reply sent"))
            let reply = try #require(try await PatientMessage.query(on: app.db).filter(\.$direction == .inbound).first())
            #expect(reply.body == "It is worse at night. Photo attached.")
            let photos = try await RequestPhoto.query(on: app.db).filter(\.$source == "reply").all()
            #expect(photos.count == 1)
            #expect(!String(decoding: photos[0].bytes, as: UTF8.self).contains("GPSLatitude"))
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(request.status == .inTriage)
            #expect(try await patient.get(link).status == .gone)
            let page = try await staff.get("/consult/requests/\(world.requestA)")
            #expect(page.body.string.contains("It is worse at night."))
            // the record gets no live token
            _ = try await staff.post("/consult/requests/\(world.requestA)/close", form: ["outcome": "adviceGiven"])
            let summary = try await staff.get("/consult/requests/\(world.requestA)/summary.txt").body.string
            #expect(summary.contains("[reply link]"))
            #expect(!summary.contains("/reply/"))
            #expect(!(try await staff.get("/consult/requests/\(world.requestA)/fhir.json").body.string.contains("/reply/")))
        }
    }

    @Test func aMessageToAPatientWithoutThatContactRouteIsRefused() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            request.email = nil
            try await request.save(on: app.db)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            let response = try await staff.post("/consult/requests/\(world.requestA)/message", form: ["channel": "email", "body": "Hello"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("no email address"))
            #expect(try await PatientMessage.query(on: app.db).count() == 0)
        }
    }
}
