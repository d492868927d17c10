import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A personal device or plan is claimed for once; the person who claimed sees their own claim's page.
@Suite struct RepeatedClaimTests {
    @Test func aSecondClaimForTheSameDeviceIsRefused() async throws {
        try await withTestApp { app in
            // setup: the GP records their own headset and claims for it
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            _ = try await gp.post(SiteURL.estatePersonal.path, form: ["kind": "headset", "makeAndModel": "Own Jabra"])
            let own = try #require(try await EstateAsset.query(on: app.db).filter(\.$personal == true).first())
            let first = try await gp.post(SiteURL.estateClaims.path, form: ["assetID": own.id!.uuidString, "amount": "24.99"])
            // MUT
            let again = try await gp.post(SiteURL.estateClaims.path, form: ["assetID": own.id!.uuidString, "amount": "24.99"])
            let ownClaim = try await gp.get(first.location)
            // validate
            #expect(first.status == .seeOther)
            #expect(again.status == .conflict && again.body.string.contains("You have already claimed for this headset"))
            let claims = try await EstateRequest.query(on: app.db).filter(\.$kind == EstateRequestKind.claim).count()
            #expect(claims == 1)
            #expect(ownClaim.status == .ok, "the person who claimed sees their claim")
        }
    }
}
