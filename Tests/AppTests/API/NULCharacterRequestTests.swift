import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The NUL character in an address, a JSON body or a form gets 400 with a message and stores nothing; on PostgreSQL it
/// used to fail the request with a 500.
@Suite struct NULCharacterRequestTests {
    typealias API = APITokenScopeAppTests

    @Test func theAPIRefusesNULEverywhereAndStoresNothing() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let token = world.apiTokenA.secret
            let invitationsBefore = try await Invitation.query(on: app.db).count()
            let assetsBefore = try await EstateAsset.query(on: app.db).count()
            let today = CalendarDay(Date()).iso
            // MUT
            let responses = [
                try await API.api(app, .POST, "/api/v1/invitations", token: token,
                                  json: #"{"name": "a\u0000b", "email": "nia@a.test", "role": "nurse", "kind": "permanent", "startsOn": "\#(today)"}"#),
                try await API.api(app, .POST, "/api/v1/assets", token: token, json: APITokenScopeAppTests.newAsset.replacingOccurrences(of: "ALPHA-0099", with: #"NUL\u0000TAG"#)),
                try await API.api(app, .PATCH, "/api/v1/requests/\(world.requestA)", token: token, json: #"{"urgency": "today\u0000"}"#),
                try await API.api(app, .GET, "/api/v1/assets?q=a%00b", token: token),
                try await API.api(app, .GET, "/api/v1/organisations/A8%00", token: token),
            ]
            // validate
            for response in responses {
                #expect(response.status == .badRequest)
                #expect(try API.problem(response).detail.contains("NUL character"))
            }
            #expect(try await Invitation.query(on: app.db).count() == invitationsBefore)
            #expect(try await EstateAsset.query(on: app.db).count() == assetsBefore)
            #expect(try await TriageRequest.find(world.requestA, on: app.db)?.urgency == Urgency.routine)
        }
    }

    @Test func aFormWithNULGetsAPageSayingSo() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            let before = try await APIToken.query(on: app.db).count()
            // MUT
            let response = try await APITokenPageTests.create(&browser, name: "Link\u{0}", access: "read_only", areas: ["audit"], days: "90")
            // validate
            #expect(response.status == .badRequest)
            #expect(response.body.string.contains("NUL character"))
            #expect(try await APIToken.query(on: app.db).count() == before)
        }
    }
}
