import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// From a practice's gaps to kit in use: request what is missing, approval, ordered (from stock or bought),
/// dispatched with tracking, delivered, accepted by the person; readiness rises by exactly that person.
@Suite struct EstateFulfilmentTests {
    static func readiness(_ app: Application, _ practice: UUID) async throws -> EstateReadiness.OrganisationLine {
        let organisation = try #require(try await Organisation.find(practice, on: app.db))
        return try #require(try await EstateReadiness.organisations([organisation], on: app.db, today: CalendarDay(Date())).first)
    }

    @Test func requestWhatIsMissingThroughToAcceptance() async throws {
        try await withTestApp { app in
            // setup: the GP has a laptop; a spare headset is in stock at practice A
            let world = try await EstateWorld.make(on: app)
            let spare = EstateAsset()
            spare.apply(
                AssetRow(
                    tag: "ALPHA-SPARE", serial: "", kind: .headset, make: "Spare", model: "", ownerODS: TestWorld.codeA, funder: .practice,
                    personEmail: nil, location: nil, state: .inStock, encryption: .unknown, operatingSystem: nil, osEndOfSupport: nil,
                    lastSeen: nil, personal: false, certificate: nil),
                ownerID: world.base.practiceA, personID: nil)
            try await spare.create(on: app.db)
            let before = try await Self.readiness(app, world.base.practiceA)
            let gpBefore = try #require(before.people.first { $0.personID == world.base.gpA.id })
            var manager = try await EstateWorld.browser(app, world.base.managerA.id)
            // MUT: the manager's one step
            let page = try await manager.get(SiteURL.estateReadiness.path)
            let drafted = try await manager.post(SiteURL.estateRequestMissing.path)
            let requestID = try #require(
                UUID(uuidString: String(drafted.location.split(separator: "/").last?.split(separator: "?").first ?? "")))
            let lines = try await EstateRequestLine.query(on: app.db).filter(\.$requestID == requestID).all()
            // validate the draft: one line per person per missing kit item, nobody ready among them
            #expect(page.body.string.contains("Request what is missing"))
            #expect(page.body.string.contains(TestWorld.markerA))
            #expect(
                Set(lines.filter { $0.personID == world.base.gpA.id }.map(\.kind)) == Set(gpBefore.missing.compactMap(\.kindToRequest))
            )
            #expect(!gpBefore.missing.isEmpty && gpBefore.missing.allSatisfy(\.isKit), "the GP lacks only kit: \(gpBefore.missing)")
            // submit, approve, order, dispatch, deliver
            #expect(try await manager.post(SiteURL.estateRequestSubmit(id: requestID).path).status == .seeOther)
            var lead = try await EstateWorld.browser(app, world.itLead)
            let approved = try await EstateApprovalTests.decide(&lead, requestID, "approved", step: .commissionerITLead, pot: world.pot)
            #expect(approved.status == .seeOther)
            let advance = { (browser: inout TestBrowser, status: EstateRequestStatus, tracking: String?) in
                try await browser.post(
                    SiteURL.estateRequestAdvance(id: requestID).path, form: ["status": status.rawValue, "tracking": tracking ?? ""])
            }
            #expect(try await advance(&manager, .ordered, nil).status == .seeOther)
            let spareAfterOrder = try #require(try await EstateAsset.find(try spare.requireID(), on: app.db))
            let untracked = try await advance(&manager, .dispatched, " ")
            #expect(untracked.status == .unprocessableEntity, "dispatch needs a tracking reference")
            #expect(untracked.body.string.contains("tracking-error"), "the error is shown on the field")
            #expect(try await advance(&manager, .dispatched, "RM123456789GB").status == .seeOther)
            #expect(try await advance(&manager, .delivered, nil).status == .seeOther)
            // the GP accepts each of their lines
            var gp = try await EstateWorld.browser(app, world.base.gpA.id)
            let home = try await gp.get(SiteURL.estate.path)
            for line in lines where line.personID == world.base.gpA.id {
                #expect(try await gp.post(SiteURL.estateLineAccept(id: try line.requireID()).path).status == .seeOther)
            }
            // validate: the stock headset went to someone, the GP's kit is in use, readiness rose by the GP alone
            #expect(
                spareAfterOrder.state == .allocated && spareAfterOrder.personID != nil, "the spare headset was allocated from stock")
            #expect(home.body.string.contains("I have received my"))
            #expect(home.body.string.contains("Delivered: confirm you have it above"))
            let gpKit = try await EstateAsset.query(on: app.db).filter(\.$personID == world.base.gpA.id).filter(
                \.$state == AssetState.inUse
            ).all()
            #expect(Set(gpKit.map(\.kind)).isSuperset(of: gpBefore.missing.compactMap(\.kindToRequest)))
            let after = try await Self.readiness(app, world.base.practiceA)
            #expect(after.people.first { $0.personID == world.base.gpA.id }?.ready == true)
            #expect(after.summary.ready == before.summary.ready + 1)
            #expect(after.summary.staff == before.summary.staff)
            let delivered = try #require(gpKit.first { $0.requestLineID != nil })
            let history = try await EstateAssetChange.query(on: app.db).filter(\.$assetID == delivered.requireID()).all()
            #expect(history.contains { $0.summary.contains("In transit → In use") })
            let request = try #require(try await EstateRequest.find(requestID, on: app.db))
            #expect(request.tracking == "RM123456789GB")
            let gpNotices = try await EstateNotice.query(on: app.db).filter(\.$personID == world.base.gpA.id).all()
            #expect(gpNotices.contains { $0.text.contains("was dispatched (tracking RM123456789GB)") })
        }
    }

    @Test func endingTheLastEngagementStartsTheReturnOfTheKit() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            var manager = try await EstateWorld.browser(app, world.base.managerA.id)
            // MUT
            let ended = try await manager.post(SiteURL.engagementEnd(id: world.base.engagementAtA).path)
            // validate
            #expect(ended.status == .seeOther)
            let laptop = try #require(try await EstateAsset.find(world.base.estateAssetA, on: app.db))
            #expect(laptop.returnDueSince != nil)
            let history = try await EstateAssetChange.query(on: app.db).filter(\.$assetID == world.base.estateAssetA).all()
            #expect(history.contains { $0.summary.contains("return started") })
            let readiness = try await manager.get(SiteURL.estateReadiness.path)
            #expect(readiness.body.string.contains("Kit to come back") && readiness.body.string.contains("ALPHA-0001"))
            let moved = try await manager.post(
                SiteURL.estateAssetState(id: world.base.estateAssetA).path, form: ["state": "returned", "person": ""])
            #expect(moved.status == .seeOther)
            let returned = try #require(try await EstateAsset.find(world.base.estateAssetA, on: app.db))
            #expect(returned.state == .returned && returned.personID == nil && returned.returnDueSince == nil)
        }
    }

    @Test func disposalNeedsACertificateAndEveryChangeIsKept() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            var manager = try await EstateWorld.browser(app, world.base.managerA.id)
            let path = SiteURL.estateAssetState(id: world.base.estateAssetA).path
            #expect(try await manager.post(path, form: ["state": "returned", "person": ""]).status == .seeOther)
            #expect(try await manager.post(path, form: ["state": "retired", "person": ""]).status == .seeOther)
            let refused = try await manager.post(path, form: ["state": "disposed", "person": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("certificate"))
            #expect(
                try await manager.post(path, form: ["state": "disposed", "person": "", "certificate": "WEEE-2026-0042"]).status == .seeOther
            )
            let asset = try #require(try await EstateAsset.find(world.base.estateAssetA, on: app.db))
            #expect(asset.state == .disposed && asset.certificate == "WEEE-2026-0042")
            let page = try await manager.get(SiteURL.estateAsset(id: world.base.estateAssetA).path)
            #expect(page.body.string.contains("Retired → Disposed") && page.body.string.contains("Mary Manager-A"))
            let jump = try await manager.post(
                SiteURL.estateAssetState(id: world.base.estateAssetA).path, form: ["state": "in_use", "person": ""])
            #expect(jump.status == .unprocessableEntity, "a disposed asset goes nowhere")
        }
    }

    @Test func theRequesterTrimsTheirDraftBeforeSubmitting() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            var manager = try await EstateWorld.browser(app, world.base.managerA.id)
            let drafted = try await manager.post(SiteURL.estateRequestMissing.path)
            let requestID = try #require(
                UUID(uuidString: String(drafted.location.split(separator: "/").last?.split(separator: "?").first ?? "")))
            let lines = try await EstateRequestLine.query(on: app.db).filter(\.$requestID == requestID).sort(\.$position).all()
            let before = try #require(try await EstateRequest.find(requestID, on: app.db)).cost
            #expect(lines.count >= 2)
            // MUT
            var gp = try await EstateWorld.browser(app, world.base.gpA.id)
            let notTheirs = try await gp.post(SiteURL.estateLineRemove(id: try lines[0].requireID()).path)
            let removed = try await manager.post(SiteURL.estateLineRemove(id: try lines[0].requireID()).path)
            let page = try await manager.get(removed.location)
            _ = try await manager.post(SiteURL.estateRequestSubmit(id: requestID).path)
            let submitted = try await manager.get(SiteURL.estateRequest(id: requestID).path).body.string
            let afterSubmit = try await manager.post(SiteURL.estateLineRemove(id: try lines[1].requireID()).path)
            // validate
            #expect(notTheirs.status == .forbidden)
            #expect(removed.status == .seeOther && page.body.string.contains("Line removed; the cost is updated."))
            #expect(page.body.string.contains("<th>Change</th>") && !page.body.string.contains("<th>Accepted</th>"))
            #expect(page.body.string.contains(#">Remove<span class="visually-hidden"> "#))
            #expect(submitted.contains("<th>Accepted</th>") && !submitted.contains(">Remove<"), "submitted, the lines stay")
            let request = try #require(try await EstateRequest.find(requestID, on: app.db))
            #expect(request.cost == before - lines[0].quantity * lines[0].unitCost)
            #expect(afterSubmit.status == .conflict)
            #expect(try await EstateRequestLine.query(on: app.db).filter(\.$requestID == requestID).count() == lines.count - 1)
        }
    }
}
