import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// A token works only in its areas, and writes only when it is read and write; every /api/v1 operation is gated by the
/// area its OpenAPI tag names.
@Suite struct APITokenScopeAppTests {
    static func api(
        _ app: Application, _ method: HTTPMethod, _ path: String, token: String, json: String? = nil
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        if json != nil { headers.contentType = .json }
        return try await app.testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    static func problem(_ response: TestingHTTPResponse) throws -> SiteErrorMiddleware.Problem {
        #expect(response.headers.first(name: .contentType) == "application/problem+json")
        return try JSONDecoder().decode(SiteErrorMiddleware.Problem.self, from: Data(response.body.readableBytesView))
    }

    static let newAsset = #"""
        {"tag": "ALPHA-0099", "serial": "SN-99", "kind": "laptop", "make": "Dell", "model": "Latitude", "ownerOdsCode": "A81001",
         "funder": "practice", "state": "in_stock", "encryption": "encrypted", "personal": false}
        """#

    @Test func aReadOnlyTokensWritesAreRefusedAndChangeNothing() async throws {
        try await withTestApp { app in
            // setup: read only, in every area
            let world = try await TestWorld.make(on: app)
            let readOnly = try APITokenScope(access: .readOnly, areas: Set(APIArea.allCases))
            let token = try await TestWorld.apiToken("Read-only link", organisation: world.practiceA, maker: world.managerA.id, on: app.db, scope: readOnly)
            let assetsBefore = try await EstateAsset.query(on: app.db).count()
            let invitationsBefore = try await Invitation.query(on: app.db).count()
            // MUT
            let patch = try await Self.api(app, .PATCH, "/api/v1/requests/\(world.requestA)", token: token.secret, json: #"{"urgency": "today"}"#)
            let asset = try await Self.api(app, .POST, "/api/v1/assets", token: token.secret, json: Self.newAsset)
            let invite = try await Self.api(
                app, .POST, "/api/v1/invitations", token: token.secret,
                json: #"{"name": "Nia Nurse", "email": "nia@a.test", "role": "nurse", "kind": "permanent", "startsOn": "\#(CalendarDay(Date()).iso)"}"#)
            let read = try await Self.api(app, .GET, "/api/v1/requests/\(world.requestA)", token: token.secret)
            // validate
            for response in [patch, asset, invite] {
                #expect(response.status == .forbidden)
                #expect(try Self.problem(response).detail.contains("read only"))
                #expect(response.headers.first(name: .wwwAuthenticate)?.contains("insufficient_scope") == true)
            }
            #expect(read.status == .ok)
            let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
            #expect(request.urgency == Urgency.routine)
            #expect(try await EstateAsset.query(on: app.db).count() == assetsBefore)
            #expect(try await Invitation.query(on: app.db).count() == invitationsBefore)
        }
    }

    @Test func aTokenWithoutTheEstateAreaGets403OnAssetsWhileItsOwnAreasWork() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let scope = try APITokenScope(access: .readWrite, areas: [.requests, .organisations])
            let token = try await TestWorld.apiToken("Triage link", organisation: world.practiceA, maker: world.managerA.id, on: app.db, scope: scope)
            // MUT
            let assets = try await Self.api(app, .GET, "/api/v1/assets", token: token.secret)
            let create = try await Self.api(app, .POST, "/api/v1/assets", token: token.secret, json: Self.newAsset)
            let requests = try await Self.api(app, .GET, "/api/v1/requests", token: token.secret)
            let organisation = try await Self.api(app, .GET, "/api/v1/organisation", token: token.secret)
            // validate
            #expect(assets.status == .forbidden)
            let detail = try Self.problem(assets).detail
            #expect(detail.contains("may not use Digital estate"))
            #expect(detail.contains("Organisations and staff and Remote assessment requests"))
            #expect(create.status == .forbidden)
            #expect(try await EstateAsset.query(on: app.db).filter(\.$tag == "ALPHA-0099").count() == 0)
            #expect(requests.status == .ok)
            #expect(requests.body.string.contains("Marker-A"))
            #expect(organisation.status == .ok)
        }
    }

    /// Walks the OpenAPI document: each operation refuses a token holding every area but its tag's, and lets in one
    /// holding only that area. A route registered outside its area's group fails here.
    @Test func everyOperationAnswersOnlyToTheAreaOfItsTag() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let document = try JSONSerialization.jsonObject(with: app.siteAssets.contents(.openAPI)) as? [String: Any]
            let paths = try #require(document?["paths"] as? [String: [String: [String: Any]]])
            let values = ["{odsCode}": TestWorld.codeA, "{requestID}": world.requestA.uuidString, "{assetID}": world.estateAssetA.uuidString]
            var walked = 0
            for (template, operations) in paths {
                let path = values.reduce(template) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
                for (method, operation) in operations {
                    let tags = try #require(operation["tags"] as? [String], "\(method) \(template) has no tag")
                    let area = try #require(tags.count == 1 ? APIArea(rawValue: tags[0]) : nil, "\(method) \(template): tags \(tags)")
                    let without = try APITokenScope(access: .readWrite, areas: Set(APIArea.allCases).subtracting([area]))
                    let only = try APITokenScope(access: .readWrite, areas: [area])
                    let refused = try await TestWorld.apiToken("without", organisation: world.practiceA, maker: world.managerA.id, on: app.db, scope: without)
                    let allowed = try await TestWorld.apiToken("only", organisation: world.practiceA, maker: world.managerA.id, on: app.db, scope: only)
                    let httpMethod = HTTPMethod(rawValue: method.uppercased())
                    let body = httpMethod == .GET ? nil : "{}"
                    // MUT
                    let outside = try await Self.api(app, httpMethod, path, token: refused.secret, json: body)
                    let inside = try await Self.api(app, httpMethod, path, token: allowed.secret, json: body)
                    // validate
                    #expect(outside.status == .forbidden, "\(method) \(template) answered \(outside.status.code) outside \(area)")
                    #expect(![.forbidden, .unauthorized].contains(inside.status), "\(method) \(template) refused a token of \(area)")
                    #expect(inside.status.code < 500, "\(method) \(template): \(inside.body.string)")
                    walked += 1
                }
            }
            #expect(walked == app.routes.all.filter { $0.path.first?.description == "api" && $0.path.dropFirst().first?.description == "v1" }.count)
        }
    }
}
