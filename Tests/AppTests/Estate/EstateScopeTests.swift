import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A commissioner sees only the practices it commissions; a practice only itself; national every one.
@Suite struct EstateScopeTests {
    @Test func aCommissionerSeesOnlyItsOwnPractices() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            var lead = try await EstateWorld.browser(app, world.itLead)
            // MUT
            let rollup = try await lead.get(SiteURL.estateReadiness.path)
            let gamma = try await lead.get(SiteURL.estateReadiness.path + "?org=\(EstateWorld.codeC)")
            let alpha = try await lead.get(SiteURL.estateReadiness.path + "?org=\(TestWorld.codeA)")
            let assets = try await lead.get(SiteURL.estateAssets.path)
            let gammaAssets = try await lead.get(SiteURL.estateAssets.path + "?org=\(EstateWorld.codeC)")
            let gammaAsset = try await lead.get(SiteURL.estateAsset(id: world.assetC).path)
            let csv = try await lead.get(SiteURL.estateAssetsCSV.path)
            let draft = try await lead.get(SiteURL.estateRequest(id: world.base.estateRequestA).path)
            // validate
            #expect(draft.status == .notFound, "a practice's draft is its own until submitted")
            #expect(rollup.body.string.contains("Practice Alpha") && rollup.body.string.contains("Practice Beta"))
            #expect(!rollup.body.string.contains("Practice Gamma"))
            #expect(rollup.body.string.contains("<svg"), "readiness by practice is charted")
            #expect(gamma.status == .notFound)
            #expect(alpha.status == .ok && alpha.body.string.contains(TestWorld.markerA))
            #expect(assets.body.string.contains("ALPHA-0001") && !assets.body.string.contains("GAMMA-0001"))
            #expect(gammaAssets.status == .notFound)
            #expect(gammaAsset.status == .notFound)
            #expect(csv.body.string.contains("ALPHA-0001") && !csv.body.string.contains("GAMMA-0001"))
        }
    }

    @Test func aPracticeSeesOnlyItselfAndNationalSeesEveryone() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            var managerB = try await EstateWorld.browser(app, world.base.managerB.id)
            var national = try await EstateWorld.browser(app, world.national)
            // MUT
            let ownReadiness = try await managerB.get(SiteURL.estateReadiness.path)
            let alpha = try await managerB.get(SiteURL.estateReadiness.path + "?org=\(TestWorld.codeA)")
            let assets = try await managerB.get(SiteURL.estateAssets.path)
            let request = try await managerB.get(SiteURL.estateRequest(id: world.base.estateRequestA).path)
            let everyone = try await national.get(SiteURL.estateReadiness.path)
            let gammaAsset = try await national.get(SiteURL.estateAsset(id: world.assetC).path)
            // validate
            #expect(ownReadiness.body.string.contains("Practice Beta") && !ownReadiness.body.string.contains("Practice Alpha"))
            #expect(alpha.status == .notFound)
            #expect(!assets.body.string.contains("ALPHA-0001"))
            #expect(request.status == .notFound)
            #expect(everyone.body.string.contains("Practice Alpha") && everyone.body.string.contains("Practice Gamma"))
            #expect(gammaAsset.status == .ok)
        }
    }

    @Test func theAPIAnswersWithinTheTokensScope() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: world.base.apiTokenA.secret)
            // MUT
            let list = try await app.testing().sendRequest(.GET, "/api/v1/assets", headers: headers)
            let own = try await app.testing().sendRequest(.GET, "/api/v1/assets/\(world.base.estateAssetA.uuidString)", headers: headers)
            let other = try await app.testing().sendRequest(.GET, "/api/v1/assets/\(world.assetC.uuidString)", headers: headers)
            let readiness = try await app.testing().sendRequest(.GET, "/api/v1/readiness/\(TestWorld.codeA)", headers: headers)
            let otherReadiness = try await app.testing().sendRequest(.GET, "/api/v1/readiness/\(EstateWorld.codeC)", headers: headers)
            let requests = try await app.testing().sendRequest(.GET, "/api/v1/estate-requests", headers: headers)
            // validate
            let page = try list.content.decode(EstateAPIController.AssetPage.self)
            #expect(page.assets.map(\.tag) == ["ALPHA-0001"])
            #expect(own.status == .ok && own.body.string.contains("\"ownerOdsCode\":\"\(TestWorld.codeA)\""))
            #expect(other.status == .notFound)
            let body = try readiness.content.decode(EstateAPIController.ReadinessBody.self)
            #expect(body.odsCode == TestWorld.codeA && body.staff >= 2 && body.target == 60)
            #expect(otherReadiness.status == .notFound)
            #expect(requests.body.string.contains(TestWorld.codeA))
        }
    }

    @Test func theAPICreatesAssetsByTheImportsRules() async throws {
        try await withTestApp { app in
            let world = try await EstateWorld.make(on: app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: world.base.apiTokenA.secret)
            headers.contentType = .json
            let good =
                #"{"tag":"ALPHA-API-1","serial":"S1","kind":"headset","make":"Jabra","model":"Evolve","ownerOdsCode":"A81001","funder":"practice","state":"in_stock","encryption":"unknown","personal":false}"#
            // MUT
            let created = try await app.testing().sendRequest(.POST, "/api/v1/assets", headers: headers, body: .init(string: good))
            let duplicate = try await app.testing().sendRequest(.POST, "/api/v1/assets", headers: headers, body: .init(string: good))
            let badKind = try await app.testing().sendRequest(
                .POST, "/api/v1/assets", headers: headers,
                body: .init(string: good.replacingOccurrences(of: "\"headset\"", with: "\"hedset\"")))
            let elsewhere = try await app.testing().sendRequest(
                .POST, "/api/v1/assets", headers: headers,
                body: .init(
                    string: good.replacingOccurrences(of: "A81001", with: EstateWorld.codeC).replacingOccurrences(
                        of: "API-1", with: "API-2")))
            // validate
            #expect(created.status == .created)
            #expect(created.headers.first(name: .location)?.hasPrefix("/api/v1/assets/") == true)
            #expect(duplicate.status == .conflict)
            #expect(badKind.status == .unprocessableEntity && badKind.body.string.contains("hedset"))
            #expect(elsewhere.status == .notFound)
            #expect(try await EstateAsset.query(on: app.db).filter(\.$tag ~~ ["ALPHA-API-1", "ALPHA-API-2"]).count() == 1)
        }
    }

    @Test func theListPagesByTagAndItsLinksCarryAnyTag() async throws {
        try await withTestApp { app in
            // setup: 60 headsets at practice A whose tags hold characters a link must encode
            let world = try await EstateWorld.make(on: app)
            for index in 1...60 {
                let asset = EstateAsset()
                asset.apply(
                    AssetRow(
                        tag: "H&S \"\(String(format: "%03d", index))\"", serial: "", kind: .headset, make: "", model: "",
                        ownerODS: TestWorld.codeA,
                        funder: .practice, personEmail: nil, location: nil, state: .inStock, encryption: .unknown, operatingSystem: nil,
                        osEndOfSupport: nil, lastSeen: nil, personal: false, certificate: nil),
                    ownerID: world.base.practiceA, personID: nil)
                try await asset.create(on: app.db)
            }
            var manager = try await EstateWorld.browser(app, world.base.managerA.id)
            // MUT
            let first = try await manager.get(SiteURL.estateAssets.path + "?kind=headset")
            let html = first.body.string
            let href = try #require(html.range(of: #"href="/estate/assets\?kind=headset&amp;after=[^"]*""#, options: .regularExpression))
            let next = String(html[href].dropFirst(6).dropLast()).replacingOccurrences(of: "&amp;", with: "&")
            let second = try await manager.get(next)
            // validate
            #expect(html.contains("H&amp;S &quot;050&quot;") || html.contains("H&amp;S \"050\""))
            #expect(!html.contains("H&amp;S &quot;051&quot;") && !html.contains("H&amp;S \"051\""))
            #expect(next.contains("after=H%26S%20%22050%22"), "\(next)")
            #expect(second.status == .ok)
            #expect(
                second.body.string.contains("051") && second.body.string.contains("060")
                    && !second.body.string.contains(">H&amp;S &quot;050"))
            #expect(!second.body.string.contains("Next 50 assets"))
        }
    }
}
