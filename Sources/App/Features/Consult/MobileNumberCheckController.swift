import Domain
import Fluent
import Foundation
import Vapor

/// The patient's code for their mobile number, after the request is stored: check it, send a new one, or carry on.
enum MobileNumberCheckController {
    struct CodeForm: Content {
        var k: String?
        var code: String?
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let practice = try await NewTriageRequestController.practice(req).practice
        let key = (try? req.query.get(String.self, at: "k")) ?? ""
        return try await page(req, practice: practice, key: key)
    }

    /// Checks the code (each try counted first, the client throttled like a reply link's date of birth).
    @Sendable static func verify(req: Request) async throws -> Response {
        if let refused = await req.throttled(.replyCheck) { return refused }
        let practice = try await NewTriageRequestController.practice(req).practice
        let form = try req.content.decode(CodeForm.self)
        let key = form.k ?? ""
        let (_, request) = try await MobileNumberCheck.Model.load(reference: try req.parameter(.reference), key: key, practice: practice, on: req.db)
        if request.mobileVerified { return sent(req, practice: practice, request: request) }
        guard let code = MobileCheckPolicy.typedCode(form.code ?? "") else {
            let error = FormError(field: "code", message: "Enter the 6 digits from the text message, like 042917")
            return try await page(req, practice: practice, key: key, errors: [error], status: .unprocessableEntity)
        }
        guard let state = try await MobileChecks(req: req).verify(code, for: request) else {
            try await req.audit(.mobileVerified, recordType: "triage_request", recordID: request.reference, detail: "by code")
            await TriageAccess.announce(request, on: req)
            return sent(req, practice: practice, request: request)
        }
        return try await page(req, practice: practice, key: key, errors: [FormError(field: "code", message: state.message)], status: .unprocessableEntity)
    }

    /// Sends another code, up to the policy's number of codes (which bounds it, so it is not throttled as well).
    @Sendable static func resend(req: Request) async throws -> Response {
        let practice = try await NewTriageRequestController.practice(req).practice
        let key = (try req.content.decode(CodeForm.self)).k ?? ""
        let (_, request) = try await MobileNumberCheck.Model.load(reference: try req.parameter(.reference), key: key, practice: practice, on: req.db)
        if request.mobileVerified { return sent(req, practice: practice, request: request) }
        let notice: String
        switch try await MobileChecks(req: req).sendCode(for: request, practice: practice.name) {
        case .sent: notice = "A new code is on its way. Use the newest code: the earlier ones no longer work."
        case .failed: notice = "We could not send a code just now. Try again in a few minutes, or carry on: the practice has your request."
        case .noMoreCodes: notice = "We have sent as many codes as we can. Carry on: the practice has your request and will check your number."
        }
        return try await page(req, practice: practice, key: key, notice: notice)
    }

    /// Sends the first code for a request just stored (unless one went already) and leads to the code page; the
    /// request is stored whatever happens here.
    static func start(_ req: Request, practice: Organisation, request: TriageRequest) async -> Response {
        do {
            let codes = try await MobileCheck.query(on: req.db).filter(\.$requestID == request.requireID()).count()
            if codes == 0 { try await MobileChecks(req: req).sendCode(for: request, practice: practice.name) }
        } catch {
            req.logger.warning("mobile check code not sent", metadata: ["error": "\(String(describing: type(of: error)))"])
        }
        let target = SiteURL.requestMobile(ods: practice.odsCode, reference: request.reference).path + "?k=\(request.submissionKey)"
        return req.redirect(to: target, redirectType: .normal)
    }

    private static func page(
        _ req: Request, practice: Organisation, key: String, notice: String? = nil, errors: [FormError] = [], status: HTTPStatus = .ok
    ) async throws -> Response {
        let (model, request) = try await MobileNumberCheck.Model.load(
            reference: try req.parameter(.reference), key: key, practice: practice, notice: notice, errors: errors, on: req.db)
        if request.mobileVerified || request.mobile == nil { return sent(req, practice: practice, request: request) }
        return .page(MobileNumberCheck.View(model: model, chrome: req.pageChrome).html, status: status)
    }

    private static func sent(_ req: Request, practice: Organisation, request: TriageRequest) -> Response {
        req.redirect(to: SiteURL.requestSent(ods: practice.odsCode, reference: request.reference).path + "?k=\(request.submissionKey)", redirectType: .normal)
    }
}
