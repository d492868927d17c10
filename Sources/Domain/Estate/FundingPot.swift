import Foundation

/// Why a funding pot refused a draw-down; each message says what is left.
public enum FundingPotError: Error, Equatable, Sendable, CustomStringConvertible {
    case negativeAmount(Int)
    case insufficient(requested: Int, remaining: Int)
    case overdrawn(allocation: Int, drawnDown: Int)

    public var description: String {
        switch self {
        case .negativeAmount(let pence):
            "An amount to draw (\(Pounds.text(pence))) cannot be below zero."
        case .insufficient(let requested, let remaining):
            "This needs \(Pounds.text(requested)) but the funding pot has only \(Pounds.text(remaining)) left. "
                + "Ask the commissioner to add funding or reduce the request."
        case .overdrawn(let allocation, let drawnDown):
            "A funding pot cannot have drawn \(Pounds.text(drawnDown)) from an allocation of \(Pounds.text(allocation))."
        }
    }
}

/// A commissioner's funding pot: an allocation in pence and how much approvals have drawn from it.
/// It can never go below zero.
public struct FundingPot: Codable, Equatable, Sendable {
    public let allocation: Int
    public let drawnDown: Int

    /// Refuses a negative allocation or draw-down, or more drawn than allocated.
    public init(allocation: Int, drawnDown: Int = 0) throws(FundingPotError) {
        guard allocation >= 0 else { throw .negativeAmount(allocation) }
        guard drawnDown >= 0 else { throw .negativeAmount(drawnDown) }
        guard drawnDown <= allocation else { throw .overdrawn(allocation: allocation, drawnDown: drawnDown) }
        self.allocation = allocation
        self.drawnDown = drawnDown
    }

    /// What is still available to draw, in pence.
    public var remaining: Int { allocation - drawnDown }

    /// The pot after drawing `amount` pence, or an error saying what is left.
    public func drawing(_ amount: Int) throws(FundingPotError) -> FundingPot {
        guard amount >= 0 else { throw .negativeAmount(amount) }
        guard amount <= remaining else { throw .insufficient(requested: amount, remaining: remaining) }
        return try FundingPot(allocation: allocation, drawnDown: drawnDown + amount)
    }
}

extension ApprovalChain {
    /// Records a verdict and, when it is the approval that completes the chain, draws the request's
    /// cost from `pot`. If there is no pot, or it cannot cover the cost, the approval is refused and nothing changes.
    public func recording(
        _ verdict: ApprovalVerdict,
        at step: ApprovalStep,
        by approverID: UUID,
        on request: ApprovalRequest,
        after decisions: [ApprovalDecision],
        drawingFrom pot: FundingPot?
    ) throws(ApprovalError) -> (decisions: [ApprovalDecision], pot: FundingPot?) {
        let updated = try recording(verdict, at: step, by: approverID, on: request, after: decisions)
        guard outcome(for: request, after: updated) == .approved else { return (updated, pot) }
        guard let pot else { throw .noFundingPot }
        do {
            return (updated, try pot.drawing(request.cost))
        } catch {
            throw .notEnoughFunding(error)
        }
    }

    /// The same, when the pot is known: a pot is always there to draw from.
    public func recording(
        _ verdict: ApprovalVerdict,
        at step: ApprovalStep,
        by approverID: UUID,
        on request: ApprovalRequest,
        after decisions: [ApprovalDecision],
        drawingFrom pot: FundingPot
    ) throws(ApprovalError) -> (decisions: [ApprovalDecision], pot: FundingPot) {
        let result = try recording(verdict, at: step, by: approverID, on: request, after: decisions, drawingFrom: Optional(pot))
        return (result.decisions, result.pot ?? pot)
    }
}
