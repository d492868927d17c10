import Domain
import Foundation
import Testing

@Suite struct ApprovalChainTests {
    let chain = ApprovalChain(delegatedLimit: 500_000)
    let requester = UUID()
    let manager = UUID()
    let commissioner = UUID()
    let national = UUID()

    /// Approves every step in order by the named approvers and returns the decisions.
    func approvedThrough(_ steps: [ApprovalStep], request: ApprovalRequest) throws -> [ApprovalDecision] {
        let approvers: [ApprovalStep: UUID] = [.practiceManager: manager, .commissionerITLead: commissioner, .national: national]
        var decisions: [ApprovalDecision] = []
        for step in steps {
            decisions = try chain.recording(.approved, at: step, by: approvers[step]!, on: request, after: decisions)
        }
        return decisions
    }

    @Test(arguments: [0, 1, 499_999, 500_000])
    func atOrBelowTheLimitNeedsNoNationalStep(cost: Int) throws {
        // setup
        let request = ApprovalRequest(requesterID: requester, cost: cost)
        // MUT
        let decisions = try approvedThrough([.practiceManager, .commissionerITLead], request: request)
        // validate
        #expect(chain.steps(forCost: cost) == [.practiceManager, .commissionerITLead])
        #expect(chain.nextStep(for: request, after: decisions) == nil)
        #expect(chain.outcome(for: request, after: decisions) == .approved)
    }

    @Test(arguments: [500_001, 10_000_000, Int.max])
    func aboveTheLimitNeedsNational(cost: Int) throws {
        // setup
        let request = ApprovalRequest(requesterID: requester, cost: cost)
        // MUT
        let afterCommissioner = try approvedThrough([.practiceManager, .commissionerITLead], request: request)
        // validate
        #expect(chain.nextStep(for: request, after: afterCommissioner) == .national)
        let done = try chain.recording(.approved, at: .national, by: national, on: request, after: afterCommissioner)
        #expect(chain.outcome(for: request, after: done) == .approved)
    }

    @Test func nextStepWalksTheChainInOrder() throws {
        // setup
        let request = ApprovalRequest(requesterID: requester, cost: 900_000)
        var seen: [ApprovalStep] = []
        var decisions: [ApprovalDecision] = []
        // MUT
        while let step = chain.nextStep(for: request, after: decisions) {
            seen.append(step)
            decisions = try chain.recording(.approved, at: step, by: UUID(), on: request, after: decisions)
        }
        // validate
        #expect(seen == ApprovalStep.allCases)
    }

    @Test(arguments: ApprovalStep.allCases)
    func nobodyDecidesTheirOwnRequest(step: ApprovalStep) throws {
        // setup: the requester is also the person holding the step's role
        let request = ApprovalRequest(requesterID: requester, cost: 900_000)
        let before = try approvedThrough(Array(ApprovalStep.allCases.prefix { $0 < step }), request: request)
        for verdict in [ApprovalVerdict.approved, .rejected] {
            // MUT + validate
            #expect(throws: ApprovalError.ownRequest(step)) {
                try chain.recording(verdict, at: step, by: requester, on: request, after: before)
            }
        }
        #expect(chain.nextStep(for: request, after: before) == step)
    }

    @Test(arguments: ApprovalStep.allCases)
    func aRejectionIsFinal(rejectedAt: ApprovalStep) throws {
        // setup
        let request = ApprovalRequest(requesterID: requester, cost: 900_000)
        let before = try approvedThrough(Array(ApprovalStep.allCases.prefix { $0 < rejectedAt }), request: request)
        // MUT
        let rejected = try chain.recording(.rejected, at: rejectedAt, by: UUID(), on: request, after: before)
        // validate
        #expect(chain.outcome(for: request, after: rejected) == .rejected(at: rejectedAt))
        #expect(chain.nextStep(for: request, after: rejected) == nil)
        for step in ApprovalStep.allCases {
            for verdict in [ApprovalVerdict.approved, .rejected] {
                #expect(throws: ApprovalError.alreadyRejected(at: rejectedAt)) {
                    try chain.recording(verdict, at: step, by: UUID(), on: request, after: rejected)
                }
            }
        }
    }

    @Test func decidingOutOfOrderIsRefused() throws {
        // setup
        let request = ApprovalRequest(requesterID: requester, cost: 900_000)
        let afterManager = try approvedThrough([.practiceManager], request: request)
        // MUT + validate
        #expect(throws: ApprovalError.outOfOrder(attempted: .commissionerITLead, expected: .practiceManager)) {
            try chain.recording(.approved, at: .commissionerITLead, by: commissioner, on: request, after: [])
        }
        #expect(throws: ApprovalError.outOfOrder(attempted: .national, expected: .practiceManager)) {
            try chain.recording(.rejected, at: .national, by: national, on: request, after: [])
        }
        #expect(throws: ApprovalError.outOfOrder(attempted: .practiceManager, expected: .commissionerITLead)) {
            try chain.recording(.approved, at: .practiceManager, by: UUID(), on: request, after: afterManager)
        }
    }

    @Test func nothingMoreOnceApproved() throws {
        // setup: within the limit, so national is not needed
        let request = ApprovalRequest(requesterID: requester, cost: 500_000)
        let done = try approvedThrough([.practiceManager, .commissionerITLead], request: request)
        // MUT + validate
        #expect(throws: ApprovalError.alreadyApproved) {
            try chain.recording(.approved, at: .national, by: national, on: request, after: done)
        }
        #expect(throws: ApprovalError.alreadyApproved) {
            try chain.recording(.rejected, at: .commissionerITLead, by: UUID(), on: request, after: done)
        }
    }

    @Test func aPersonDecidesAtMostOneStepOfARequest() throws {
        // setup: the practice manager also holds the commissioner IT lead role
        let request = ApprovalRequest(requesterID: requester, cost: 900_000)
        let afterManager = try approvedThrough([.practiceManager], request: request)
        for verdict in [ApprovalVerdict.approved, .rejected] {
            // MUT + validate
            #expect(throws: ApprovalError.alreadyDecided(.practiceManager)) {
                try chain.recording(verdict, at: .commissionerITLead, by: manager, on: request, after: afterManager)
            }
        }
        #expect(chain.nextStep(for: request, after: afterManager) == .commissionerITLead)
    }

    @Test func anEarlierDeciderCannotTakeTheNationalStepEither() throws {
        // setup
        let request = ApprovalRequest(requesterID: requester, cost: 900_000)
        let afterCommissioner = try approvedThrough([.practiceManager, .commissionerITLead], request: request)
        // MUT + validate
        #expect(throws: ApprovalError.alreadyDecided(.practiceManager)) {
            try chain.recording(.approved, at: .national, by: manager, on: request, after: afterCommissioner)
        }
        #expect(throws: ApprovalError.alreadyDecided(.commissionerITLead)) {
            try chain.recording(.approved, at: .national, by: commissioner, on: request, after: afterCommissioner)
        }
        let done = try chain.recording(.approved, at: .national, by: national, on: request, after: afterCommissioner)
        #expect(chain.outcome(for: request, after: done) == .approved)
    }

    @Test func separationOfDutiesComesAfterOwnRequestAndBeforeOrder() throws {
        // setup
        let request = ApprovalRequest(requesterID: requester, cost: 900_000)
        let afterManager = try approvedThrough([.practiceManager], request: request)
        // MUT + validate: deciding the wrong step again is reported as already decided, not out of order
        #expect(throws: ApprovalError.alreadyDecided(.practiceManager)) {
            try chain.recording(.approved, at: .practiceManager, by: manager, on: request, after: afterManager)
        }
        #expect(throws: ApprovalError.alreadyDecided(.practiceManager)) {
            try chain.recording(.approved, at: .national, by: manager, on: request, after: afterManager)
        }
        #expect(throws: ApprovalError.ownRequest(.commissionerITLead)) {
            try chain.recording(.approved, at: .commissionerITLead, by: requester, on: request, after: afterManager)
        }
    }

    @Test func separationOfDutiesDrawsNothingFromThePot() throws {
        // setup
        let pot = try FundingPot(allocation: 1_000_000)
        let request = ApprovalRequest(requesterID: requester, cost: 100_000)
        let first = try chain.recording(.approved, at: .practiceManager, by: manager, on: request, after: [], drawingFrom: pot)
        // MUT + validate
        #expect(throws: ApprovalError.alreadyDecided(.practiceManager)) {
            try chain.recording(
                .approved, at: .commissionerITLead, by: manager, on: request, after: first.decisions, drawingFrom: first.pot)
        }
        #expect(first.pot == pot)
    }

    @Test func aRequestRaisedByThePracticeManagerStartsAtTheCommissioner() throws {
        let raised = ApprovalRequest(requesterID: manager, cost: chain.delegatedLimit + 1, raisedByPracticeManager: true)
        #expect(chain.steps(for: raised) == [.commissionerITLead, .national])
        #expect(chain.outcome(for: raised, after: []) == .awaiting(.commissionerITLead))
        #expect(throws: ApprovalError.outOfOrder(attempted: .practiceManager, expected: .commissionerITLead)) {
            try chain.recording(.approved, at: .practiceManager, by: requester, on: raised, after: [])
        }
        #expect(throws: ApprovalError.ownRequest(.commissionerITLead)) {
            try chain.recording(.approved, at: .commissionerITLead, by: manager, on: raised, after: [])
        }
        let commissioner = UUID()
        let afterCommissioner = try chain.recording(.approved, at: .commissionerITLead, by: commissioner, on: raised, after: [])
        #expect(chain.outcome(for: raised, after: afterCommissioner) == .awaiting(.national))
        let done = try chain.recording(.approved, at: .national, by: UUID(), on: raised, after: afterCommissioner)
        #expect(chain.outcome(for: raised, after: done) == .approved)
    }

    @Test func aNegativeCostIsRefused() {
        let request = ApprovalRequest(requesterID: requester, cost: -1)
        #expect(throws: ApprovalError.negativeCost(-1)) {
            try chain.recording(.approved, at: .practiceManager, by: manager, on: request, after: [])
        }
    }

    @Test func messagesArePlain() {
        #expect(
            ApprovalError.ownRequest(.commissionerITLead).description
                == "You cannot approve or reject your own request. Ask someone else at the commissioner IT lead step to decide it."
        )
        #expect(ApprovalError.alreadyRejected(at: .practiceManager).description.contains("a rejection is final"))
        #expect(
            ApprovalError.outOfOrder(attempted: .national, expected: .practiceManager).description
                == "This request is waiting for the practice manager step, so it cannot be decided at the national step yet."
        )
        #expect(ApprovalError.negativeCost(-150).description.contains("-£1.50"))
        #expect(
            ApprovalError.alreadyDecided(.practiceManager).description
                == "You already decided this request at the practice manager step; another person must decide the next step. "
                + "Pass it to a colleague who holds that role.")
    }
}
