import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The approval chain in the app: who may decide which step, the delegated limit, funding pots drawn once and never
/// below zero, also when many approvals arrive at once.
@Suite struct EstateApprovalTests {
    static func decide(_ browser: inout TestBrowser, _ request: UUID, _ verdict: String, step: ApprovalStep, pot: UUID? = nil) async throws
        -> TestingHTTPResponse
    {
        var form = ["verdict": verdict, "step": step.rawValue]
        if let pot { form["pot"] = pot.uuidString }
        return try await browser.post(SiteURL.estateRequestDecide(id: request).path, form: form)
    }

    @Test func insideTheLimitTheCommissionerApprovesAndThePotIsDrawnOnce() async throws {
        try await withTestApp { app in
            // setup: the practice manager's own request starts at the commissioner
            let world = try await EstateWorld.make(on: app)
            let request = try await EstateWorld.submitted(app, at: world.base.practiceA, by: world.base.managerA.id, cost: 120_000)
            var lead = try await EstateWorld.browser(app, world.itLead)
            // MUT
            let page = try await lead.get(SiteURL.estateRequest(id: request).path)
            let response = try await Self.decide(&lead, request, "approved", step: .commissionerITLead, pot: world.pot)
            // validate
            #expect(page.body.string.contains("Your decision at the commissioner IT lead step"))
            #expect(response.status == .seeOther)
            let saved = try #require(try await EstateRequest.find(request, on: app.db))
            #expect(saved.status == .approved)
            #expect(try await EstateFundingPot.find(world.pot, on: app.db)?.drawnDown == 120_000)
            let again = try await Self.decide(&lead, request, "approved", step: .commissionerITLead, pot: world.pot)
            #expect(again.status == .conflict)
            #expect(again.body.string.contains("already fully approved"))
            #expect(try await EstateFundingPot.find(world.pot, on: app.db)?.drawnDown == 120_000)
        }
    }

    @Test func aboveTheDelegatedLimitNationalMustApproveToo() async throws {
        try await withTestApp { app in
            // setup: the commissioner's limit is £1,000
            let world = try await EstateWorld.make(on: app)
            var lead = try await EstateWorld.browser(app, world.itLead)
            let saved = try await lead.post(SiteURL.estateFundingSettings.path, form: ["delegatedLimit": "1000"])
            #expect(saved.status == .seeOther)
            let request = try await EstateWorld.submitted(app, at: world.base.practiceA, by: world.base.managerA.id, cost: 100_001)
            let leadsHomeBefore = try await lead.get(SiteURL.estate.path).body.string
            // MUT: the commissioner approves, then national
            _ = try await Self.decide(&lead, request, "approved", step: .commissionerITLead, pot: world.pot)
            let waiting = try #require(try await EstateRequest.find(request, on: app.db))
            let drawnBeforeNational = try await EstateFundingPot.find(world.pot, on: app.db)?.drawnDown
            var national = try await EstateWorld.browser(app, world.national)
            let list = try await national.get(SiteURL.estateRequests.path)
            let decided = try await Self.decide(&national, request, "approved", step: .national)
            // validate
            #expect(waiting.status == .awaitingApproval)
            #expect(waiting.delegatedLimit == 100_000)
            #expect(drawnBeforeNational == 0, "nothing is drawn before the last approval")
            #expect(list.body.string.contains(waiting.reference), "national sees the request waiting for it")
            let told = try await EstateNotice.query(on: app.db).filter(\.$personID == world.national).all()
            #expect(told.contains { $0.text.contains("is waiting for your decision at the national step") })
            #expect(decided.status == .seeOther)
            // once decided, the notices asking for a decision leave the deciders' messages
            let leadsHome = try await lead.get(SiteURL.estate.path).body.string
            let nationalHome = try await national.get(SiteURL.estate.path).body.string
            #expect(leadsHomeBefore.contains("waiting for your decision at the commissioner IT lead step"))
            #expect(!leadsHome.contains("waiting for your decision"), "the commissioner's step is decided")
            #expect(!nationalHome.contains("waiting for your decision"), "national's step is decided")
            #expect(try await EstateRequest.find(request, on: app.db)?.status == .approved)
            #expect(try await EstateFundingPot.find(world.pot, on: app.db)?.drawnDown == 100_001)
        }
    }

    @Test func nobodyApprovesTheirOwnRequestOrDecidesTwoSteps() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            // own request: Pat manages practice A and leads IT at the commissioner
            let own = try await EstateWorld.submitted(app, at: world.base.practiceA, by: world.both, cost: 5_000)
            var pat = try await EstateWorld.browser(app, world.both, actingFor: "99X")
            let refused = try await Self.decide(&pat, own, "approved", step: .commissionerITLead, pot: world.pot)
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("your own request"))
            // two steps: the GP's request, endorsed by Pat as practice manager, cannot be approved by Pat again
            let gps = try await EstateWorld.submitted(app, at: world.base.practiceA, by: world.base.gpA.id, cost: 5_000, manager: false)
            var patAtPractice = try await EstateWorld.browser(app, world.both, actingFor: TestWorld.codeA)
            let endorsed = try await Self.decide(&patAtPractice, gps, "approved", step: .practiceManager)
            #expect(endorsed.status == .seeOther)
            let twice = try await Self.decide(&pat, gps, "approved", step: .commissionerITLead, pot: world.pot)
            #expect(twice.status == .conflict)
            #expect(twice.body.string.contains("You already decided this request"))
            // a GP cannot decide any step
            var gp = try await EstateWorld.browser(app, world.base.gpA.id)
            #expect(try await Self.decide(&gp, gps, "approved", step: .commissionerITLead, pot: world.pot).status == .forbidden)
            #expect(try await EstateFundingPot.find(world.pot, on: app.db)?.drawnDown == 0)
        }
    }

    @Test func aRejectionIsFinal() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            let request = try await EstateWorld.submitted(app, at: world.base.practiceA, by: world.base.managerA.id, cost: 5_000)
            var lead = try await EstateWorld.browser(app, world.itLead)
            #expect(try await Self.decide(&lead, request, "rejected", step: .commissionerITLead).status == .seeOther)
            var national = try await EstateWorld.browser(app, world.national)
            let after = try await Self.decide(&national, request, "approved", step: .national)
            #expect(after.status == .forbidden || after.status == .conflict)
            let retry = try await Self.decide(&lead, request, "approved", step: .commissionerITLead, pot: world.pot)
            #expect(retry.status == .conflict)
            #expect(retry.body.string.contains("a rejection is final"))
            #expect(try await EstateRequest.find(request, on: app.db)?.status == .rejected)
            let notices = try await EstateNotice.query(on: app.db).filter(\.$personID == world.base.managerA.id).all()
            #expect(notices.contains { $0.text.contains("rejected at the commissioner IT lead step") })
        }
    }

    @Test func concurrentApprovalsNeverOverspendOnePot() async throws {
        try await withTestApp { app in
            // setup: 24 requests of £100 against a pot of £1,000
            let world = try await EstateWorld.make(on: app, allocation: 100_000)
            var requests: [UUID] = []
            for _ in 0..<24 {
                requests.append(try await EstateWorld.submitted(app, at: world.base.practiceA, by: world.base.managerA.id, cost: 10_000))
            }
            // MUT: every approval at once
            let outcomes = await withTaskGroup(of: String?.self) { group in
                for request in requests {
                    group.addTask {
                        do {
                            try await EstateRequestFlow(db: app.db, now: Date()).decide(
                                request, verdict: .approved, at: .commissionerITLead, by: world.itLead, potID: world.pot, note: nil)
                            return nil
                        } catch let error as EstateError {
                            return error.reason
                        } catch {
                            return "unexpected: \(error)"
                        }
                    }
                }
                var all: [String?] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            // validate: exactly ten approved, the rest told the pot is short, the pot exactly spent
            let refusals = outcomes.compactMap { $0 }
            #expect(outcomes.count == 24)
            #expect(refusals.count == 14)
            #expect(refusals.allSatisfy { $0.contains("the funding pot has only £0.00 left") }, "\(refusals.first ?? "")")
            let pot = try #require(try await EstateFundingPot.find(world.pot, on: app.db))
            #expect(pot.drawnDown == 100_000)
            let approved = try await EstateRequest.query(on: app.db).filter(\.$status == EstateRequestStatus.approved).count()
            #expect(approved == 10)
        }
    }
}
