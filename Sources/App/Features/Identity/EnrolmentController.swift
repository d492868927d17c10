import Plot
import Domain
import Fluent
import Foundation
import Vapor

/// First sign-in: enrol an authenticator app (QR code and the secret as text), then see recovery codes once.
enum EnrolmentController {
    @Sendable static func show(req: Request) async throws -> Response {
        guard let session = req.staffSession else { return req.redirectToLogin() }
        let person = try await session.$person.get(on: req.db)
        if person.hasSecondFactor { return req.redirect(to: SiteURL.secondFactor.path) }
        if person.pendingTOTPSecret == nil {
            person.pendingTOTPSecret = req.application.secretBox.seal(Base32.encode(TOTP.randomSecret()))
            try await person.save(on: req.db)
        }
        return try await setupPage(req, person: person, errors: []).encodeResponse(for: req)
    }

    @Sendable static func confirm(req: Request) async throws -> Response {
        guard let session = req.staffSession else { return req.redirectToLogin() }
        let person = try await session.$person.get(on: req.db)
        if person.hasSecondFactor { return req.redirect(to: SiteURL.secondFactor.path) }
        let code = (try req.content.decode(LoginController.CodeForm.self).code ?? "")
        guard let pending = person.pendingTOTPSecret, let secret = (try? req.application.secretBox.open(pending)).flatMap(Base32.decode),
            let counter = TOTP(secret: secret).acceptedCounter(for: code, at: Date(), lastUsedCounter: nil)
        else {
            let errors = [FormError(field: "code", message: "That code is not right. Check the time on your phone is set automatically, then enter the code the app shows now.")]
            return .page(setupPage(req, person: person, errors: errors), status: .unprocessableEntity)
        }
        let codes = RecoveryCodes.generate()
        let personID = try person.requireID()
        try await req.db.writeTransaction { tx in
            person.totpSecret = pending
            person.pendingTOTPSecret = nil
            person.totpLastCounter = Int64(counter)
            try await person.save(on: tx)
            try await RecoveryCode.query(on: tx).filter(\.$person.$id == personID).delete()
            for code in codes {
                try await RecoveryCode(personID: personID, codeDigest: SecretToken.digest(RecoveryCodes.normalise(code))).create(on: tx)
            }
            try await req.audit(.secondFactorEnrolled, recordType: "person", recordID: personID.uuidString, actorID: personID, within: tx)
        }
        let (token, formToken) = try await SignIn(request: req).completeSession(session)
        req.csrfToken = formToken
        let page = Enrolment.Codes.View(model: .init(codes: codes), chrome: req.pageChrome).html
        let response = try await page.encodeResponse(for: req)
        SiteCookie.signIn(response, token: token, formToken: formToken, config: req.application.appConfig)
        return response
    }

    /// The enrolment page for `person`, showing their pending secret.
    private static func setupPage(_ req: Request, person: Person, errors: [FormError]) -> HTML {
        let secret = person.pendingTOTPSecret.flatMap { try? req.application.secretBox.open($0) } ?? ""
        let model = Enrolment.Setup.Model(email: person.email, secret: secret, errors: errors)
        return Enrolment.Setup.View(model: model, chrome: req.pageChrome).html
    }
}
