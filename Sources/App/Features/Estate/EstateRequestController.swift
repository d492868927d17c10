import Domain
import Fluent
import Foundation
import Plot
import Vapor

/// Requests for kit and claims: the pipeline, a new request, and each step from submission to return.
enum EstateRequestController {
    @Sendable static func index(req: Request) async throws -> HTML {
        let staff = try req.staff
        try staff.require(.viewEstate)
        return try await EstateRequestPages.pipeline(req: req, staff: staff, form: EstateRequestForm(), errors: [])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let staff = try req.staff
        try staff.require(.viewEstate)
        let form = try req.content.decode(EstateRequestForm.self)
        let (lines, errors) = try await form.lines(at: staff.actingOrganisation, on: req.db, today: staff.today)
        guard errors.isEmpty else {
            return try await EstateRequestPages.pipeline(req: req, staff: staff, form: form, errors: errors)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let id = try await EstateRequestFlow(db: req.db, now: Date()).createDraft(
            organisationID: try staff.actingOrganisation.requireID(), requesterID: try staff.person.requireID(), kind: .kit,
            justification: form.justification.trimmingCharacters(in: .whitespacesAndNewlines), lines: lines,
            raisedByManager: staff.actingRoles.contains(.practiceManager))
        try await req.audit(.estateRequestChanged, recordType: "estate_request", recordID: id.uuidString, detail: "drafted")
        return req.redirect(to: SiteURL.estateRequest(id: id).path + "?done=drafted", redirectType: .normal)
    }

    /// A request's page: for those who manage or fund the estate in scope, and for the person who raised it (a claim
    /// for their own device).
    @Sendable static func show(req: Request) async throws -> HTML {
        let staff = try req.staff
        let id = try req.uuidParameter(.estateRequestID)
        if !staff.can(.viewEstate), let own = try await EstateRequest.find(id, on: req.db), own.requesterID == staff.person.id {
            return try await EstateRequestPages.detail(own, req: req, staff: staff)
        }
        try staff.require(.viewEstate)
        let scope = try await EstateScope.load(for: staff, on: req.db)
        let request = try await scope.request(id, on: req.db)
        return try await EstateRequestPages.detail(request, req: req, staff: staff)
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let staff = try req.staff
        let scope = try await EstateScope.load(for: staff, on: req.db)
        let request = try await scope.request(try req.uuidParameter(.estateRequestID), on: req.db)
        try await EstateRequestFlow(db: req.db, now: Date()).submit(try request.requireID(), by: try staff.person.requireID())
        try await req.audit(.estateRequestChanged, recordType: "estate_request", recordID: request.id?.uuidString, detail: "submitted")
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
        guard EstateApprover.steps(for: staff, request: request, scope: scope).contains(step) else {
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
        try await EstateRequestFlow(db: req.db, now: Date()).decide(
            try request.requireID(), verdict: verdict, at: step, by: try staff.person.requireID(), potID: potID, note: note)
        try await req.audit(
            .estateRequestChanged, recordType: "estate_request", recordID: request.id?.uuidString,
            detail: "\(verdict.rawValue) at \(step.rawValue)")
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
        guard let status = KitRequestStatus(rawValue: form.status) else { throw EstateError.invalid("That is not a step of a request.") }
        let isRequester = request.requesterID == staff.person.id
        guard staff.can(.manageEstate) || (status == .withdrawn && isRequester) else {
            throw EstateError.notAllowed("Only the practice manager or the commissioner's IT lead records fulfilment.")
        }
        do {
            try await EstateRequestFlow(db: req.db, now: Date()).advance(
                try request.requireID(), to: status, tracking: form.tracking, by: try staff.person.requireID())
        } catch let error as EstateError where status == .dispatched {
            let field = FormError(field: "tracking", message: error.reason)
            return try await EstateRequestPages.detail(request, req: req, staff: staff, errors: [field])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await req.audit(.estateRequestChanged, recordType: "estate_request", recordID: request.id?.uuidString, detail: status.rawValue)
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

/// Which steps of the approval chain the signed-in person may decide for a request.
enum EstateApprover {
    static func steps(for staff: StaffContext, request: EstateRequest, scope: EstateScope) -> Set<ApprovalStep> {
        var steps = Set<ApprovalStep>()
        let kind = staff.actingOrganisation.organisationKind
        if staff.actingOrganisation.id == request.organisationID, staff.actingRoles.contains(.practiceManager) {
            steps.insert(.practiceManager)
        }
        if staff.can(.approveFunding), kind == .subICB || kind == .icb, scope.contains(request.organisationID) {
            steps.insert(.commissionerITLead)
        }
        if staff.can(.approveNationalFunding), kind == .national { steps.insert(.national) }
        return steps
    }
}
