import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Walks every registered route, taken from the router so that a new route cannot slip past.
@Suite struct RouteWalkTests {
    /// Routes that answer without a session: sign-in, the invitee's link, health checks. (The stylesheet, the page scripts
    /// and the API description are files, served before routing: SiteAssetTests.)
    static let publicRoutes: Set<String> = [
        "GET /login", "POST /login", "GET /invitations/:invitationToken", "POST /invitations/:invitationToken",
        "GET /healthz", "GET /readyz", "GET /metrics",
        // patients have no account: their pages are reached by the practice's code and by long random tokens
        "GET /request/:odsCode", "POST /request/:odsCode/screen", "POST /request/:odsCode/continue", "POST /request/:odsCode/send",
        "GET /request/:odsCode/sent/:reference", "GET /request/:odsCode/sent/:reference/mobile",
        // the code for a mobile number: only with the key of the form that sent the request (MobileCheckTests)
        "POST /request/:odsCode/sent/:reference/mobile", "POST /request/:odsCode/sent/:reference/mobile/new-code",
        "GET /reply/:replyToken", "POST /reply/:replyToken/verify", "POST /reply/:replyToken/send",
        // the desktop viewer's own files (Debian's noVNC) hold nothing of anyone's
        "GET /novnc/**",
        // the gateway refuses inside the WebSocket, with a reason the page shows: DesktopGatewayTests walk its refusals
        "GET /desktops/gateway",
        // a patient's video link is their key: VideoSignalTests show it opens only its own consultation
        "GET /video/:videoToken/signal", "GET /video/:videoToken/ice", "GET /video/:videoToken",
        // and its date of birth opens it (VideoDateOfBirthTests)
        "POST /video/:videoToken/verify",
        // NHS CIS2 and NHS login: signing in begins without a session, and the provider's answers carry their own proof
        // (a state spent once, bound to the browser, and a signed token: CIS2SignInTests, NHSLoginRequestTests)
        "GET /login/cis2", "GET /login/cis2/callback", "POST /login/cis2/back-channel-logout", "GET /.well-known/jwks.json",
        "GET /invitations/:invitationToken/cis2", "GET /request/:odsCode/nhs-login", "GET /nhs-login/callback",
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    /// Fills each parameter with a record of practice A; an unknown parameter fails the test.
    static func path(for route: Route, world: TestWorld) -> String? {
        let values: [String: String] = [
            SiteURL.Parameter.odsCode.rawValue: TestWorld.codeA,
            SiteURL.Parameter.engagementID.rawValue: world.engagementAtA.uuidString,
            SiteURL.Parameter.invitationToken.rawValue: world.invitationTokenA,
            SiteURL.Parameter.apiTokenID.rawValue: world.apiTokenA.id.uuidString,
            SiteURL.Parameter.requestID.rawValue: world.requestA.uuidString,
            SiteURL.Parameter.photoID.rawValue: world.photoA.uuidString,
            SiteURL.Parameter.reference.rawValue: world.requestReferenceA,
            SiteURL.Parameter.replyToken.rawValue: world.replyTokenA,
            SiteURL.Parameter.poolID.rawValue: world.desktopPoolA.uuidString,
            SiteURL.Parameter.hostID.rawValue: world.desktopHostA.uuidString,
            SiteURL.Parameter.seatID.rawValue: world.desktopSeatA.uuidString,
            SiteURL.Parameter.videoToken.rawValue: world.videoTokenA,
            SiteURL.Parameter.videoID.rawValue: world.videoA.uuidString,
            SiteURL.Parameter.assetID.rawValue: world.estateAssetA.uuidString,
            SiteURL.Parameter.importID.rawValue: world.estateImportA.uuidString,
            SiteURL.Parameter.estateRequestID.rawValue: world.estateRequestA.uuidString,
            SiteURL.Parameter.lineID.rawValue: world.estateLineA.uuidString,
        ]
        var parts: [String] = []
        for component in route.path {
            switch component {
            case .constant(let text): parts.append(text)
            case .parameter(let name):
                guard let value = values[name] else { return nil }
                parts.append(value)
            default: return nil
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    @Test func noRouteButThePublicOnesAnswersWithoutASession() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            let routes = app.routes.all
            #expect(routes.count > 20)
            for route in routes where !Self.publicRoutes.contains(Self.key(route)) {
                let path = try #require(Self.path(for: route, world: world), "\(Self.key(route)) has a parameter the walk does not know")
                var browser = TestBrowser(app)
                let response = route.method == .POST ? try await browser.post(path) : try await browser.get(path)
                let refused = response.status == .unauthorized || (response.status == .seeOther && response.location.hasPrefix("/login"))
                #expect(refused, "\(Self.key(route)) answered \(response.status.code) without a session")
            }
        }
    }

    @Test func anotherOrganisationGetsNothingOfPracticeA() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerB)
            // MUT / validate
            try await Self.walkEveryRoute(app, world: world, browser: &browser, apiToken: world.apiTokenB.secret)
        }
    }

    /// The commissioner IT lead of another ICB may manage desktop pools and the estate, but none of A's.
    @Test func anotherICBsCommissionerGetsNothingOfPracticeA() async throws {
        try await withTestApp { app in
            // setup: A's GP holds A's seat, so that a forced sign-out would show
            let world = try await TestWorld.make(on: app)
            var gp = try await TestBrowser.signedIn(app, personID: world.gpA.id)
            _ = try await gp.post(SiteURL.desktopOpen(id: world.desktopPoolA).path)
            var browser = TestBrowser(app)
            try await browser.signIn(world.otherCommissioner)
            // MUT / validate
            try await Self.walkEveryRoute(app, world: world, browser: &browser, apiToken: world.apiTokenOtherICB.secret)
            #expect(try await DesktopSeat.find(world.desktopSeatA, on: app.db)?.personID == world.gpA.id)
        }
    }

    /// Sends every route (GET, and POST with an empty form or `{}`) with practice A's records as parameters, and checks
    /// that nothing of A's is shown or changed. Signing out is walked last, so that it does not end the walk's session.
    static func walkEveryRoute(_ app: Application, world: TestWorld, browser: inout TestBrowser, apiToken: String) async throws {
        let auditBefore = try await AuditEvent.query(on: app.db).count()
        let poolsBefore = try await DesktopPool.query(on: app.db).count()
        let hostsBefore = try await DesktopHost.query(on: app.db).count()
        let signOut: Set<String> = ["POST /logout", "POST /logout/everywhere"]
        let ordered = app.routes.all.filter { !signOut.contains(Self.key($0)) } + app.routes.all.filter { signOut.contains(Self.key($0)) }
        // the live queue stream never ends; `LiveQueueTests` shows it carries only the acting organisation's events
        let streaming: Set<String> = ["GET /consult/queue/events"]
        for route in ordered where !Self.publicRoutes.contains(Self.key(route)) && !streaming.contains(Self.key(route)) {
            let path = try #require(Self.path(for: route, world: world), "\(Self.key(route)) has a parameter the walk does not know")
            let isAPI = path.hasPrefix("/api/")
            var headers = HTTPHeaders()
            if isAPI { headers.bearerAuthorization = .init(token: apiToken) }
            let response: TestingHTTPResponse
            if route.method == .POST {
                if isAPI {
                    headers.contentType = .json
                    response = try await browser.send(.POST, path, headers: headers, body: .init(string: "{}"))
                } else {
                    response = try await browser.post(path, form: Self.formFor(route, world: world))
                }
            } else {
                response = try await browser.get(path, headers: headers)
            }
            let body = response.body.string
            if route.path.contains(where: { if case .parameter = $0 { true } else { false } }) {
                #expect([.forbidden, .notFound].contains(response.status), "\(Self.key(route)) gave \(response.status.code) on practice A's record")
            }
            #expect(!body.contains(TestWorld.markerA), "\(Self.key(route)) showed practice A's staff")
            #expect(!body.contains(TestWorld.tokenNameA), "\(Self.key(route)) showed practice A's API token")
            #expect(!body.contains("Practice Alpha"), "\(Self.key(route)) showed practice A")
            #expect(!body.contains("Marker-A"), "\(Self.key(route)) showed practice A's patient")
            #expect(!body.contains("Alpha desktops") && !body.contains("alpha-host"), "\(Self.key(route)) showed practice A's desktops")
        }
        // nothing of A's was changed
        let engagement = try #require(try await Engagement.find(world.engagementAtA, on: app.db))
        #expect(engagement.endsOn == nil)
        let token = try #require(try await APIToken.find(world.apiTokenA.id, on: app.db))
        #expect(token.revokedAt == nil)
        let request = try #require(try await TriageRequest.find(world.requestA, on: app.db))
        #expect(request.assigneeID == nil)
        #expect(request.status == TriageStatus.new)
        #expect(try await RequestNote.query(on: app.db).count() == 0)
        #expect(try await PatientMessage.query(on: app.db).count() == 0)
        #expect(try await AuditEvent.query(on: app.db).count() >= auditBefore)
        #expect(try await DesktopPool.query(on: app.db).count() == poolsBefore, "a pool was registered for practice A")
        #expect(try await DesktopHost.query(on: app.db).count() == hostsBefore, "a host was added to A's pool")
        #expect(try await DesktopHost.find(world.desktopHostA, on: app.db)?.state.storedText == "enabled")
    }

    /// A form that would do harm if the route let it through: a host for A's pool, a pool granted to A, a drained host.
    static func formFor(_ route: Route, world: TestWorld) -> [String: String] {
        switch Self.key(route) {
        case "POST /desktops/pools":
            ["name": "Stolen pool", "placement": "breadthFirst", "organisations": TestWorld.codeA, "disconnectedMinutes": "20", "idleMinutes": "30"]
        case "POST /desktops/pools/:poolID/hosts":
            ["name": "intruder-host", "address": "127.0.0.1", "secret": "secret12", "seats": "127.0.0.1:5999"]
        case "POST /desktops/hosts/:hostID/state":
            ["state": "disabled"]
        default: [:]
        }
    }
}
