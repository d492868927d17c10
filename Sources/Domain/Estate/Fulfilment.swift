import Foundation

/// Where a kit request or claim is, from draft to delivery or reimbursement.
public enum EstateRequestStatus: String, CaseIterable, Codable, Sendable {
    case draft
    case awaitingApproval = "awaiting_approval"
    case approved, rejected, ordered, dispatched, delivered, accepted, returned, reimbursed, withdrawn

    /// The status as staff name it.
    public var displayName: String {
        switch self {
        case .draft: "Draft"
        case .awaitingApproval: "Awaiting approval"
        case .approved: "Approved"
        case .rejected: "Rejected"
        case .ordered: "Ordered"
        case .dispatched: "Dispatched"
        case .delivered: "Delivered"
        case .accepted: "Accepted"
        case .returned: "Returned"
        case .reimbursed: "Reimbursed"
        case .withdrawn: "Withdrawn"
        }
    }

    var inSentence: String { displayName.lowercased() }

    /// What may be done next from this status, said as advice.
    var nextStepAdvice: String {
        switch self {
        case .draft: "Submit it for approval, or withdraw it."
        case .awaitingApproval: "It is with the approvers, who approve or reject it; you may still withdraw it."
        case .approved: "Mark it ordered once the kit is ordered; a claim is marked reimbursed instead."
        case .ordered: "Mark it dispatched, with the courier's tracking reference, when it is sent."
        case .dispatched: "Mark it delivered when it arrives."
        case .delivered: "Mark it accepted once the person has checked the kit."
        case .accepted: "It can only be marked returned, when the kit comes back."
        case .rejected, .returned, .reimbursed, .withdrawn: "It is finished; raise a new request if kit is still needed."
        }
    }
}

/// What is being asked for: kit to order, or a claim to pay back a personal device or data plan that
/// was already used for work. An approved claim is reimbursed, never ordered.
public enum EstateRequestKind: String, Codable, Sendable, CaseIterable {
    case kit, claim
}

/// Why a request could not move on or be submitted; each message says what to do next.
public enum FulfilmentError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAllowed(from: EstateRequestStatus, to: EstateRequestStatus)
    case trackingRequired
    case claimsAreNotOrdered
    case emptyRequest
    case badQuantity(Int)

    public var description: String {
        switch self {
        case .notAllowed(let from, let to) where from == to:
            "This request is already \(from.inSentence); nothing needs doing. Refresh the page to see its latest status."
        case .notAllowed(let from, let to):
            "A request that is \(from.inSentence) cannot be marked \(to.inSentence). \(from.nextStepAdvice)"
        case .trackingRequired:
            "Marking a request dispatched needs the courier's tracking reference. Enter it, then try again."
        case .claimsAreNotOrdered:
            "A claim pays back a personal device or data plan already used for work, so it is never ordered or delivered. "
                + "Once approved it is marked reimbursed."
        case .emptyRequest:
            "A request needs at least one line. Add the kit needed, then submit it."
        case .badQuantity(let quantity):
            "A line's quantity must be from 1 to 500, not \(quantity). Correct the quantity, or split a larger order into several requests."
        }
    }
}

/// The rules for moving a request through approval, ordering and delivery.
public enum Fulfilment {
    /// The most of one thing a single line may ask for.
    static let quantities = 1...500

    /// Allows one step of a request's life and refuses anything else, including staying put. Approval
    /// and rejection come from the approval chain; an approved claim goes straight to reimbursed.
    public static func check(kind: EstateRequestKind, from: EstateRequestStatus, to: EstateRequestStatus, tracking: String?)
        throws(FulfilmentError)
    {
        let shipping: Set<EstateRequestStatus> = [.ordered, .dispatched, .delivered, .accepted, .returned]
        if kind == .claim, shipping.contains(to) { throw .claimsAreNotOrdered }
        guard next(from: from, kind: kind).contains(to) else { throw .notAllowed(from: from, to: to) }
        if to == .dispatched, (tracking ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .trackingRequired
        }
    }

    /// The statuses a request of this kind may move to from `from`.
    static func next(from: EstateRequestStatus, kind: EstateRequestKind) -> Set<EstateRequestStatus> {
        switch (from, kind) {
        case (.draft, _): [.awaitingApproval, .withdrawn]
        case (.awaitingApproval, .kit): [.approved, .rejected, .withdrawn]
        case (.awaitingApproval, .claim): [.approved, .rejected, .reimbursed, .withdrawn]
        case (.approved, .kit): [.ordered]
        case (.approved, .claim): [.reimbursed]
        case (.ordered, .kit): [.dispatched]
        case (.dispatched, .kit): [.delivered]
        case (.delivered, .kit): [.accepted]
        case (.accepted, .kit): [.returned]
        default: []
        }
    }

    /// The status a request takes from where it stands on the approval chain.
    public static func status(after outcome: ApprovalOutcome, kind: EstateRequestKind) -> EstateRequestStatus {
        switch outcome {
        case .awaiting: .awaitingApproval
        case .approved: kind == .claim ? .reimbursed : .approved
        case .rejected: .rejected
        }
    }

    /// Refuses a request with no lines, or a line asking for fewer than 1 or more than 500.
    public static func validateLines(_ lines: [DraftLine]) throws(FulfilmentError) {
        guard !lines.isEmpty else { throw .emptyRequest }
        if let bad = lines.first(where: { !quantities.contains($0.quantity) }) { throw .badQuantity(bad.quantity) }
    }

    /// What all the lines cost together, in pence.
    public static func cost(of lines: [DraftLine]) -> Int {
        lines.reduce(0) { $0 + $1.lineCost }
    }
}
