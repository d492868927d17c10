import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The patient's side of an online request: red-flag screen, advice, the form, the confirmation.
/// Works without JavaScript and on an old phone.
enum NewTriageRequestController {
    /// A screen's answers: on the first page who the request is for; on each later one the flags ticked or
    /// "none of these", with the progress so far in hidden fields.
    struct ScreenAnswers: Content {
        var subject: String?
        var step: Int?
        var answered: String?
        var version: String?
        var progress: String?
        var flags: [String]?
        var none: String?
    }

    /// What the advice page hands to the form, as the screen signed it.
    struct ScreenedFields: Content {
        var subject: String?
        var redFlags: String?
        var screenVersion: String?
        var submission: String?
        var screenProof: String?
    }

    struct SentQuery: Content {
        var k: String?
    }

    /// The practice an address names, if it takes online requests at all.
    static func practice(_ req: Request) async throws -> OnlinePractice {
        let code = try req.parameter(.odsCode).uppercased()
        guard
            let online = try await req.application.practiceDirectory.lookup(
                code: code, bankHolidays: req.application.bankHolidays, on: req.db),
            [.practice, .branch].contains(online.practice.kind), online.practice.status == PracticeStatus.active
        else {
            throw Abort(.notFound, reason: "There is no practice taking online requests at this address. Check the address on your practice's website, or call them. If you need help now, call NHS 111; in an emergency, call 999.")
        }
        return online
    }

    @Sendable static func start(req: Request) async throws -> HTML {
        let online = try await practice(req)
        var model = NewTriageRequest.Screen.Model.load(online, now: req.application.now())
        if req.application.identityProviders[.nhsLogin] != nil, online.offersNHSLogin {
            model.nhsLogin = .init(start: SiteURL.nhsLoginStart(ods: online.practice.odsCode).path, signedIn: try await req.patientSignIn(ods: online.practice.odsCode))
        }
        return NewTriageRequest.Screen.View(model: model, chrome: req.pageChrome).html
    }

    /// One step of the screen: who it is for, then each screen of questions in turn. An answer that needs 999 shows
    /// the advice at once; at the end an answer that needs a reply today shows that advice; a clear screen leads to the
    /// form, or (closed, taking no requests) to when the practice opens.
    @Sendable static func screen(req: Request) async throws -> Response {
        let online = try await practice(req)
        let answers = try req.content.decode(ScreenAnswers.self)
        let outcome = try ScreenFlow(
            online: online, set: req.application.redFlagSet, box: req.application.secretBox, now: req.application.now()
        ).advance(answers)
        if case .advice = outcome { await req.countFormEvent(.adviceShown, practice: online.practice) }
        return try await page(for: outcome, req, practice: online.practice).encodeResponse(for: req)
    }

    /// The form, after the advice, for a patient who still wants to send a request: the flags go with it, as signed.
    @Sendable static func continueAfterAdvice(req: Request) async throws -> Response {
        let online = try await practice(req)
        let fields = try req.content.decode(ScreenedFields.self)
        var form = TriageRequestForm(
            submission: fields.submission, redFlags: fields.redFlags, subject: fields.subject, screenVersion: fields.screenVersion,
            screenProof: fields.screenProof)
        do {
            _ = try TriageRequestIntake.verifyScreen(form, practice: online.practice, now: req.application.now(), box: req.application.secretBox)
        } catch let problem as ValidationProblem {
            let model = NewTriageRequest.Screen.Model(
                practice: online.practice, state: .open, acceptsWhenClosed: true, errors: problem.errors, subject: nil)
            return .page(NewTriageRequest.Screen.View(model: model, chrome: req.pageChrome).html, status: .unprocessableEntity)
        }
        form.photos = nil
        return try await formPage(req, practice: online.practice, form: form).encodeResponse(for: req)
    }

    /// The page for where the screen has got to.
    private static func page(for outcome: ScreenFlow.Outcome, _ req: Request, practice: Organisation) async throws -> Response {
        let chrome = req.pageChrome
        switch outcome {
        case .who(let model): return .page(NewTriageRequest.Screen.View(model: model, chrome: chrome).html, status: .unprocessableEntity)
        case .questions(let model, let refused):
            return .page(NewTriageRequest.Questions.View(model: model, chrome: chrome).html, status: refused ? .unprocessableEntity : .ok)
        case .advice(let model): return .page(NewTriageRequest.Advice.View(model: model, chrome: chrome).html, status: .ok)
        case .closed(let model): return .page(NewTriageRequest.Closed.View(model: model, chrome: chrome).html, status: .ok)
        case .form(let screened): return .page(try await formPage(req, practice: practice, form: screened.form), status: .ok)
        }
    }

    /// Checks and stores the form; a client (or a mobile number or email address) that has sent too many is asked to
    /// wait, with its form kept on the page and nothing stored.
    @Sendable static func send(req: Request) async throws -> Response {
        let online = try await practice(req)
        let practice = online.practice
        let verified = try await req.patientSignIn(ods: practice.odsCode)
        let form = NewTriageRequest.Form.filled(try req.content.decode(TriageRequestForm.self), from: verified)
        let intake = TriageRequestIntake(db: req.db, events: req.application.events, writer: req.application.triageRequestWriter,
            box: req.application.secretBox)
        do {
            let request = try await intake.submit(
                form, to: online, clientDigest: req.clientDigest, now: req.application.now(), verified: verified
            ) { checked in
                try await req.throttle(.patientRequest, accounts: checked.contacts)
            }
            try await OutOfHoursRouting.afterIntake(request, app: req.application, now: req.application.now())
            return await stored(req, practice: practice, request: request)
        } catch let problem as ValidationProblem {
            if problem.errors.contains(where: { $0.field == "practice" }) { await req.countFormEvent(.refused, practice: practice) }
            var kept = form
            kept.photos = nil
            return .page(try await formPage(req, practice: practice, form: kept, errors: problem.errors), status: .unprocessableEntity)
        } catch let refusal as ThrottleRefusal {
            return try await notSent(req, practice: practice, form: form, refusal: refusal)
        }
    }

    /// A throttled form: 429 with the form as the patient filled it in, marked not sent; but a form stored before
    /// (the answer to an earlier send was lost) is answered with its confirmation, not refused.
    private static func notSent(_ req: Request, practice: Organisation, form: TriageRequestForm, refusal: ThrottleRefusal) async throws -> Response {
        let submission = (form.submission ?? "").trimmingCharacters(in: .whitespaces)
        if let request = try await TriageRequest.query(on: req.db).filter(\.$submissionKey == submission).first() {
            return await stored(req, practice: practice, request: request)
        }
        await req.countFormEvent(.throttled, practice: practice)
        var kept = form
        kept.photos = nil
        let hadPhotos = (form.photos ?? []).contains { $0.data.readableBytes > 0 }
        let page = try await formPage(req, practice: practice, form: kept, notSent: .init(refusal: refusal, hadPhotos: hadPhotos))
        return .tooManyRequests(page, retryAfter: refusal.retryAfterSeconds)
    }

    /// The request form as the patient filled it in, with what was wrong with it or why it was not sent; a patient
    /// signed in with NHS login at P9, asking for themselves, sees the details it gave in place of those fields.
    private static func formPage(
        _ req: Request, practice: Organisation, form: TriageRequestForm, errors: [FormError] = [],
        notSent: NewTriageRequest.Form.NotSent? = nil
    ) async throws -> HTML {
        let verified = try await req.patientSignIn(ods: practice.odsCode)
        let model = NewTriageRequest.Form.Model(
            practice: practice, form: NewTriageRequest.Form.filled(form, from: verified), errors: errors, notSent: notSent, verified: verified)
        return NewTriageRequest.Form.View(model: model, chrome: req.pageChrome).html
    }

    /// Where a stored request leads: a mobile number not yet checked is asked for its code first (the request is
    /// stored either way), otherwise the confirmation.
    private static func stored(_ req: Request, practice: Organisation, request: TriageRequest) async -> Response {
        if request.mobile != nil, !request.mobileVerified {
            return await MobileNumberCheckController.start(req, practice: practice, request: request)
        }
        return confirmation(req, practice: practice, request: request)
    }

    private static func confirmation(_ req: Request, practice: Organisation, request: TriageRequest) -> Response {
        let target = SiteURL.requestSent(ods: practice.odsCode, reference: request.reference).path + "?k=\(request.submissionKey)"
        return req.redirect(to: target, redirectType: .normal)
    }

    @Sendable static func sent(req: Request) async throws -> HTML {
        let online = try await practice(req)
        let reference = try req.parameter(.reference)
        let key = (try? req.query.decode(SentQuery.self).k) ?? ""
        let model = try await NewTriageRequest.Sent.Model.load(reference: reference, key: key, practice: online.practice, on: req.db)
        return NewTriageRequest.Sent.View(model: model, chrome: req.pageChrome).html
    }
}
