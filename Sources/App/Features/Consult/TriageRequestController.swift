import Domain
import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// One request: read it (audited), claim, assign, set urgency and status, note, route, message, close.
enum TriageRequestController {
    struct ActionForm: Content {
        var assignee: String?
        var urgency: String?
        var status: String?
        var bookingMode: String?
        var note: String?
        var organisation: String?
        var template: String?
        var channel: String?
        var body: String?
        var outcome: String?
        var outcomeNote: String?
    }

    @Sendable static func show(req: Request) async throws -> HTML {
        let staff = try req.staff
        let request = try await TriageAccess.request(req, staff: staff)
        try await req.audit(.requestViewed, recordType: "triage_request", recordID: request.reference)
        let done = (try? req.query.get(String.self, at: "done")).flatMap(TriageAction.init(rawValue:))
        return try await page(request, staff: staff, errors: [], done: done, req: req).html
    }

    /// Claim: one UPDATE that succeeds only while nobody holds the request, so two people never both win; the audit row
    /// commits with it.
    @Sendable static func claim(req: Request) async throws -> Response {
        let staff = try req.staff
        let request = try await TriageAccess.request(req, staff: staff)
        let me = try staff.person.requireID()
        let id = try request.requireID()
        let claimed = try await req.db.writeTransaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let rows = try await sql.raw("""
                UPDATE triage_requests SET assignee_id = \(bind: me), claimed_at = \(bind: Date()), \
                status = CASE WHEN status = \(bind: TriageStatus.new.rawValue) THEN \(bind: TriageStatus.inTriage.rawValue) ELSE status END \
                WHERE id = \(bind: id) AND assignee_id IS NULL RETURNING id
                """).all()
            guard !rows.isEmpty else { return false }
            try await req.audit(.requestClaimed, recordType: "triage_request", recordID: request.reference, within: tx)
            return true
        }
        guard claimed else {
            throw Abort(.conflict, reason: "Someone else claimed this request first. It is theirs now; open the queue to pick another.")
        }
        await TriageAccess.announce(request, on: req)
        return req.redirect(to: TriageAction.claim.donePath(id), redirectType: .normal)
    }

    /// One change to the request, written with its audit row in one transaction; a message is handed to the transport
    /// after that commits.
    @Sendable static func act(_ action: TriageAction) -> @Sendable (Request) async throws -> Response {
        { req in
            let staff = try req.staff
            let request = try await TriageAccess.request(req, staff: staff)
            let form = try req.content.decode(ActionForm.self)
            do {
                let applied = try await req.db.writeTransaction { tx in
                    let applied = try await TriageUpdates(req: req, staff: staff, request: request, db: tx).apply(action, form)
                    try await req.audit(applied.action, recordType: "triage_request", recordID: request.reference, detail: applied.detail, within: tx)
                    return applied
                }
                if let message = applied.queuedMessage {
                    try await Messenger(request: req).deliver(message, about: request, audited: true)
                }
                await TriageAccess.announce(request, on: req)
            } catch let problem as ValidationProblem {
                return .page(try await page(request, staff: staff, errors: problem.errors, req: req).html, status: .unprocessableEntity)
            }
            if action == .route, request.handlerID != staff.actingOrganisation.id, request.practiceID != staff.actingOrganisation.id {
                return req.redirect(to: SiteURL.consult.path, redirectType: .normal)
            }
            return req.redirect(to: action.donePath(try request.requireID()), redirectType: .normal)
        }
    }

    /// The request's page for this request, with `errors` from a form that was refused.
    static func page(
        _ request: TriageRequest, staff: StaffContext, errors: [FormError], done: TriageAction? = nil, req: Request
    ) async throws -> TriageRequestShow.View {
        var model = try await TriageRequestShow.Model.load(
            request, for: staff, errors: errors, messenger: Messenger(request: req), directory: req.application.patientDirectory,
            now: Date(), on: req.db)
        model.done = done
        return TriageRequestShow.View(model: model, chrome: req.pageChrome)
    }

    @Sendable static func photo(req: Request) async throws -> Response {
        let staff = try req.staff
        let request = try await TriageAccess.request(req, staff: staff)
        let photoID = try req.uuidParameter(.photoID)
        guard let photo = try await RequestPhoto.query(on: req.db).filter(\.$id == photoID)
            .filter(\.$request.$id == request.requireID()).first()
        else { throw Abort(.notFound, reason: "There is no such photo on this request.") }
        try await req.audit(.requestPhotoViewed, recordType: "triage_request", recordID: request.reference, detail: "photo \(photoID.uuidString)")
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: photo.contentType)
        headers.add(name: "Content-Security-Policy", value: "default-src 'none'")
        headers.add(name: .contentDisposition, value: "inline")
        return Response(status: .ok, headers: headers, body: .init(data: photo.bytes))
    }
}
