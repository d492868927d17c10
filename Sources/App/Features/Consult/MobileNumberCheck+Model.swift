import Domain
import Fluent
import Foundation
import Vapor

/// After a request is sent with a mobile number: the patient types the code texted to it, so that the practice may
/// send links there. The request is stored already; this page only marks the number checked.
enum MobileNumberCheck {
    struct Model: Sendable {
        var practice: Organisation
        var reference: String
        /// The form's key, which proves the page is the sender's (as on the confirmation).
        var key: String
        /// The number's last three digits: enough for the patient to know it, not enough for anyone else.
        var mobileEnding: String
        /// What happened last: a new code went, or could not.
        var notice: String?
        var errors: [FormError]
        var canSendAnother: Bool

        /// The request with this reference sent to this practice, only with the key of the form that sent it.
        static func load(
            reference: String, key: String, practice: Organisation, notice: String? = nil, errors: [FormError] = [], on db: any Database
        ) async throws -> (Model, TriageRequest) {
            let request = try await NewTriageRequest.Sent.Model.request(reference: reference, key: key, practice: practice, on: db)
            let check = try await MobileCheck.query(on: db).filter(\.$requestID == request.requireID()).first()
            let model = Model(
                practice: practice, reference: request.reference, key: key, mobileEnding: String((request.mobile ?? "").suffix(3)),
                notice: notice, errors: errors, canSendAnother: MobileCheckPolicy.standard.mayResend(codesSent: check?.codesSent ?? 0))
            return (model, request)
        }
    }
}
