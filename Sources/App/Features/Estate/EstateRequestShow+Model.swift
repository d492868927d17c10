import Domain
import Fluent
import Foundation

/// One request for kit or claim: its lines, the approval chain with each verdict, fulfilment, and what the viewer may do.
enum EstateRequestShow {
    /// What the page shows, and what the person looking may do next.
    struct Model: Sendable {
        var request: EstateRequest
        var lines: [EstateRequestLine]
        /// What happened to the request, oldest first.
        var events: [EstateRequestEvent]
        /// The names of the requester, the people lines are for, and those who acted.
        var names: [UUID: String]
        var organisationName: String
        var pot: EstateFundingPot?
        /// The steps of the request's approval chain, and the verdicts given so far.
        var steps: [ApprovalStep]
        var decisions: [ApprovalDecision]
        /// The step the request waits for, if it waits for approval.
        var next: ApprovalStep?
        /// Whether the person looking may decide `next`.
        var mayDecide: Bool
        /// The acting organisation's pots, offered to an approver.
        var pots: [EstateFundingPot]
        var viewerID: UUID?
        /// Whether the person manages the estate, and manages it for the requesting organisation.
        var manages: Bool
        var managesForRequester: Bool
        /// What the page confirms after an action (the redirect's `done`).
        var confirmation: Confirmation?
        var errors: [FormError]

        var isRequester: Bool { request.requesterID == viewerID }
        /// A draft of the person's own with lines to spare: each line can be removed instead of showing when it was accepted.
        var editable: Bool { request.status == .draft && isRequester && lines.count > 1 }
        /// A person's name, or a dash.
        func name(_ id: UUID?) -> String { id.flatMap { names[$0] } ?? "—" }

        /// For those who manage or fund the estate in scope, and for the person who raised the request (a claim for
        /// their own device); finds its lines, events, people and pots.
        static func load(
            _ id: UUID, for staff: StaffContext, done: String?, errors: [FormError] = [], on db: any Database
        ) async throws -> Model {
            let request: EstateRequest
            let scope: EstateScope
            if !staff.can(.viewEstate), let own = try await EstateRequest.find(id, on: db), own.requesterID == staff.person.id {
                request = own
                scope = try await EstateScope.load(for: staff, on: db)
            } else {
                try staff.require(.viewEstate)
                scope = try await EstateScope.load(for: staff, on: db)
                request = try await scope.request(id, on: db)
            }
            let lines = try await EstateRequestLine.query(on: db).filter(\.$requestID == id).sort(\.$position).all()
            let events = try await EstateRequestEvent.query(on: db).filter(\.$requestID == id).sort(\.$at).all()
            let peopleIDs = Set(lines.compactMap(\.personID) + events.map(\.byID) + [request.requesterID])
            let people = try await Person.query(on: db).filter(\.$id ~~ peopleIDs).all()
            let names = Dictionary(people.compactMap { person in person.id.map { ($0, person.name) } }, uniquingKeysWith: { a, _ in a })
            let organisation = try await Organisation.find(request.organisationID, on: db)
            let pot = try await request.potID.asyncMap { try await EstateFundingPot.find($0, on: db) } ?? nil
            let chain = ApprovalChain(delegatedLimit: request.delegatedLimit ?? EstateSettings.standardDelegatedLimit)
            let decisions = events.compactMap(\.decision)
            let next = request.status == .awaitingApproval ? chain.nextStep(for: request.approvalRequest, after: decisions) : nil
            let mayDecide = next.map { staff.approvalSteps(for: request, scope: scope).contains($0) } ?? false
            let pots =
                mayDecide
                ? try await EstateFundingPot.query(on: db).filter(\.$ownerID == staff.actingOrganisation.requireID()).sort(\.$name).all()
                : []
            let manages = staff.can(.manageEstate)
            return Model(
                request: request, lines: lines, events: events, names: names, organisationName: organisation?.name ?? "", pot: pot,
                steps: chain.steps(for: request.approvalRequest), decisions: decisions, next: next, mayDecide: mayDecide, pots: pots,
                viewerID: staff.person.id, manages: manages,
                managesForRequester: manages && staff.actingOrganisation.id == request.organisationID,
                confirmation: Confirmation(rawValue: done ?? ""), errors: errors)
        }
    }
}

/// What the request page confirms after an action, named in the redirect's `done`.
enum Confirmation: String, Sendable {
    case drafted, submitted, approved, rejected, ordered, dispatched, delivered, returned, withdrawn, removed

    var text: String {
        switch self {
        case .drafted: "Draft saved. Check the lines, remove any that are not needed, then submit it."
        case .submitted: "Submitted. The approvers have been told."
        case .approved: "Approved. The people concerned have been told."
        case .rejected: "Rejected. The people concerned have been told."
        case .ordered: "Recorded as ordered: kit in stock was allocated and the rest put on order."
        case .dispatched: "Recorded as dispatched with its tracking reference."
        case .delivered: "Recorded as delivered. Each person accepts their kit on their own estate page."
        case .returned: "Recorded as returned."
        case .withdrawn: "Withdrawn."
        case .removed: "Line removed; the cost is updated."
        }
    }
}
