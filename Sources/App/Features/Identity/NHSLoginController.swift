import Domain
import Fluent
import Foundation
import Vapor

/// Patients' sign-in with NHS login for an online request (optional: the form works without it, and so do reply and
/// video links). The identity level comes from the `vot` claim; a P9 patient's NHS number, name and date of birth come
/// from the userinfo endpoint and fill their own request, which is marked identity-verified. P5 may send a request,
/// marked not verified.
enum NHSLoginController {
    /// The levels asked for, best first: NHS login proves P9 where it can and otherwise says P5.
    static let vectorsOfTrust = #"["P9.Cp.Cd","P9.Cp.Ck","P9.Cm","P5.Cp.Cd","P5.Cp.Ck","P5.Cm"]"#
    static let cookie = "sa_patient"
    static let lifetime: TimeInterval = 3600

    /// Sends the patient to NHS login for this practice's form.
    @Sendable static func start(req: Request) async throws -> Response {
        let online = try await NewTriageRequestController.practice(req)
        guard online.offersNHSLogin else {
            throw Abort(.notFound, reason: "\(online.practice.name) does not offer NHS login for online requests. Fill in the form without it.")
        }
        return try await OIDCSignInFlow(req, .nhsLogin).start(
            purpose: .patientRequest, subjectKey: online.practice.odsCode, extra: [("vtr", vectorsOfTrust)])
    }

    /// NHS login's return: keeps what it vouched for behind a cookie for an hour and goes back to the practice's form.
    @Sendable static func callback(req: Request) async throws -> Response {
        let flow = try OIDCSignInFlow(req, .nhsLogin)
        do {
            let outcome = try await flow.finish()
            guard outcome.attempt.purpose == .patientRequest, let ods = outcome.attempt.subjectKey else { throw OIDCError.stateUnknown }
            guard let level = outcome.claims.vot.flatMap(IdentityProofingLevel.init(vot:)) else { throw OIDCError.missingClaim("the identity level (vot)") }
            var details: [String: String] = [:]
            if level.verifiesIdentity {
                guard let access = outcome.accessToken else { throw OIDCError.missingClaim("an access token") }
                details = try await flow.userInfo(accessToken: access)
                guard details["sub"] == outcome.claims.sub else { throw OIDCError.missingClaim("user details for the person who signed in") }
            }
            let token = SecretToken.generate()
            let now = Date()
            let signIn = PatientSignIn()
            signIn.tokenDigest = SecretToken.digest(token)
            signIn.odsCode = ods
            signIn.proofingLevel = level.name
            signIn.subject = outcome.claims.sub
            signIn.nhsNumber = details["nhs_number"].flatMap { try? NHSNumber($0).digits }
            signIn.givenName = details["given_name"]
            signIn.familyName = details["family_name"]
            signIn.birthDate = details["birthdate"].flatMap { CalendarDay($0) }?.iso
            signIn.createdAt = now
            signIn.expiresAt = now.addingTimeInterval(lifetime)
            try await req.db.writeTransaction { tx in
                try await signIn.create(on: tx)
                try await req.audit(.patientSignedInNHSLogin, recordType: "practice", recordID: ods, detail: level.name, within: tx)
            }
            let response = req.redirect(to: SiteURL.requestStart(ods: ods).path, redirectType: .normal)
            response.cookies[cookie] = SiteCookie.value(token, config: req.application.appConfig, maxAge: Int(lifetime))
            OIDCSignInFlow.clearCookie(response, config: req.application.appConfig)
            return response
        } catch let error as OIDCError {
            try await req.audit(.signInProviderRefused, recordType: "provider", recordID: OIDCProviderConfig.Kind.nhsLogin.rawValue, detail: error.code)
            throw Abort(error.status, reason: error.message(provider: OIDCProviderConfig.Kind.nhsLogin.displayName, patient: true))
        }
    }
}

/// What NHS login vouched for, as the request pages use it.
struct VerifiedPatient: Sendable, Equatable {
    var level: IdentityProofingLevel
    var givenName: String?
    var familyName: String?
    var dateOfBirth: CalendarDay?
    var nhsNumber: String?

    /// Whether it fills and verifies the request: a P9 identity with every detail, for a request about the patient
    /// themselves (NHS login vouches for who signed in, not for a child or someone cared for).
    func verifies(subject: String?) -> Bool {
        level.verifiesIdentity && subject == RequestSubject.me.rawValue && givenName != nil && familyName != nil && dateOfBirth != nil
            && nhsNumber != nil
    }
}

extension Request {
    /// The patient's NHS login for practice `ods`, if this browser has one that has not expired.
    func patientSignIn(ods: String) async throws -> VerifiedPatient? {
        guard let token = cookies[NHSLoginController.cookie]?.string, !token.isEmpty else { return nil }
        guard let row = try await PatientSignIn.query(on: db).filter(\.$tokenDigest == SecretToken.digest(token)).first(),
            row.expiresAt > Date(), row.odsCode == ods, let level = IdentityProofingLevel(vot: row.proofingLevel)
        else { return nil }
        return VerifiedPatient(
            level: level, givenName: row.givenName, familyName: row.familyName, dateOfBirth: row.birthDate.flatMap { CalendarDay($0) },
            nhsNumber: row.nhsNumber)
    }
}
