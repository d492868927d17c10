import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Other people's kit, serials and readiness are for those who manage or fund the estate, of the organisations they
/// act for: a hub's or out-of-hours service's agreement with a practice is about patients, not the practice's kit.
@Suite struct EstateVisibilityTests {
    /// A hub working for practice A under an agreement, with a GP and a practice manager of its own.
    static func hub(_ app: Application, world: TestWorld) async throws -> (gp: TestBrowser, manager: TestBrowser) {
        let hub = Organisation(odsCode: "H99001", name: "Test Hub", kind: .hub, parentID: world.commissioner)
        try await hub.create(on: app.db)
        let period = try EngagementPeriod(starts: CalendarDay(Date()).adding(days: -1), ends: nil)
        try await SharingAgreement(providerID: hub.requireID(), practiceID: world.practiceA, period: period, purpose: "Extended access")
            .create(on: app.db)
        let gp = try await TestBrowser.engaged(app, name: "Hana Hub-GP", email: "gp@hub.test", at: hub.requireID(), as: .gp)
        let manager = try await TestBrowser.engaged(
            app, name: "Hugo Hub-Manager", email: "manager@hub.test", at: hub.requireID(), as: .practiceManager)
        return (gp, manager)
    }

    @Test func hubStaffSeeNothingOfTheirPartnerPracticesEstate() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var (gp, manager) = try await Self.hub(app, world: world)
            let asset = SiteURL.estateAsset(id: world.estateAssetA).path
            let request = SiteURL.estateRequest(id: world.estateRequestA).path
            // MUT
            let gpPages = [
                try await gp.get(SiteURL.estateReadiness.path + "?org=\(TestWorld.codeA)"), try await gp.get(SiteURL.estateAssets.path),
                try await gp.get(asset), try await gp.get(SiteURL.estateRequests.path),
            ]
            let gpOwn = try await gp.get(SiteURL.estate.path)
            let managerReadiness = try await manager.get(SiteURL.estateReadiness.path + "?org=\(TestWorld.codeA)")
            let managerAssets = try await manager.get(SiteURL.estateAssets.path)
            let managerAsset = try await manager.get(asset)
            let managerRequest = try await manager.get(request)
            // validate
            #expect(gpPages.map(\.status) == [.forbidden, .forbidden, .forbidden, .forbidden])
            #expect(gpOwn.status == .ok && !gpOwn.body.string.contains(TestWorld.markerA))
            #expect(managerReadiness.status == .notFound && managerAsset.status == .notFound && managerRequest.status == .notFound)
            #expect(managerAssets.status == .ok && !managerAssets.body.string.contains("ALPHA-0001"))
            for page in gpPages + [managerReadiness, managerAssets, managerAsset, managerRequest] {
                #expect(!page.body.string.contains("SN-A1") && !page.body.string.contains(TestWorld.markerA))
            }
        }
    }

    @Test func aPracticesOwnCliniciansSeeTheirOwnKitNotTheirColleagues() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            // MUT
            let readiness = try await gp.get(SiteURL.estateReadiness.path)
            let own = try await gp.get(SiteURL.estate.path)
            let managersView = try await manager.get(SiteURL.estateReadiness.path)
            // validate
            #expect(readiness.status == .forbidden)
            #expect(own.status == .ok && own.body.string.contains("ALPHA-0001"), "their own laptop is on their own page")
            #expect(!own.body.string.contains("href=\"\(SiteURL.estateReadiness.path)\""))
            #expect(managersView.status == .ok && managersView.body.string.contains(TestWorld.markerA))
        }
    }
}
