import Domain
import Fluent
import Foundation

/// Requests for kit and claims in the person's scope: what waits for their decision, the pipeline, and a form to ask
/// for kit.
enum EstateRequests {
    /// What the page shows: the requests newest first, those the person can decide now, their organisations' names, and
    /// the new request form with its errors and the people a line can be for.
    struct Model: Sendable {
        var requests: [EstateRequest]
        /// Requests waiting for approval whose next step the person may decide.
        var waitingForYou: [EstateRequest]
        var organisationNames: [UUID: String]
        /// Whether the acting organisation provides care (a practice): only it asks for kit.
        var isProvider: Bool
        /// The staff of the acting organisation, for the form's "For" choices.
        var people: [Person]
        var form: EstateRequestForm
        var errors: [FormError]

        /// How many requests are at each stage, every stage in order.
        var counts: [(EstateRequestStatus, Int)] {
            EstateRequestStatus.allCases.map { status in (status, requests.filter { $0.status == status }.count) }
        }

        /// Checks the person may see the estate, then finds at most 500 requests in their scope; a draft is the
        /// practice's own until it is submitted.
        static func load(form: EstateRequestForm, errors: [FormError], for staff: StaffContext, on db: any Database) async throws
            -> Model
        {
            try staff.require(.viewEstate)
            let scope = try await EstateScope.load(for: staff, on: db)
            var query = EstateRequest.query(on: db)
            if let visible = scope.visible { query = query.filter(\.$organisationID ~~ visible) }
            if !scope.isProvider { query = query.filter(\.$status != .draft) }
            let requests = try await query.sort(\.$createdAt, .descending).limit(500).all()
            let awaiting = requests.filter { $0.status == .awaitingApproval }
            let events = try await EstateRequestEvent.query(on: db).filter(\.$requestID ~~ awaiting.compactMap(\.id)).all()
            let mine = awaiting.filter { request in
                let decisions = events.filter { $0.requestID == request.id }.compactMap(\.decision)
                let chain = ApprovalChain(delegatedLimit: request.delegatedLimit ?? EstateSettings.standardDelegatedLimit)
                guard let next = chain.nextStep(for: request.approvalRequest, after: decisions) else { return false }
                return staff.approvalSteps(for: request, scope: scope).contains(next)
            }
            let names = try await EstateRequests.organisationNames(Set(requests.map(\.organisationID)), on: db)
            let people = scope.isProvider ? try await EstateRequestForm.staff(at: staff.actingOrganisation, on: db, today: staff.today) : []
            return Model(
                requests: requests, waitingForYou: mine, organisationNames: names, isProvider: scope.isProvider, people: people,
                form: form, errors: errors)
        }
    }

    /// Organisations' names by id, for the tables of requests and assets.
    static func organisationNames(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        let organisations = try await Organisation.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(organisations.compactMap { org in org.id.map { ($0, org.name) } }, uniquingKeysWith: { a, _ in a })
    }
}
