import Domain
import Foundation
import Testing

@Suite struct FundingPotTests {
    let chain = ApprovalChain(delegatedLimit: 500_000)

    @Test func drawingReducesWhatIsLeft() throws {
        // setup
        let pot = try FundingPot(allocation: 1_000_000)
        // MUT
        let drawn = try pot.drawing(250_000).drawing(750_000)
        // validate
        #expect(drawn.drawnDown == 1_000_000)
        #expect(drawn.remaining == 0)
        #expect(throws: FundingPotError.insufficient(requested: 1, remaining: 0)) { try drawn.drawing(1) }
        #expect(try drawn.drawing(0) == drawn)
    }

    @Test func overdrawingIsRefusedAndSaysWhatIsLeft() throws {
        // setup
        let pot = try FundingPot(allocation: 100_000, drawnDown: 60_000)
        // MUT + validate
        #expect(throws: FundingPotError.insufficient(requested: 40_001, remaining: 40_000)) { try pot.drawing(40_001) }
        #expect(
            FundingPotError.insufficient(requested: 40_001, remaining: 40_000).description
                == "This needs £400.01 but the funding pot has only £400.00 left. Ask the commissioner to add funding or reduce the request."
        )
        #expect(throws: FundingPotError.negativeAmount(-5)) { try pot.drawing(-5) }
        #expect(throws: FundingPotError.insufficient(requested: .max, remaining: 40_000)) { try pot.drawing(.max) }
    }

    @Test func aPotCannotBeBuiltOverdrawnOrNegative() {
        #expect(throws: FundingPotError.overdrawn(allocation: 10, drawnDown: 11)) { try FundingPot(allocation: 10, drawnDown: 11) }
        #expect(throws: FundingPotError.negativeAmount(-1)) { try FundingPot(allocation: -1) }
        #expect(throws: FundingPotError.negativeAmount(-1)) { try FundingPot(allocation: 10, drawnDown: -1) }
    }

    @Test func onlyTheCompletingApprovalDrawsDown() throws {
        // setup: above the limit, so national completes the chain
        let pot = try FundingPot(allocation: 2_000_000)
        let request = ApprovalRequest(requesterID: UUID(), cost: 600_000)
        var state = (decisions: [ApprovalDecision](), pot: pot)
        // MUT
        var potAfterEachStep: [Int] = []
        for step in ApprovalStep.allCases {
            state = try chain.recording(.approved, at: step, by: UUID(), on: request, after: state.decisions, drawingFrom: state.pot)
            potAfterEachStep.append(state.pot.remaining)
        }
        // validate
        #expect(potAfterEachStep == [2_000_000, 2_000_000, 1_400_000])
    }

    @Test func aRejectionDrawsNothing() throws {
        let pot = try FundingPot(allocation: 1_000_000)
        let request = ApprovalRequest(requesterID: UUID(), cost: 100_000)
        let first = try chain.recording(.approved, at: .practiceManager, by: UUID(), on: request, after: [], drawingFrom: pot)
        // MUT
        let second = try chain.recording(
            .rejected, at: .commissionerITLead, by: UUID(), on: request, after: first.decisions, drawingFrom: first.pot)
        // validate
        #expect(second.pot == pot)
    }

    @Test func anApprovalThePotCannotCoverIsRefusedAndNothingChanges() throws {
        // setup
        let pot = try FundingPot(allocation: 100_000, drawnDown: 90_000)
        let request = ApprovalRequest(requesterID: UUID(), cost: 20_000)
        let first = try chain.recording(.approved, at: .practiceManager, by: UUID(), on: request, after: [], drawingFrom: pot)
        // MUT + validate
        #expect(throws: ApprovalError.notEnoughFunding(.insufficient(requested: 20_000, remaining: 10_000))) {
            try chain.recording(.approved, at: .commissionerITLead, by: UUID(), on: request, after: first.decisions, drawingFrom: first.pot)
        }
        #expect(chain.nextStep(for: request, after: first.decisions) == .commissionerITLead)
    }

    @Test func anApprovalCompletingTheChainWithoutAPotIsRefused() throws {
        // setup
        let request = ApprovalRequest(requesterID: UUID(), cost: 20_000)
        let first = try chain.recording(.approved, at: .practiceManager, by: UUID(), on: request, after: [], drawingFrom: nil)
        // MUT + validate: the first step needs no pot; the one that completes the chain does
        #expect(first.pot == nil)
        #expect(throws: ApprovalError.noFundingPot) {
            try chain.recording(.approved, at: .commissionerITLead, by: UUID(), on: request, after: first.decisions, drawingFrom: nil)
        }
    }

    @Test(arguments: [1, 42, 2026, 65_000])
    func manyApprovalsInRandomOrderNeverOverspend(seed: UInt64) throws {
        // setup: 200 requests on either side of the limit, far more than the pot can fund
        var generator = SeededGenerator(seed: seed)
        let allocation = 5_000_000
        var pot = try FundingPot(allocation: allocation)
        let requests = (0..<200).map { _ in ApprovalRequest(requesterID: UUID(), cost: Int.random(in: 0...1_000_000, using: &generator)) }
        var decisions = Array(repeating: [ApprovalDecision](), count: requests.count)
        var pending = Array(requests.indices)
        var funded = 0
        // MUT: repeatedly pick a random open request and approve its next step
        while let pick = pending.indices.randomElement(using: &generator) {
            let index = pending[pick]
            guard let step = chain.nextStep(for: requests[index], after: decisions[index]) else {
                pending.remove(at: pick)
                continue
            }
            do {
                let result = try chain.recording(
                    .approved, at: step, by: UUID(), on: requests[index], after: decisions[index], drawingFrom: pot)
                if chain.outcome(for: requests[index], after: result.decisions) == .approved { funded += requests[index].cost }
                (decisions[index], pot) = result
            } catch .notEnoughFunding {
                pending.remove(at: pick)
            }
            // validate: the pot never goes below zero
            #expect(pot.remaining >= 0)
        }
        // validate: what was drawn is exactly what the approved requests cost, within the allocation
        #expect(pot.drawnDown == funded)
        #expect(pot.drawnDown <= allocation)
        #expect(funded > 0)
    }
}
