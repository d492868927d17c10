import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Requests for kit and claims: the pipeline, a new request, and each step from submission to return.
enum EstateRequestController {
    @Sendable static func index(req: Request) async throws -> HTML {
        try await pipeline(req: req, form: EstateRequestForm(), errors: [])
    }

    /// The pipeline with the new request form: load it, render it.
    static func pipeline(req: Request, form: EstateRequestForm, errors: [FormError]) async throws -> HTML {
        let model = try await EstateRequests.Model.load(form: form, errors: errors, for: try req.staff, on: req.db)
        return EstateRequests.View(model: model, chrome: req.pageChrome).html
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.viewEstate)
        let form = try req.content.decode(EstateRequestForm.self)
        let (lines, errors) = try await form.lines(at: staff.actingOrganisation, on: req.db, today: staff.today)
        guard errors.isEmpty else {
            return try await pipeline(req: req, form: form, errors: errors)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let organisationID = try staff.actingOrganisation.requireID()
        let requesterID = try staff.person.requireID()
        let justification = form.justification.trimmingCharacters(in: .whitespacesAndNewlines)
        let raisedByManager = staff.actingRoles.contains(.practiceManager)
        let id = try await req.db.writeTransaction { tx in
            let id = try await EstateRequestFlow(db: tx, now: Date()).createDraft(
                organisationID: organisationID, requesterID: requesterID, kind: .kit, justification: justification, lines: lines,
                raisedByManager: raisedByManager)
            try await req.audit(.estateRequestChanged, recordType: "estate_request", recordID: id.uuidString, detail: "drafted", within: tx)
            return id
        }
        return req.redirect(to: SiteURL.estateRequest(id: id).path + "?done=drafted", redirectType: .normal)
    }

    /// A request's page: for those who manage or fund the estate in scope, and for the person who raised it (a claim
    /// for their own device).
    @Sendable static func show(req: Request) async throws -> HTML {
        try await detail(try req.uuidParameter(.estateRequestID), req: req)
    }

    /// One request's page: load it (with its access check), render it.
    static func detail(_ id: UUID, req: Request, errors: [FormError] = []) async throws -> HTML {
        let done = req.query[String.self, at: "done"]
        let model = try await EstateRequestShow.Model.load(id, for: try req.staff, done: done, errors: errors, on: req.db)
        return EstateRequestShow.View(model: model, chrome: req.pageChrome).html
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let staff = try req.staff
        let scope = try await EstateScope.load(for: staff, on: req.db)
        let request = try await scope.request(try req.uuidParameter(.estateRequestID), on: req.db)
        let requestID = try request.requireID()
        let personID = try staff.person.requireID()
        try await req.db.writeTransaction { tx in
            try await EstateRequestFlow(db: tx, now: Date()).submit(requestID, by: personID)
            try await req.audit(.estateRequestChanged, recordType: "estate_request", recordID: requestID.uuidString, detail: "submitted", within: tx)
        }
        return req.redirect(to: SiteURL.estateRequest(id: try request.requireID()).path + "?done=submitted", redirectType: .normal)
    }

    struct DecisionForm: Content {
        var verdict: String
        var step: String
        var pot: String?
        var note: String?
    }

    /// An approver's verdict at the step they may decide; the pot is chosen by the commissioner (or national).
    @Sendable static func decide(req: Request) async throws -> Response {
        let staff = try req.staff
        let scope = try await EstateScope.load(for: staff, on: req.db)
        let request = try await scope.request(try req.uuidParameter(.estateRequestID), on: req.db)
        let form = try req.content.decode(DecisionForm.self)
        guard let verdict = ApprovalVerdict(rawValue: form.verdict), let step = ApprovalStep(rawValue: form.step) else {
            throw EstateError.invalid("Choose to approve or reject.")
        }
        guard staff.approvalSteps(for: request, scope: scope).contains(step) else {
            throw EstateError.notAllowed(
                "Your role at \(staff.actingOrganisation.name) cannot decide the \(step.inSentence) step.")
        }
        var potID: UUID?
        if let chosen = form.pot.flatMap(UUID.init(uuidString:)) {
            guard let pot = try await EstateFundingPot.find(chosen, on: req.db),
                pot.ownerID == staff.actingOrganisation.id || pot.id == request.potID
            else { throw EstateError.invalid("Choose one of your organisation's funding pots.") }
            potID = pot.id
        }
        let note = form.note.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        let requestID = try request.requireID()
        let personID = try staff.person.requireID()
        let chosenPot = potID
        try await req.db.writeTransaction { tx in
            try await EstateRequestFlow(db: tx, now: Date()).decide(
                requestID, verdict: verdict, at: step, by: personID, potID: chosenPot, note: note)
            try await req.audit(
                .estateRequestChanged, recordType: "estate_request", recordID: requestID.uuidString,
                detail: "\(verdict.rawValue) at the \(step.inSentence) step", within: tx)
        }
        return req.redirect(to: SiteURL.estateRequest(id: try request.requireID()).path, redirectType: .normal)
    }

    struct AdvanceForm: Content {
        var status: String
        var tracking: String?
    }

    /// Ordered, dispatched (with tracking), delivered, returned, or withdrawn.
    @Sendable static func advance(req: Request) async throws -> Response {
        let staff = try req.staff
        let scope = try await EstateScope.load(for: staff, on: req.db)
        let request = try await scope.request(try req.uuidParameter(.estateRequestID), on: req.db)
        let form = try req.content.decode(AdvanceForm.self)
        guard let status = EstateRequestStatus(rawValue: form.status) else { throw EstateError.invalid("That is not a step of a request.") }
        let isRequester = request.requesterID == staff.person.id
        guard staff.can(.manageEstate) || (status == .withdrawn && isRequester) else {
            throw EstateError.notAllowed("Only the practice manager or the commissioner's IT lead records fulfilment.")
        }
        let requestID = try request.requireID()
        let personID = try staff.person.requireID()
        let tracking = form.tracking
        do {
            try await req.db.writeTransaction { tx in
                try await EstateRequestFlow(db: tx, now: Date()).advance(requestID, to: status, tracking: tracking, by: personID)
                try await req.audit(
                    .estateRequestChanged, recordType: "estate_request", recordID: requestID.uuidString, detail: status.rawValue, within: tx)
            }
        } catch let error as EstateError where status == .dispatched {
            let field = FormError(field: "tracking", message: error.reason)
            return try await detail(requestID, req: req, errors: [field])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: SiteURL.estateRequest(id: try request.requireID()).path + "?done=\(status.rawValue)", redirectType: .normal)
    }

    /// Removes a line from the requester's own draft.
    @Sendable static func removeLine(req: Request) async throws -> Response {
        let staff = try req.staff
        let requestID = try await EstateRequestFlow(db: req.db, now: Date()).removeLine(
            try req.uuidParameter(.lineID), by: try staff.person.requireID())
        return req.redirect(to: SiteURL.estateRequest(id: requestID).path + "?done=removed", redirectType: .normal)
    }
}

extension StaffContext {
    /// The steps of `request`'s approval chain the signed-in person may decide (the rule is Domain's `Approver`).
    func approvalSteps(for request: EstateRequest, scope: EstateScope) -> Set<ApprovalStep> {
        Approver(
            actingKind: actingOrganisation.kind, roles: Set(actingRoles), permissions: permissions,
            actsForRequester: actingOrganisation.id == request.organisationID, commissionsRequester: scope.contains(request.organisationID)
        ).steps
    }
}
