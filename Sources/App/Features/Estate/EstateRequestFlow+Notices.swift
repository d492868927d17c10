import Domain
import Fluent
import Foundation

/// Who is told what at each step of a request: the requester and the people its lines are for, and whoever must
/// decide next.
extension EstateRequestFlow {
    /// Tells the people who may decide the step now waiting: the practice's managers, the IT leads of the
    /// commissioners above the practice, or national.
    func notifyApprovers(_ request: EstateRequest, chain: ApprovalChain, decisions: [ApprovalDecision], on db: any Database)
        async throws
    {
        guard let step = chain.nextStep(for: request.approvalRequest, after: decisions) else { return }
        var organisations: [UUID] = []
        let role: StaffRole
        switch step {
        case .practiceManager:
            organisations = [request.organisationID]
            role = .practiceManager
        case .commissionerITLead:
            organisations = try await OrganisationScope.commissioningLine(from: request.organisationID, on: db)
                .filter { [.subICB, .icb].contains($0.kind) }.compactMap(\.id)
            role = .commissionerITLead
        case .national:
            organisations = try await Organisation.query(on: db).filter(\.$kind == OrganisationKind.national).all().compactMap(
                \.id)
            role = .nationalAdmin
        }
        let today = CalendarDay(now)
        let deciders = try await Engagement.query(on: db).filter(\.$organisation.$id ~~ organisations).filter(\.$role == role)
            .all()
            .filter { $0.isActive(on: today) && $0.$person.id != request.requesterID }.map(\.$person.id)
        for person in Set(deciders) {
            try await EstateNotice(
                personID: person, at: now,
                text:
                    "\(request.reference) (\(EstateFormat.pounds(request.cost))) is waiting for your decision at the \(step.inSentence) step.",
                requestID: request.id, awaitsStep: step
            ).create(on: db)
        }
    }

    /// The request was decided or withdrawn: the notices asking anyone to decide it leave their messages.
    func settleDecisionNotices(_ requestID: UUID, on db: any Database) async throws {
        try await EstateNotice.query(on: db).filter(\.$requestID == requestID).filter(\.$awaitsStep != nil)
            .filter(\.$settledAt == nil).set(\.$settledAt, to: now).update()
    }

    /// Tells the requester and everyone a line is for.
    func notify(_ request: EstateRequest, lines: [EstateRequestLine], _ text: String, on db: any Database) async throws {
        let people = Set([request.requesterID] + lines.compactMap(\.personID))
        for person in people {
            try await EstateNotice(personID: person, at: now, text: text, requestID: request.id).create(on: db)
        }
    }
}
