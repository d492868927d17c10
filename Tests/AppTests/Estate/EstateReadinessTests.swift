import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Readiness from profiles and kit: a practice's own profile for a role, personal devices that show the gap but do
/// not close it, and a claim for one through the same chain.
@Suite struct EstateReadinessTests {
    @Test func aPracticesOwnProfileChangesWhoIsReady() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            var manager = try await EstateWorld.browser(app, world.base.managerA.id)
            let before = try await EstateFulfilmentTests.readiness(app, world.base.practiceA)
            #expect(before.people.first { $0.personID == world.base.gpA.id }?.ready == false)
            // MUT: at practice A a GP needs only a laptop and a second factor
            let saved = try await manager.post(
                SiteURL.estateProfiles.path, form: ["role": "gp", "needs[0]": "laptop", "needs[1]": "second_factor"])
            // validate
            #expect(saved.status == .seeOther)
            let after = try await EstateFulfilmentTests.readiness(app, world.base.practiceA)
            #expect(after.people.first { $0.personID == world.base.gpA.id }?.ready == true)
            #expect(after.summary.ready == before.summary.ready + 1)
            let page = try await manager.get(SiteURL.estateReadiness.path)
            #expect(page.body.string.contains("GP: Laptop, Second factor enrolled"))
            var gp = try await EstateWorld.browser(app, world.base.gpA.id)
            #expect(try await gp.post(SiteURL.estateProfiles.path, form: ["role": "gp"]).status == .forbidden)
        }
    }

    @Test func aPersonalDeviceShowsTheGapAndCanBeClaimed() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            var gp = try await EstateWorld.browser(app, world.base.gpA.id)
            // MUT: the GP records their own headset and claims £24.99 for it
            let recorded = try await gp.post(SiteURL.estatePersonal.path, form: ["kind": "headset", "makeAndModel": "Own Jabra"])
            let own = try #require(try await EstateAsset.query(on: app.db).filter(\.$personal == true).first())
            let badAmount = try await gp.post(SiteURL.estateClaims.path, form: ["assetID": own.id!.uuidString, "amount": "twenty"])
            let claimed = try await gp.post(SiteURL.estateClaims.path, form: ["assetID": own.id!.uuidString, "amount": "24.99"])
            let claimID = try #require(
                UUID(uuidString: String(claimed.location.split(separator: "/").last?.split(separator: "?").first ?? "")))
            var manager = try await EstateWorld.browser(app, world.base.managerA.id)
            let endorsed = try await EstateApprovalTests.decide(&manager, claimID, "approved", step: .practiceManager)
            var lead = try await EstateWorld.browser(app, world.itLead)
            let paid = try await EstateApprovalTests.decide(&lead, claimID, "approved", step: .commissionerITLead, pot: world.pot)
            // validate
            #expect(recorded.status == .seeOther)
            #expect(own.personID == world.base.gpA.id && own.state == .inUse)
            let line = try await EstateFulfilmentTests.readiness(app, world.base.practiceA).people.first {
                $0.personID == world.base.gpA.id
            }
            #expect(line?.missing.contains(.headset) == true, "their own headset does not make them ready")
            #expect(badAmount.status == .unprocessableEntity && badAmount.body.string.contains("Enter the amount in pounds"))
            #expect(endorsed.status == .seeOther && paid.status == .seeOther)
            let claim = try #require(try await EstateRequest.find(claimID, on: app.db))
            #expect(claim.kind == .claim && claim.status == .reimbursed && claim.cost == 2_499)
            #expect(try await EstateFundingPot.find(world.pot, on: app.db)?.drawnDown == 2_499)
            let home = try await gp.get(SiteURL.estate.path)
            #expect(home.body.string.contains("Own Jabra") && home.body.string.contains("is now reimbursed"))
        }
    }

    @Test func theWholeEstateReadAgreesWithThePerOrganisationRead() async throws {
        try await withTestApp { app in
            // setup: kit in use, a personal device and a second factor missing, at four practices
            let world = try await EstateWorld.make(on: app)
            var gp = try await EstateWorld.browser(app, world.base.gpA.id)
            _ = try await gp.post(SiteURL.estatePersonal.path, form: ["kind": "headset"])
            let unenrolled = try #require(try await Person.find(world.base.managerB.id, on: app.db))
            unenrolled.totpSecret = nil
            try await unenrolled.save(on: app.db)
            let organisations = try await Organisation.query(on: app.db).filter(\.$kind == OrganisationKind.practice).sort(\.$name)
                .all()
            // MUT
            let narrow = try await EstateReadiness.organisations(organisations, on: app.db, today: CalendarDay(Date()))
            let wide = try await EstateReadiness.organisations(organisations, on: app.db, today: CalendarDay(Date()), wholeEstateAbove: 0)
            // validate
            #expect(narrow.count == 4 && wide.count == 4, "practices A, B, C and the other ICB's D")
            #expect(narrow.map(\.summary) == wide.map(\.summary))
            for (a, b) in zip(narrow, wide) {
                let byPerson = Dictionary(uniqueKeysWithValues: b.people.map { ($0.personID, $0.missing) })
                #expect(a.people.allSatisfy { byPerson[$0.personID] == $0.missing })
            }
            let managerB = narrow.flatMap(\.people).first { $0.personID == world.base.managerB.id }
            #expect(managerB?.missing.contains(.secondFactor) == true)
            let gpLine = wide.flatMap(\.people).first { $0.personID == world.base.gpA.id }
            #expect(gpLine?.missing.contains(.headset) == true, "their own headset does not count in either read")
            #expect(gpLine?.missing.contains(.laptop) == false, "the practice's laptop in use does")
        }
    }
}
