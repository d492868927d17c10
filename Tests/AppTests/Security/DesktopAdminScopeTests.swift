import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A commissioner IT lead administers only the pools all of whose organisations it commissions; a system
/// administrator every pool.
@Suite struct DesktopAdminScopeTests {
    /// A commissioner IT lead of practice A's own sub-ICB.
    static func ownCommissioner(_ app: Application, world: TestWorld) async throws -> TestBrowser {
        try await TestBrowser.engaged(app, name: "Cora Commissioner", email: "cora@99x.test", at: world.commissioner, as: .commissionerITLead)
    }

    static func poolForm(_ name: String, _ codes: String) -> [String: String] {
        ["name": name, "placement": "breadthFirst", "organisations": codes, "disconnectedMinutes": "20", "idleMinutes": "30"]
    }

    @Test func anotherICBsCommissionerNeitherSeesNorChangesAsPools() async throws {
        try await withTestApp { app in
            // setup: A's GP sits on A's seat
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            var other = try await TestBrowser.signedIn(app, personID: world.otherCommissioner.id)
            // MUT
            let list = try await other.get(SiteURL.desktopPools.path)
            let pool = try await other.get(SiteURL.desktopPoolAdmin(id: world.desktopPoolA).path)
            let host = try await other.post(
                SiteURL.desktopPoolHosts(id: world.desktopPoolA).path,
                form: ["name": "intruder", "address": "127.0.0.1", "secret": "secret12", "seats": "127.0.0.1:5999"])
            let drain = try await other.post(SiteURL.desktopHostState(id: world.desktopHostA).path, form: ["state": "draining"])
            let out = try await other.post(SiteURL.desktopSeatSignOut(id: world.desktopSeatA).path)
            let grantA = try await other.post(SiteURL.desktopPools.path, form: Self.poolForm("Grab", TestWorld.codeA))
            let grantBoth = try await other.post(
                SiteURL.desktopPools.path, form: Self.poolForm("Grab both", "\(TestWorld.codeD), \(TestWorld.codeA)"))
            let own = try await other.post(SiteURL.desktopPools.path, form: Self.poolForm("Delta desktops", TestWorld.codeD))
            // validate
            #expect(list.status == .ok && !list.body.string.contains("Alpha desktops"))
            #expect([pool.status, host.status, drain.status, out.status] == [.notFound, .notFound, .notFound, .notFound])
            #expect(grantA.status == .unprocessableEntity && grantBoth.status == .unprocessableEntity)
            #expect(grantA.body.string.contains("No organisation you look after has the ODS code \(TestWorld.codeA)"))
            #expect(own.status == .seeOther, "a commissioner registers pools for its own practices")
            #expect(try await DesktopHost.query(on: app.db).count() == 1)
            #expect(try await DesktopHost.find(world.desktopHostA, on: app.db)?.state.storedText == "enabled")
            #expect(try await DesktopSeat.find(world.desktopSeatA, on: app.db)?.personID == world.gpA.id)
            #expect(try await DesktopPool.query(on: app.db).all().map(\.name).sorted() == ["Alpha desktops", "Delta desktops"])
            let listAfter = try await other.get(SiteURL.desktopPools.path).body.string
            #expect(listAfter.contains("Delta desktops") && !listAfter.contains("Alpha desktops"))
        }
    }

    @Test func aPoolSharedAcrossTwoICBsIsTheSystemAdministratorsAlone() async throws {
        try await withTestApp { app in
            // setup: a pool serving A (first ICB line) and C (the other ICB)
            let world = try await TestWorld.make(on: app)
            let shared = DesktopPoolFile(
                name: "Shared desktops", organisations: [TestWorld.codeA, TestWorld.codeD],
                hosts: [.init(name: "shared-host", address: "127.0.0.1", secret: "pw", seats: [.init(name: "sh-1", host: "127.0.0.1", port: 2)])])
            let sharedID = try await shared.apply(on: app.db, box: app.secretBox)
            var own = try await Self.ownCommissioner(app, world: world)
            var other = try await TestBrowser.signedIn(app, personID: world.otherCommissioner.id)
            var admin = try await DesktopAdminTests.admin(app, world: world)
            // MUT
            let ownList = try await own.get(SiteURL.desktopPools.path).body.string
            let ownShared = try await own.get(SiteURL.desktopPoolAdmin(id: sharedID).path)
            let ownPool = try await own.get(SiteURL.desktopPoolAdmin(id: world.desktopPoolA).path)
            let otherShared = try await other.get(SiteURL.desktopPoolAdmin(id: sharedID).path)
            let adminList = try await admin.get(SiteURL.desktopPools.path).body.string
            let adminShared = try await admin.get(SiteURL.desktopPoolAdmin(id: sharedID).path)
            // validate
            #expect(ownList.contains("Alpha desktops") && !ownList.contains("Shared desktops"))
            #expect(ownPool.status == .ok)
            #expect(ownShared.status == .notFound && otherShared.status == .notFound)
            #expect(adminList.contains("Alpha desktops") && adminList.contains("Shared desktops"))
            #expect(adminShared.status == .ok)
        }
    }

    @Test func peopleWithoutThePermissionAreRefused() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            // MUT / validate
            #expect(try await manager.get(SiteURL.desktopPools.path).status == .forbidden)
            #expect(try await manager.get(SiteURL.desktopPoolAdmin(id: world.desktopPoolA).path).status == .forbidden)
        }
    }
}
