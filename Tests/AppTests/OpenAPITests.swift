import Foundation
import Testing
import VaporTesting

@testable import App

/// The served OpenAPI document and the registered /api/v1 routes describe each other exactly.
@Suite struct OpenAPITests {
    @Test func documentAndRoutesMatchBothWays() async throws {
        try await withTestApp { app in
            // setup
            let response = try await app.testing().sendRequest(.GET, "/api/openapi.json")
            #expect(response.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(json["openapi"] as? String == "3.1.0")
            let paths = try #require(json["paths"] as? [String: [String: Any]])
            // MUT
            var documented = Set<String>()
            for (path, operations) in paths {
                let routePath = path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
                for method in operations.keys { documented.insert("\(method.uppercased()) \(routePath)") }
            }
            let registered = Set(app.routes.all.map(RouteWalkTests.key).filter { $0.contains(" /api/v1/") })
            // validate
            #expect(!registered.isEmpty)
            #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered))")
            #expect(registered.subtracting(documented).isEmpty, "registered but not documented: \(registered.subtracting(documented))")
        }
    }

    @Test func theAPIAnswersForTheTokensOrganisation() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: world.apiTokenA.secret)
            let own = try await app.testing().sendRequest(.GET, "/api/v1/organisation", headers: headers)
            #expect(own.status == .ok)
            #expect(own.body.string.contains(TestWorld.codeA))
            let staff = try await app.testing().sendRequest(.GET, "/api/v1/engagements", headers: headers)
            #expect(staff.body.string.contains(TestWorld.markerA))
            let other = try await app.testing().sendRequest(.GET, "/api/v1/organisations/\(TestWorld.codeB)", headers: headers)
            #expect(other.status == .notFound)
            #expect(other.headers.contentType?.description.contains("problem+json") == true)
        }
    }
}
