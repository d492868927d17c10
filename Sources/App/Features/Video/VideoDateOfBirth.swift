import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The patient's video link asks their date of birth before the page shows anything, like a reply link: three wrong
/// dates lock it (each try counted before it is checked), and the right one gives a cookie that opens the call.
/// Guests' links (an interpreter, a carer) do not ask: they do not know it, and they join only once the call is on.
enum VideoDateOfBirth {
    static let cookie = "sa_video"
    static let policy = ReplyLinkPolicy.standard
    /// How long a matched date of birth opens the call for.
    static let unlockedFor: TimeInterval = 4 * 3600

    static func needed(_ link: VideoLink, _ consultation: VideoConsultation) -> Bool {
        link.participant == VideoParticipant.patient.id && consultation.patientDateOfBirth != nil
    }

    static func unlocked(_ link: VideoLink, _ req: Request, now: Date = Date()) -> Bool {
        guard let cookie = req.cookies[cookie]?.string, let digest = link.unlockDigest, let until = link.unlockedUntil, until > now else {
            return false
        }
        return SecretToken.constantTimeEquals(SecretToken.digest(cookie), digest)
    }

    /// The date of birth typed on the patient's page: a wrong one answers with the page and how many tries are left.
    @Sendable static func verify(req: Request) async throws -> Response {
        if let refused = await req.throttled(.replyCheck) { return refused }
        let admission = try await VideoSignalController.byLink(req, forPage: true)
        let token = try req.parameter(.videoToken)
        guard admission.needsDateOfBirth,
            let link = try await VideoLink.query(on: req.db).filter(\.$tokenDigest == SecretToken.digest(token)).first(),
            let consultation = try await VideoConsultation.find(admission.consultation, on: req.db),
            let born = consultation.patientDateOfBirth
        else { return req.redirect(to: SiteURL.videoJoin(token: token).path, redirectType: .normal) }
        let form = try req.content.decode(PatientReplyController.VerifyForm.self)
        let typed = TriageRequestForm(dobDay: form.dobDay, dobMonth: form.dobMonth, dobYear: form.dobYear).dateOfBirthText
        guard let typed = CalendarDay(typed) else {
            return try await page(req, admission, token: token, message: "Enter your date of birth as day, month and year, like 27 3 1984")
        }
        let linkID = try link.requireID()
        guard let failures = try await claim(linkID, on: req.db) else { throw Abort(.gone, reason: VideoRefusal.locked) }
        guard typed == born else {
            let state = policy.afterWrongAttempt(previousFailures: failures - 1)
            if state == .locked { throw Abort(.gone, reason: VideoRefusal.locked) }
            return try await page(req, admission, token: token, message: state.wrongAttemptMessage)
        }
        let secret = SecretToken.generate()
        try await sql(req.db).raw(
            """
            UPDATE video_links SET failed_attempts = CASE WHEN failed_attempts > 0 THEN failed_attempts - 1 ELSE 0 END, \
            unlock_digest = \(bind: SecretToken.digest(secret)), unlocked_until = \(bind: Date().addingTimeInterval(unlockedFor)) \
            WHERE id = \(bind: linkID)
            """
        ).run()
        let response = req.redirect(to: SiteURL.videoJoin(token: token).path, redirectType: .normal)
        response.cookies[cookie] = HTTPCookies.Value(
            string: secret, maxAge: Int(unlockedFor), path: "/video", isSecure: req.application.appConfig.secureCookies, isHTTPOnly: true,
            sameSite: .lax)
        return response
    }

    /// Counts a try before it is checked, locking the link on the try that reaches the limit; nil once locked.
    private static func claim(_ id: UUID, on db: any Database) async throws -> Int? {
        let limit = policy.allowedWrongAttempts
        let rows = try await sql(db).raw(
            """
            UPDATE video_links SET failed_attempts = failed_attempts + 1, \
            locked_at = CASE WHEN failed_attempts + 1 >= \(bind: limit) THEN \(bind: Date()) ELSE locked_at END \
            WHERE id = \(bind: id) AND locked_at IS NULL AND failed_attempts < \(bind: limit) RETURNING failed_attempts
            """
        ).all()
        return try rows.first?.decode(column: "failed_attempts", as: Int.self)
    }

    private static func page(
        _ req: Request, _ admission: VideoSignalController.Admission, token: String, message: String
    ) async throws -> Response {
        let model = try await VideoPatient.Model.load(admission, token: token, on: req.db)
        let html = VideoPatient.Verify.View(model: model, errors: [FormError(field: "dobDay", message: message)], chrome: req.pageChrome).html
        return .page(html, status: .unprocessableEntity)
    }

    private static func sql(_ db: any Database) throws -> any SQLDatabase {
        guard let sql = db as? any SQLDatabase else { throw AttemptClaimError.noSQL }
        return sql
    }
}
