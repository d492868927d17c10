import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Patients' NHS login on the online request, against the same real third-party provider: P9 fills the request with
/// the NHS number, name and date of birth NHS login holds and marks it identity-verified; P5 may send a request, marked
/// not verified; a request about someone else is never verified by the sender's login.
@Suite(.serialized) struct NHSLoginRequestTests {
    static let start = SiteURL.requestStart(ods: TestWorld.codeA).path

    /// A P9 person: NHS login's userinfo carries their NHS number, name and date of birth.
    static func addP9(_ provider: TestIdentityProvider) async throws {
        try await provider.addUser(
            sub: "nhs-login-p9", name: "Wanda Verified", idTokenClaims: ["vot": "P9.Cp.Cd"],
            userinfo: ["nhs_number": "9990000026", "given_name": "Wanda", "family_name": "Verified", "birthdate": "1971-02-03"])
    }

    /// Signs the patient in through the practice's page and the provider; returns the app's answer to the provider.
    static func signIn(_ patient: inout TestBrowser, _ provider: TestIdentityProvider, as sub: String) async throws -> TestingHTTPResponse {
        let offer = try await patient.get(start)
        #expect(offer.body.string.contains("Sign in with NHS login"))
        let started = try await patient.get(SiteURL.nhsLoginStart(ods: TestWorld.codeA).path)
        #expect(started.status == .seeOther && started.location.contains("vtr="), "\(started.location)")
        return try await patient.get(try await provider.signIn(at: started.location, as: sub))
    }

    @Test func aP9PatientsRequestCarriesTheirVerifiedDetailsAndIsMarkedVerified() async throws {
        try await withCIS2App { app, provider, _ in
            // setup
            _ = try await TestWorld.make(on: app)
            try await Self.addP9(provider)
            var patient = TestBrowser(app)
            let back = try await Self.signIn(&patient, provider, as: "nhs-login-p9")
            #expect(back.status == .seeOther && back.location == Self.start, "\(back.body.string)")
            #expect(try await patient.get(Self.start).body.string.contains("signed in with NHS login as Wanda Verified"))
            // MUT: the form as typed says someone else; NHS login's details win
            let sent = try await patient.postMultipart(MobileCheckTests.send) { PatientFormFill(screenedBy: app).apply(&$0) }
            // validate
            #expect(sent.status == .seeOther, "\(sent.body.string)")
            let request = try #require(try await TriageRequest.query(on: app.db).filter(\.$familyName == "Verified").first())
            #expect(request.givenName == "Wanda" && request.familyName == "Verified", "\(request.givenName) \(request.familyName) \(request.dateOfBirth) \(request.nhsNumber ?? "-")")
            #expect(request.dateOfBirth == CalendarDay("1971-02-03") && request.nhsNumber == "9990000026")
            #expect(request.identityConfirmedAt != nil && request.identityVerifiedBy == "NHS login (P9)")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.patientSignedInNHSLogin.rawValue).first()?.detail == "P9")
        }
    }

    @Test func aP5PatientMaySendButIsNotVerified() async throws {
        try await withCIS2App { app, provider, _ in
            // setup
            _ = try await TestWorld.make(on: app)
            try await provider.addUser(sub: "nhs-login-p5", name: "Pat Example", idTokenClaims: ["vot": "P5.Cp.Cd"])
            var patient = TestBrowser(app)
            #expect(try await Self.signIn(&patient, provider, as: "nhs-login-p5").status == .seeOther)
            #expect(try await patient.get(Self.start).body.string.contains("has not checked your identity fully (P5)"))
            // MUT
            let sent = try await patient.postMultipart(MobileCheckTests.send) { PatientFormFill(screenedBy: app).apply(&$0) }
            // validate: stored as typed, not verified
            #expect(sent.status == .seeOther, "\(sent.body.string)")
            let request = try #require(try await TriageRequest.query(on: app.db).filter(\.$givenName == "Pat").first())
            #expect(request.identityConfirmedAt == nil && request.identityVerifiedBy == nil)
            #expect(request.nhsNumber == "9990000018")
        }
    }

    @Test func aP9LoginDoesNotVerifyARequestAboutSomeoneElse() async throws {
        try await withCIS2App { app, provider, _ in
            // setup
            _ = try await TestWorld.make(on: app)
            try await Self.addP9(provider)
            var patient = TestBrowser(app)
            #expect(try await Self.signIn(&patient, provider, as: "nhs-login-p9").status == .seeOther)
            var fill = PatientFormFill(screenedBy: app)
            fill.fields["subject"] = "child"
            fill.fields["givenName"] = "Kit"
            // MUT
            let sent = try await patient.postMultipart(MobileCheckTests.send) { fill.apply(&$0) }
            // validate
            #expect(sent.status == .seeOther, "\(sent.body.string)")
            let request = try #require(try await TriageRequest.query(on: app.db).filter(\.$givenName == "Kit").first())
            #expect(request.identityConfirmedAt == nil && request.nhsNumber == "9990000018")
        }
    }

    @Test func aFaultyNHSLoginAnswerSignsNoPatientIn() async throws {
        try await withCIS2App(misbehave: "wrong_audience") { app, provider, _ in
            // setup
            _ = try await TestWorld.make(on: app)
            try await Self.addP9(provider)
            var patient = TestBrowser(app)
            // MUT
            let back = try await Self.signIn(&patient, provider, as: "nhs-login-p9")
            // validate
            #expect(back.status == .badRequest)
            #expect(back.body.string.contains("meant for another service") && back.body.string.contains("without NHS login"))
            #expect(try await PatientSignIn.query(on: app.db).count() == 0)
            #expect(patient.cookies[NHSLoginController.cookie] == nil)
        }
    }

    /// The settings page's NHS login checkbox, as written in the page (nil when the page has none).
    static func nhsLoginBox(_ html: String) -> String? {
        guard let id = html.range(of: #"id="offersNHSLogin""#), let open = html[..<id.lowerBound].range(of: "<input", options: .backwards),
            let close = html[id.upperBound...].firstIndex(of: ">")
        else { return nil }
        return String(html[open.lowerBound...close])
    }

    @Test func aPracticeThatTurnsNHSLoginOffDoesNotOfferIt() async throws {
        try await withCIS2App { app, _, _ in
            // setup: the manager's settings page offers the box, ticked
            let world = try await TestWorld.make(on: app)
            var manager = TestBrowser(app)
            try await manager.signIn(world.managerA)
            let form = try await manager.get(SiteURL.consultSettings.path)
            #expect(Self.nhsLoginBox(form.body.string)?.contains("checked") == true, "\(form.body.string)")
            // MUT: the form saved with the box unticked (an unticked box sends nothing)
            let saved = try await manager.post(SiteURL.consultSettings.path, form: ConsultSettingsTests.goodForm.merging(["nhsLoginAsked": "yes"]) { $1 })
            var patient = TestBrowser(app)
            let page = try await patient.get(Self.start)
            let started = try await patient.get(SiteURL.nhsLoginStart(ods: TestWorld.codeA).path)
            // validate: not offered, and the start route refuses
            #expect(saved.status == .seeOther)
            #expect(try await ConsultSettingsController.row(world.practiceA, on: app.db).offersNHSLogin == false)
            #expect(page.status == .ok && !page.body.string.contains("Sign in with NHS login"))
            #expect(started.status == .notFound)
            // and a form refused for another field shows the box as it was typed, unticked
            var bad = ConsultSettingsTests.goodForm.merging(["nhsLoginAsked": "yes", "replyDays": "0"]) { $1 }
            bad["offersNHSLogin"] = nil
            let refused = try await manager.post(SiteURL.consultSettings.path, form: bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(Self.nhsLoginBox(refused.body.string).map { !$0.contains("checked") } == true, "\(refused.body.string)")
            // ticked again: offered again
            let ticked = ConsultSettingsTests.goodForm.merging(["nhsLoginAsked": "yes", "offersNHSLogin": "yes"]) { $1 }
            #expect(try await manager.post(SiteURL.consultSettings.path, form: ticked).status == .seeOther)
            var later = TestBrowser(app)
            #expect(try await later.get(Self.start).body.string.contains("Sign in with NHS login"))
        }
    }
}
