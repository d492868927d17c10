import Foundation

/// One step of the funding approval chain, in the order a request walks it.
public enum ApprovalStep: String, CaseIterable, Codable, Comparable, Sendable {
    case practiceManager = "practice_manager"
    case commissionerITLead = "commissioner_it_lead"
    case national

    /// The step as staff name it.
    public var displayName: String {
        switch self {
        case .practiceManager: "Practice manager"
        case .commissionerITLead: "Commissioner IT lead"
        case .national: "National"
        }
    }

    /// The step as it reads inside a sentence: "the commissioner IT lead step".
    public var inSentence: String {
        switch self {
        case .practiceManager: "practice manager"
        case .commissionerITLead: "commissioner IT lead"
        case .national: "national"
        }
    }

    public static func < (lhs: ApprovalStep, rhs: ApprovalStep) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Approve or reject: the two things an approver can say at a step.
public enum ApprovalVerdict: String, Codable, Sendable {
    case approved, rejected
}

/// One approver's verdict at one step, as recorded on the request.
public struct ApprovalDecision: Codable, Equatable, Sendable {
    public var step: ApprovalStep
    public var approverID: UUID
    public var verdict: ApprovalVerdict

    public init(step: ApprovalStep, approverID: UUID, verdict: ApprovalVerdict) {
        self.step = step
        self.approverID = approverID
        self.verdict = verdict
    }
}

/// What the chain needs to know about a request: who raised it and what it costs, in pence.
public struct ApprovalRequest: Codable, Equatable, Sendable {
    public var requesterID: UUID
    public var cost: Int
    /// Raised by a practice manager of the practice itself: raising it is the practice's endorsement, so the chain
    /// starts at the commissioner. Nobody approves their own request either way.
    public var raisedByPracticeManager: Bool

    public init(requesterID: UUID, cost: Int, raisedByPracticeManager: Bool = false) {
        self.requesterID = requesterID
        self.cost = cost
        self.raisedByPracticeManager = raisedByPracticeManager
    }
}

/// Where a request stands on the chain.
public enum ApprovalOutcome: Equatable, Sendable {
    case awaiting(ApprovalStep)
    case approved
    case rejected(at: ApprovalStep)
}

/// Why a decision was refused; each message says what to do next.
public enum ApprovalError: Error, Equatable, Sendable, CustomStringConvertible {
    case negativeCost(Int)
    case ownRequest(ApprovalStep)
    /// The approver already decided an earlier step, given here, of the same request.
    case alreadyDecided(ApprovalStep)
    case alreadyRejected(at: ApprovalStep)
    case alreadyApproved
    case outOfOrder(attempted: ApprovalStep, expected: ApprovalStep)
    case notEnoughFunding(FundingPotError)
    /// The approval would complete the chain but no funding pot was chosen to pay for it.
    case noFundingPot

    public var description: String {
        switch self {
        case .negativeCost(let pence):
            "The request's cost (\(Pounds.text(pence))) cannot be below zero. Correct the cost and submit it again."
        case .ownRequest(let step):
            "You cannot approve or reject your own request. Ask someone else at the \(step.inSentence) step to decide it."
        case .alreadyDecided(let step):
            "You already decided this request at the \(step.inSentence) step; another person must decide the next step. "
                + "Pass it to a colleague who holds that role."
        case .alreadyRejected(let step):
            "This request was rejected at the \(step.inSentence) step, and a rejection is final. "
                + "Raise a new request if the kit is still needed."
        case .alreadyApproved:
            "This request is already fully approved; nothing more is needed."
        case .outOfOrder(let attempted, let expected):
            "This request is waiting for the \(expected.inSentence) step, "
                + "so it cannot be decided at the \(attempted.inSentence) step yet."
        case .notEnoughFunding(let potError):
            potError.description
        case .noFundingPot:
            "Choose the funding pot this request is paid from."
        }
    }
}

/// The funding approval chain as data: practice manager, then commissioner IT lead, then national
/// only when the cost is above the commissioner's delegated limit (all amounts in pence).
public struct ApprovalChain: Codable, Equatable, Sendable {
    /// The most, in pence, a commissioner may approve without national sign-off; a cost equal to it
    /// stays with the commissioner.
    public var delegatedLimit: Int

    public init(delegatedLimit: Int) {
        self.delegatedLimit = delegatedLimit
    }

    /// The steps a request of this cost must pass, in order.
    public func steps(forCost cost: Int) -> [ApprovalStep] {
        cost > delegatedLimit ? [.practiceManager, .commissionerITLead, .national] : [.practiceManager, .commissionerITLead]
    }

    /// The steps this request must pass, in order: without the practice manager's when one raised it.
    public func steps(for request: ApprovalRequest) -> [ApprovalStep] {
        let all = steps(forCost: request.cost)
        return request.raisedByPracticeManager ? all.filter { $0 != .practiceManager } : all
    }

    /// The step that must decide next, or nil once the request is fully approved or rejected.
    public func nextStep(for request: ApprovalRequest, after decisions: [ApprovalDecision]) -> ApprovalStep? {
        if case .awaiting(let step) = outcome(for: request, after: decisions) { step } else { nil }
    }

    /// Where the request stands: a rejection anywhere ends it; otherwise the first step without an approval.
    public func outcome(for request: ApprovalRequest, after decisions: [ApprovalDecision]) -> ApprovalOutcome {
        if let rejection = decisions.first(where: { $0.verdict == .rejected }) {
            return .rejected(at: rejection.step)
        }
        let approvedSteps = Set(decisions.map(\.step))
        if let missing = steps(for: request).first(where: { !approvedSteps.contains($0) }) {
            return .awaiting(missing)
        }
        return .approved
    }

    /// Records a verdict at `step`, returning the decisions with it appended, or refusing it when the
    /// approver raised the request or already decided one of its steps (separation of duties), the
    /// request is already settled, or `step` is not the one waiting.
    public func recording(
        _ verdict: ApprovalVerdict,
        at step: ApprovalStep,
        by approverID: UUID,
        on request: ApprovalRequest,
        after decisions: [ApprovalDecision]
    ) throws(ApprovalError) -> [ApprovalDecision] {
        guard request.cost >= 0 else { throw .negativeCost(request.cost) }
        switch outcome(for: request, after: decisions) {
        case .rejected(let at): throw .alreadyRejected(at: at)
        case .approved: throw .alreadyApproved
        case .awaiting(let expected):
            guard approverID != request.requesterID else { throw .ownRequest(step) }
            if let earlier = decisions.first(where: { $0.approverID == approverID }) { throw .alreadyDecided(earlier.step) }
            guard step == expected else { throw .outOfOrder(attempted: step, expected: expected) }
        }
        return decisions + [ApprovalDecision(step: step, approverID: approverID, verdict: verdict)]
    }
}

/// Pence shown as pounds for messages: "£1,234.50".
public enum Pounds {
    public static func text(_ pence: Int) -> String {
        let sign = pence < 0 ? "-" : ""
        let magnitude = pence.magnitude
        let pounds = magnitude / 100
        let rest = magnitude % 100
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_GB")
        let whole = formatter.string(from: NSNumber(value: pounds)) ?? String(pounds)
        return "\(sign)£\(whole).\(rest < 10 ? "0" : "")\(rest)"
    }
}
