import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// The code texted to a request's mobile number to show the number is the patient's: stored only as a digest of the
/// request and the code, with the time it went, the wrong tries and how many codes went (`MobileCheckPolicy`).
final class MobileCheck: Model, @unchecked Sendable {
    static let schema = "mobile_checks"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "code_digest") var codeDigest: String
    @Field(key: "sent_at") var sentAt: Date
    @Field(key: "failed_attempts") var failedAttempts: Int
    @Field(key: "codes_sent") var codesSent: Int

    // relationships
    @Field(key: "request_id") var requestID: UUID

    init() {}

    /// The digest of `code` for request `id`: the request in it means one code's digest is no use for another request.
    static func digest(_ code: String, request id: UUID) -> String {
        SecretToken.digest("mobile-check:\(id.uuidString):\(code)")
    }
}

/// Sends the codes and checks them. A code goes by SMS through the configured transport and is kept with the
/// request's messages (a real transport's copy has the code removed).
struct MobileChecks {
    let req: Request
    var policy = MobileCheckPolicy.standard

    /// What a send came to.
    enum Sent: Equatable {
        case sent, failed, noMoreCodes
    }

    /// Texts a new code unless the number is checked already or the request has had all its codes.
    @discardableResult
    func sendCode(for request: TriageRequest, practice: String, now: Date = Date()) async throws -> Sent {
        guard request.mobile != nil, request.mobileVerifiedAt == nil else { return .sent }
        let id = try request.requireID()
        let existing = try await MobileCheck.query(on: req.db).filter(\.$requestID == id).first()
        if let existing, !policy.mayResend(codesSent: existing.codesSent) { return .noMoreCodes }
        let code = MobileCheckPolicy.newCode()
        let check = existing ?? MobileCheck()
        check.requestID = id
        check.codeDigest = MobileCheck.digest(code, request: id)
        check.sentAt = now
        check.failedAttempts = 0
        check.codesSent = (existing?.codesSent ?? 0) + 1
        try await check.save(on: req.db)
        let body = "\(practice), request \(request.reference): your code is \(code). Enter it on the page you sent your request from. It works for 10 minutes."
        let messenger = Messenger(request: req)
        let message = try await messenger.queue(body, channel: .sms, about: request, from: nil, on: req.db)
        message.purpose = .mobileCheck
        try await messenger.deliver(message, about: request, storedBody: "\(practice), request \(request.reference): your code is [code].")
        return [.queued, .sending, .delivered].contains(message.status) ? .sent : .failed
    }

    /// Checks a typed code: each try is counted before the code is compared (so guesses sent at once are all
    /// counted), and a right code marks the mobile number verified.
    func verify(_ typed: String, for request: TriageRequest, now: Date = Date()) async throws -> MobileCheckState? {
        let id = try request.requireID()
        guard let check = try await MobileCheck.query(on: req.db).filter(\.$requestID == id).first() else { return .expired }
        let before = policy.state(sentAt: check.sentAt, failures: check.failedAttempts, now: now)
        guard case .open = before else { return before }
        guard let sql = req.db as? any SQLDatabase else { throw AttemptClaimError.noSQL }
        let rows = try await sql.raw(
            """
            UPDATE mobile_checks SET failed_attempts = failed_attempts + 1 \
            WHERE request_id = \(bind: id) AND failed_attempts < \(bind: policy.allowedWrongAttempts) RETURNING failed_attempts
            """
        ).all()
        guard let failures = try rows.first?.decode(column: "failed_attempts", as: Int.self) else { return .locked }
        guard SecretToken.constantTimeEquals(MobileCheck.digest(typed, request: id), check.codeDigest) else {
            return policy.state(sentAt: check.sentAt, failures: failures, now: now)
        }
        request.mobileVerifiedAt = now
        request.mobileVerifiedByID = nil
        try await req.db.writeTransaction { tx in
            try await request.save(on: tx)
            try await MobileCheck.query(on: tx).filter(\.$requestID == id).delete()
        }
        return nil
    }
}

/// Why staff may not send a link by text to a mobile number nobody has confirmed: it may be mistyped, or a number
/// passed on to someone else since.
enum UnverifiedMobile {
    static func refusal(_ link: String) -> String {
        "The patient's mobile number is not confirmed (they did not enter the code texted to it), so \(link) cannot go to it by text. "
            + "Send it by email, or call the patient to check the number and press \"Mobile number confirmed by phone\"."
    }
}
