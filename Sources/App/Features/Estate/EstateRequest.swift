import Domain
import Fluent
import Foundation

/// A request for kit (or a claim for a personal device already used for work), walking the approval chain and
/// then fulfilment.
final class EstateRequest: Model, @unchecked Sendable {
    static let schema = "estate_requests"

    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Typed(key: "kind") var kind: EstateRequestKind
    @Typed(key: "status") var status: EstateRequestStatus
    @Field(key: "justification") var justification: String
    /// In pence: the sum of the lines.
    @Field(key: "cost") var cost: Int
    /// The commissioner's delegated limit when the request was submitted: the chain does not change under it.
    @OptionalField(key: "delegated_limit") var delegatedLimit: Int?
    /// Raised by a practice manager of the practice: the raising is the practice's endorsement.
    @Field(key: "raised_by_manager") var raisedByManager: Bool
    @OptionalField(key: "tracking") var tracking: String?
    /// Bumped to lock the row (PostgreSQL) while a decision or a step is applied.
    @Field(key: "turn") var turn: Int

    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "requester_id") var requesterID: UUID
    @OptionalField(key: "pot_id") var potID: UUID?

    init() {}

    init(organisationID: UUID, requesterID: UUID, kind: EstateRequestKind, justification: String, raisedByManager: Bool) {
        self.organisationID = organisationID
        self.requesterID = requesterID
        self.kind = kind
        self.status = .draft
        self.justification = justification
        self.cost = 0
        self.raisedByManager = raisedByManager
        self.turn = 0
    }

    /// A short reference staff can say on the phone.
    var reference: String { id.map(Self.reference(for:)) ?? "ER-" }
}

/// One line of a request: a kind of kit, how many, and for whom.
final class EstateRequestLine: Model, @unchecked Sendable {
    static let schema = "estate_request_lines"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "position") var position: Int
    @Typed(key: "kind") var kind: AssetKind
    @Field(key: "quantity") var quantity: Int
    /// In pence.
    @Field(key: "unit_cost") var unitCost: Int
    @OptionalField(key: "person_id") var personID: UUID?
    /// For a claim: the personal device or plan claimed for.
    @OptionalField(key: "asset_id") var assetID: UUID?
    @OptionalField(key: "accepted_at") var acceptedAt: Date?

    init() {}

    init(requestID: UUID, position: Int, line: DraftLine, assetID: UUID? = nil) {
        self.requestID = requestID
        self.position = position
        self.kind = line.kind
        self.quantity = line.quantity
        self.unitCost = line.unitCost
        self.personID = line.personID
        self.assetID = assetID
    }

    var draft: DraftLine { DraftLine(kind: kind, quantity: quantity, personID: personID, unitCost: unitCost) }
}

/// What happened to a request, in order: submitted, each approver's verdict, ordered, dispatched…
final class EstateRequestEvent: Model, @unchecked Sendable {
    static let schema = "estate_request_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "by_id") var byID: UUID
    /// The status the request moved to.
    @Typed(key: "status") var status: EstateRequestStatus
    /// For an approver's verdict: the step and the verdict.
    @OptionalTyped(key: "step") var step: ApprovalStep?
    @OptionalTyped(key: "verdict") var verdict: ApprovalVerdict?
    @OptionalField(key: "note") var note: String?

    init() {}

    init(requestID: UUID, at: Date, byID: UUID, status: EstateRequestStatus, note: String? = nil) {
        self.requestID = requestID
        self.at = at
        self.byID = byID
        self.status = status
        self.note = note
    }

    /// The approver's decision this event records, if it is one.
    var decision: ApprovalDecision? {
        guard let step, let verdict else { return nil }
        return ApprovalDecision(step: step, approverID: byID, verdict: verdict)
    }
}

extension EstateRequest {
    /// The reference of the request with this id: `ER-` and the start of the id.
    static func reference(for id: UUID) -> String { "ER-" + id.uuidString.prefix(6) }
}
