import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// The patient's side of an online request: red-flag screen, advice, the form, the confirmation.
/// Works without JavaScript and on an old phone.
enum NewTriageRequestController {
    struct ScreenForm: Content {
        var answers: [String: String]?
    }

    struct SentQuery: Content {
        var k: String?
    }

    /// The practice an address names, if it takes online requests at all.
    static func practice(_ req: Request) async throws -> (Organisation, ConsultSettings?) {
        let code = try req.parameter(.odsCode).uppercased()
        guard let (practice, settings) = try await req.application.practiceDirectory.lookup(code: code, on: req.db),
            [.practice, .branch].contains(practice.kind), practice.status == PracticeStatus.active
        else {
            throw Abort(.notFound, reason: "There is no practice taking online requests at this address. Check the address on your practice's website, or call them. If you need help now, call NHS 111; in an emergency, call 999.")
        }
        return (practice, settings)
    }

    @Sendable static func start(req: Request) async throws -> HTML {
        let (practice, settings) = try await practice(req)
        let model = try await NewTriageRequest.Screen.Model.load(practice: practice, settings: settings, now: Date(), on: req.db)
        return NewTriageRequest.Screen.View(model: model, chrome: req.pageChrome).html
    }

    /// The red-flag answers: any yes shows 999/111 advice first; otherwise the form.
    @Sendable static func screen(req: Request) async throws -> Response {
        let (practice, _) = try await practice(req)
        var answers: [RedFlag: Bool] = [:]
        for flag in RedFlag.allCases {
            switch (try? req.content.get(String.self, at: "flag_\(flag.rawValue)")) {
            case "yes": answers[flag] = true
            case "no": answers[flag] = false
            default: break
            }
        }
        if answers.count < RedFlag.allCases.count {
            let errors = [FormError(field: "flag_\(RedFlag.allCases.first { answers[$0] == nil }!.rawValue)", message: "Answer yes or no to every question, so we know it is safe to wait for a reply")]
            let model = NewTriageRequest.Screen.Model(practice: practice, state: .open, acceptsWhenClosed: true, errors: errors, answers: answers)
            return .page(NewTriageRequest.Screen.View(model: model, chrome: req.pageChrome).html, status: .unprocessableEntity)
        }
        let flags = RedFlag.allCases.filter { answers[$0] == true }
        if let advice = RedFlag.advice(for: Set(flags)) {
            let model = NewTriageRequest.Advice.Model(practice: practice, flags: flags, advice: advice)
            return try await NewTriageRequest.Advice.View(model: model, chrome: req.pageChrome).html.encodeResponse(for: req)
        }
        return try await formPage(req, practice: practice, form: TriageRequestForm(submission: SecretToken.generate())).encodeResponse(for: req)
    }

    /// The form again, after the advice, for a patient who still wants to send it: the red flags go with it.
    @Sendable static func continueAfterAdvice(req: Request) async throws -> HTML {
        let (practice, _) = try await practice(req)
        let flags = (try? req.content.get(String.self, at: "redFlags")) ?? ""
        return formPage(req, practice: practice, form: TriageRequestForm(submission: SecretToken.generate(), redFlags: flags))
    }

    /// Checks and stores the form; a client (or a mobile number or email address) that has sent too many is asked to
    /// wait, with its form kept on the page and nothing stored.
    @Sendable static func send(req: Request) async throws -> Response {
        let (practice, settings) = try await practice(req)
        let form = try req.content.decode(TriageRequestForm.self)
        let intake = TriageRequestIntake(db: req.db, events: req.application.events, writer: req.application.triageRequestWriter)
        do {
            let request = try await intake.submit(form, practice: practice, settings: settings, clientDigest: req.clientDigest) { checked in
                try await req.throttle(.patientRequest, accounts: checked.contacts)
            }
            return await stored(req, practice: practice, request: request)
        } catch let problem as ValidationProblem {
            var kept = form
            kept.photos = nil
            return .page(formPage(req, practice: practice, form: kept, errors: problem.errors), status: .unprocessableEntity)
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
        var kept = form
        kept.photos = nil
        let hadPhotos = (form.photos ?? []).contains { $0.data.readableBytes > 0 }
        let page = formPage(req, practice: practice, form: kept, notSent: .init(refusal: refusal, hadPhotos: hadPhotos))
        return .tooManyRequests(page, retryAfter: refusal.retryAfterSeconds)
    }

    /// The request form as the patient filled it in, with what was wrong with it or why it was not sent.
    private static func formPage(
        _ req: Request, practice: Organisation, form: TriageRequestForm, errors: [FormError] = [],
        notSent: NewTriageRequest.Form.NotSent? = nil
    ) -> HTML {
        let model = NewTriageRequest.Form.Model(practice: practice, form: form, errors: errors, notSent: notSent)
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
        let (practice, settings) = try await practice(req)
        let reference = try req.parameter(.reference)
        let key = (try? req.query.decode(SentQuery.self).k) ?? ""
        let model = try await NewTriageRequest.Sent.Model.load(reference: reference, key: key, practice: practice, settings: settings, on: req.db)
        return NewTriageRequest.Sent.View(model: model, chrome: req.pageChrome).html
    }
}
