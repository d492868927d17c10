import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Booking a video consultation from a request, a guest, switching to phone, and the outcome flowing into the request.
@Suite struct VideoBookingTests {
    static func today() -> String { CalendarDay(Date()).iso }

    @Test func aReceptionistBooksTheGPAndThePatientGetsALinkThatIsNotStored() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            // MUT
            let response = try await manager.post(
                SiteURL.requestVideo(id: world.requestA).path,
                form: ["clinician": world.gpA.id.uuidString, "date": Self.today(), "time": "23:59", "channel": "sms"])
            // validate
            #expect(response.status == .seeOther, "\(response.body.string)")
            let booked = try await VideoConsultation.query(on: app.db).filter(\.$requestID == world.requestA).filter(\.$id != world.videoA)
                .all()
            #expect(booked.count == 1 && booked.first?.clinicianID == world.gpA.id)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(request.status == TriageStatus.booked && request.bookingMode == BookingMode.video)
            let message = try #require(try await PatientMessage.query(on: app.db).filter(\.$request.$id == world.requestA).first())
            #expect(message.body.contains("/video/") && message.body.contains("not recorded"))
            #expect(booked.first?.patientDateOfBirth == CalendarDay(year: 1970, month: 1, day: 31), "the link asks the request's date of birth")
            let links = try await VideoLink.query(on: app.db).filter(\.$consultationID == booked[0].requireID()).all()
            #expect(links.count == 1 && links[0].participant == "patient")
            #expect(!message.body.contains(links[0].tokenDigest), "the database keeps only the token's digest")
        }
    }

    @Test func aBadBookingSaysWhatToFixAndBooksNothing() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            let before = try await VideoConsultation.query(on: app.db).count()
            // MUT
            let response = try await manager.post(
                SiteURL.requestVideo(id: world.requestA).path,
                form: ["clinician": world.managerA.id.uuidString, "date": "tomorrow", "time": "2pm"])
            // validate
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Choose the clinician who will see the patient"))
            #expect(response.body.string.contains("Enter the day as 2026-11-26 and the time as 14:30"))
            #expect(try await VideoConsultation.query(on: app.db).count() == before)
        }
    }

    @Test func theOutcomeClosesTheRequestAndIsWrittenBack() async throws {
        try await withTestApp { app in
            // setup: the patient is in the call
            let world = try await TestWorld.make(on: app)
            try await VideoConsultation.query(on: app.db).filter(\.$id == world.videoA).set(\.$state, to: .inCall).update()
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            // MUT
            let ended = try await gp.post(SiteURL.consultationEnd(id: world.videoA).path, form: ["outcome": "prescriptionIssued"])
            // validate
            #expect(ended.status == .seeOther)
            #expect(try await VideoConsultation.find(world.videoA, on: app.db)?.state.rawValue == "ended")
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(request.status == TriageStatus.closed && request.outcome == Outcome.prescriptionIssued)
            let summary = try await gp.get(SiteURL.requestSummary(id: world.requestA).path)
            #expect(summary.status == .ok)
            // an ended consultation cannot end again, and its link no longer opens
            #expect(try await gp.post(SiteURL.consultationEnd(id: world.videoA).path, form: ["outcome": "adviceGiven"]).status == .conflict)
            var patient = TestBrowser(app)
            #expect(try await patient.get(SiteURL.videoJoin(token: world.videoTokenA).path).status == .gone)
        }
    }

    @Test func switchingToPhoneKeepsTheRequestBookedByPhoneAndOneGuestAtATime() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            // MUT: a guest, then a second guest, then the switch to phone
            let guest = try await gp.post(SiteURL.consultationGuests(id: world.videoA).path, form: ["label": "Interpreter (Polish)"])
            let second = try await gp.post(SiteURL.consultationGuests(id: world.videoA).path, form: ["label": "Carer"])
            let phone = try await gp.post(SiteURL.consultationPhone(id: world.videoA).path, form: ["phone": "07700 900123"])
            // validate
            #expect(guest.status == .ok && guest.body.string.contains("id=\"guest-link\""))
            #expect(second.status == .unprocessableEntity && second.body.string.contains("already has a guest"))
            #expect(phone.status == .seeOther)
            let consultation = try #require(try await VideoConsultation.find(world.videoA, on: app.db))
            #expect(
                consultation.state.rawValue == "ended" && consultation.outcome?.rawValue == "switchedToPhone" && consultation.phoneNumber == "07700 900123")
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(request.status == TriageStatus.booked && request.bookingMode == BookingMode.phone)
            // another practice's manager cannot open the call
            var other = try await TestBrowser.signedIn(app, personID: world.managerB.id)
            #expect([.forbidden, .notFound].contains(try await other.get(SiteURL.consultationCall(id: world.videoA).path).status))
        }
    }
}

/// Booking without an online request, from the video consultations page.
@Suite struct VideoStandaloneBookingTests {
    @Test func aPatientWithoutARequestIsBookedAndTheListShowsIt() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            // MUT
            let booked = try await manager.post(
                SiteURL.videoConsultations.path,
                form: [
                    "patientName": "Nadia <b>Walk-in</b>", "mobile": "07700 900123", "channel": "sms", "clinician": world.gpA.id.uuidString,
                    "date": CalendarDay(Date()).iso, "time": "23:58", "dobDay": "2", "dobMonth": "7", "dobYear": "1990",
                ])
            // validate: stored with the normalised number, the link shown once in the demo, the name shown as text
            #expect(booked.status == .ok, "\(booked.body.string)")
            let consultation = try #require(try await VideoConsultation.query(on: app.db).filter(\.$requestID == nil).first())
            #expect(consultation.inviteRecipient == "+447700900123" && consultation.inviteStatus == "delivered")
            #expect(consultation.patientDateOfBirth == CalendarDay(year: 1990, month: 7, day: 2), "the patient's link asks it")
            #expect(booked.body.string.contains("id=\"patient-link\"") && booked.body.string.contains("/video/"))
            #expect(booked.body.string.contains("Nadia &lt;b&gt;Walk-in&lt;/b&gt;"))
            #expect(try await VideoLink.query(on: app.db).filter(\.$consultationID == consultation.requireID()).count() == 1)
        }
    }

    @Test func aBadStandaloneBookingSaysWhatToFixAndStoresNothing() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            let before = try await VideoConsultation.query(on: app.db).count()
            // MUT
            let response = try await manager.post(
                SiteURL.videoConsultations.path, form: ["patientName": "", "mobile": "12345", "channel": "sms"])
            // validate
            #expect(response.status == .unprocessableEntity)
            for message in [
                "Enter the patient's name", "Enter the patient's date of birth", "Enter a UK mobile number", "Choose the clinician who will see the patient",
            ] {
                #expect(response.body.string.contains(message), "missing: \(message)")
            }
            #expect(try await VideoConsultation.query(on: app.db).count() == before)
        }
    }
}
