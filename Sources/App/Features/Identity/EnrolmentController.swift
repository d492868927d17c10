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
        return try await EnrolPage(person: person, errors: []).render(req).encodeResponse(for: req)
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
            return .page(EnrolPage(person: person, errors: errors).render(req), status: .unprocessableEntity)
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
        let response = try await RecoveryCodesPage(codes: codes).render(req).encodeResponse(for: req)
        SiteCookie.signIn(response, token: token, formToken: formToken, config: req.application.appConfig)
        return response
    }
}

/// The enrolment page: a QR code drawn on the server and the same secret as text.
struct EnrolPage {
    var person: Person
    var errors: [FormError]

    func render(_ req: Request) -> HTML {
        let secret = person.pendingTOTPSecret.flatMap { try? req.application.secretBox.open($0) } ?? ""
        let uri = TOTP(secret: Base32.decode(secret) ?? []).provisioningURI(
            issuer: "Surgery Anywhere", account: person.email, base32Secret: secret)
        let grouped = stride(from: 0, to: secret.count, by: 4).map { offset -> String in
            let start = secret.index(secret.startIndex, offsetBy: offset)
            return String(secret[start..<(secret.index(start, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex)])
        }.joined(separator: " ")
        return Layout("Set up your authenticator app", request: req).render([
            .div(
                .class("narrow"),
                .h1(.text("Set up your authenticator app")),
                Components.errorSummary(errors),
                .p(.text("Every sign-in needs a code from an authenticator app on your phone, in place of a hardware token. Any standard app works (for example Microsoft Authenticator or Google Authenticator).")),
                .ol(
                    .li(.text("Open the app and choose to add an account.")),
                    .li(.text("Scan this QR code, or type in the key below.")),
                    .li(.text("Enter the 6-digit code the app shows."))
                ),
                .raw(QRCode.svg(for: uri, label: "QR code for your authenticator app") ?? ""),
                .p(.text("Key: "), .code(.attribute(named: "data-testid", value: "totp-secret"), .text(grouped))),
                .form(
                    .action(SiteURL.enrol.path), .method(.post), .novalidate(),
                    Components.csrfField(req.csrfToken),
                    .div(Components.field("code", label: "Code from your authenticator app", autocomplete: "one-time-code", errors: errors,
                                          extra: [.attribute(named: "inputmode", value: "numeric")])),
                    .button(.type(.submit), .class("button"), .text("Confirm"))
                )
            )
        ])
    }
}

/// Shown once after enrolment: codes that stand in for the phone if it is lost.
struct RecoveryCodesPage {
    var codes: [String]

    func render(_ req: Request) -> HTML {
        Layout("Your recovery codes", request: req).render([
            .div(
                .class("narrow"),
                .h1(.text("Your recovery codes")),
                .p(.text("Keep these somewhere safe, away from your phone. Each one works once in place of a code from the app. They will not be shown again.")),
                .ul(.class("recovery-codes"), .attribute(named: "data-testid", value: "recovery-codes"), .forEach(codes) { .li(.code(.text($0))) }),
                .a(.class("button"), .href(SiteURL.home.path), .text("Continue"))
            )
        ])
    }
}
