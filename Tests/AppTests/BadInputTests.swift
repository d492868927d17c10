import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Bad input everywhere in the foundation gets a clear message and writes nothing.
@Suite struct BadInputTests {
    /// The rows that could be half-written by a bad request.
    static func recordCounts(_ app: Application) async throws -> [Int] {
        [
            try await Person.query(on: app.db).count(), try await Engagement.query(on: app.db).count(),
            try await Invitation.query(on: app.db).count(), try await APIToken.query(on: app.db).count(),
            try await Organisation.query(on: app.db).count(), try await RecoveryCode.query(on: app.db).count(),
        ]
    }

    /// A form sent by a signed-in practice manager, the status expected and a phrase the answer must hold.
    struct FormCase: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var form: [String: String]
        var status: HTTPStatus
        var message: String
        var testDescription: String { name }
    }

    static let today = CalendarDay(Date())
    static let validInvite = ["name": "Nia Nurse", "email": "nia@a.test", "role": "nurse", "kind": "permanent", "startsOn": today.iso]

    static let formCases: [FormCase] = [
        FormCase(name: "invite with nothing filled", path: "/staff/invite", form: [:], status: .unprocessableEntity, message: "full name"),
        FormCase(name: "invite with a bad email", path: "/staff/invite", form: validInvite.merging(["email": "nia at a.test"]) { $1 }, status: .unprocessableEntity, message: "Enter an email address in the right format"),
        FormCase(name: "invite with a role above the manager", path: "/staff/invite", form: validInvite.merging(["role": "system_admin"]) { $1 }, status: .unprocessableEntity, message: "Choose a role you are allowed to give"),
        FormCase(name: "invite with an unknown kind", path: "/staff/invite", form: validInvite.merging(["kind": "temporary"]) { $1 }, status: .unprocessableEntity, message: "Choose permanent, locum or returning GP"),
        FormCase(name: "invite with an impossible date", path: "/staff/invite", form: validInvite.merging(["startsOn": "2026-02-31"]) { $1 }, status: .unprocessableEntity, message: "Enter the first day as a date"),
        FormCase(name: "invite ending before it starts", path: "/staff/invite", form: validInvite.merging(["startsOn": today.adding(days: 10).iso, "endsOn": today.adding(days: 5).iso]) { $1 }, status: .unprocessableEntity, message: "end date is before the start date"),
        FormCase(name: "locum invite without a last day", path: "/staff/invite", form: validInvite.merging(["kind": "locum"]) { $1 }, status: .unprocessableEntity, message: "A locum engagement needs a last day"),
        FormCase(name: "invite with markup in the name", path: "/staff/invite", form: validInvite.merging(["name": String(repeating: "<script>alert(1)</script>", count: 10)]) { $1 }, status: .unprocessableEntity, message: "200 characters or fewer"),
        FormCase(name: "API token without a name", path: "/settings/api-tokens", form: ["name": "  "], status: .unprocessableEntity, message: "Give the token a name"),
        FormCase(name: "API token with a very long name", path: "/settings/api-tokens", form: ["name": String(repeating: "x", count: 101)], status: .unprocessableEntity, message: "Give the token a name"),
        FormCase(name: "acting for an organisation without an engagement", path: "/acting-for", form: ["organisation": "Z99999"], status: .forbidden, message: "no active engagement"),
        FormCase(name: "acting for without an organisation", path: "/acting-for", form: [:], status: .forbidden, message: "no active engagement"),
    ]

    @Test(arguments: formCases)
    func aBadFormIsRefusedAndStoresNothing(_ row: FormCase) async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            let before = try await Self.recordCounts(app)
            // MUT
            let response = try await browser.post(row.path, form: row.form)
            // validate
            #expect(response.status == row.status, "\(row.name): \(response.status.code)")
            #expect(response.status.code < 500)
            #expect(response.body.string.contains(row.message), "\(row.name) should say “\(row.message)”")
            #expect(!response.body.string.contains("<script>alert"), "markup must be shown as text")
            #expect(try await Self.recordCounts(app) == before, "\(row.name) wrote something")
        }
    }

    @Test func sign_inFormsSayWhatIsMissing() async throws {
        try await withTestApp { app in
            _ = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            let empty = try await browser.post("/login", form: [:])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Enter your email address"))
            #expect(empty.body.string.contains("role=\"alert\""))
            let unknown = try await browser.post("/login", form: ["email": "<img src=x>@x.test", "password": "x"])
            #expect(unknown.status == .unprocessableEntity)
            #expect(!unknown.body.string.contains("<img src=x>"))
            #expect(unknown.body.string.contains("&lt;img src=x&gt;@x.test"))
            let injected = try await browser.get("/login?next=/%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
            #expect(!injected.body.string.contains("<script>alert(1)"))
            #expect(try await StaffSession.query(on: app.db).count() == 0)
        }
    }

    /// Accepting an invitation with a weak or mistyped password creates no account.
    @Test(arguments: [
        (["password": "password123", "confirm": "password123"], "Choose a"),
        (["password": "short", "confirm": "short"], "at least 10"),
        (["password": "a long enough passphrase here", "confirm": "another passphrase"], "not the same"),
        ([String: String](), "at least 10"),
    ])
    func aWeakPasswordOnAnInvitationIsRefused(_ form: [String: String], _ message: String) async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var browser = TestBrowser(app)
            let before = try await Self.recordCounts(app)
            let response = try await browser.post("/invitations/\(world.invitationTokenA)", form: form)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains(message), "expected “\(message)”")
            #expect(try await Self.recordCounts(app) == before)
            #expect(try await browser.get("/invitations/not-a-real-token").status == .notFound)
        }
    }

    /// API bodies: each gets problem+json with a status under 500 and writes nothing.
    @Test(arguments: [
        ("not json at all", HTTPStatus.badRequest),
        (#"{"name": 5, "email": "a@b.test", "role": "nurse", "kind": "permanent", "startsOn": "2026-01-01"}"#, .badRequest),
        ("{}", .unprocessableEntity),
        (#"{"name": "Nia", "email": "nia@a.test", "role": "system_admin", "kind": "permanent", "startsOn": "2026-01-01"}"#, .unprocessableEntity),
        (#"{"name": "Nia", "email": "nia@a.test", "role": "nurse", "kind": "locum", "startsOn": "yesterday"}"#, .unprocessableEntity),
    ])
    func aBadAPIBodyGetsProblemJSON(_ body: String, _ status: HTTPStatus) async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            let before = try await Self.recordCounts(app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: world.apiTokenA.secret)
            headers.contentType = .json
            let response = try await app.testing().sendRequest(.POST, "/api/v1/invitations", headers: headers, body: .init(string: body))
            #expect(response.status == status)
            #expect(response.headers.first(name: .contentType) == "application/problem+json")
            let problem = try JSONDecoder().decode(SiteErrorMiddleware.Problem.self, from: Data(response.body.readableBytesView))
            #expect(problem.status == status.code)
            #expect(!problem.detail.isEmpty)
            #expect(try await Self.recordCounts(app) == before)
        }
    }

    @Test func theAPIRefusesMissingTokensAndBadLimits() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            let anonymous = try await app.testing().sendRequest(.GET, "/api/v1/engagements")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers.first(name: .contentType) == "application/problem+json")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: world.apiTokenA.secret)
            let badLimit = try await app.testing().sendRequest(.GET, "/api/v1/audit-events?limit=0", headers: headers)
            #expect(badLimit.status == .badRequest)
            headers.bearerAuthorization = .init(token: "sa_forged")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/engagements", headers: headers).status == .unauthorized)
        }
    }

    /// Command-line arguments: each refusal names what to do and changes nothing.
    @Test(arguments: [
        (["surgery", "create-admin", "--name", "Ann Admin"], "Give an email address"),
        (["surgery", "create-admin", "--email", "ann@x.test"], "Give a name"),
        (["surgery", "create-admin", "--email", "ann@x.test", "--name", "Ann", "--organisation", "not a code!"], "--organisation"),
        (["surgery", "import-ods", "/no/such/epraccur.csv"], "Cannot read /no/such/epraccur.csv"),
        (["surgery", "audit", "check"], "Use: surgery audit verify"),
    ])
    func aBadCommandLineIsRefused(_ arguments: [String], _ message: String) async throws {
        try await withTestApp { app in
            let before = try await Self.recordCounts(app)
            app.environment.arguments = arguments
            do {
                try await app.execute()
                Issue.record("\(arguments) was accepted")
            } catch let problem as CommandLineProblem {
                #expect(problem.description.contains(message), "\(problem.description)")
            }
            #expect(try await Self.recordCounts(app) == before)
        }
    }

    /// Configuration: the message names the bad variable.
    @Test(arguments: [
        (["DATABASE_URL": "mysql://localhost/x"], "DATABASE_URL"),
        (["BCRYPT_COST": "3"], "BCRYPT_COST"),
        (["BCRYPT_COST": "twelve"], "BCRYPT_COST"),
        (["PUBLIC_BASE_URL": "surgery.example"], "PUBLIC_BASE_URL"),
        (["SECURE_COOKIES": "maybe"], "SECURE_COOKIES"),
        (["SESSION_IDLE_MINUTES": "0"], "SESSION_IDLE_MINUTES"),
        (["LOG_FORMAT": "xml"], "LOG_FORMAT"),
        (["DATA_KEY": "c2hvcnQ="], "DATA_KEY"),
        (["DATABASE_URL": "postgres://u@127.0.0.1/db?sslmode=disable"], "DATA_KEY"),
    ])
    func aBadVariableIsNamed(_ environment: [String: String], _ variable: String) throws {
        #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(environment) }
        do {
            _ = try AppConfig.fromEnvironment(environment)
        } catch {
            #expect(error.variable == variable)
            #expect(error.description.contains(variable))
        }
    }

    @Test func aGoodEnvironmentParses() throws {
        let config = try AppConfig.fromEnvironment([
            "DATABASE_URL": "postgres://u@127.0.0.1:5432/db?sslmode=disable", "PUBLIC_BASE_URL": "https://surgery.example.nhs.uk/",
            "DATA_KEY": Data(repeating: 7, count: 32).base64EncodedString(),
        ])
        #expect(config.database == .postgres(url: "postgres://u@127.0.0.1:5432/db?sslmode=disable", schema: nil))
        #expect(config.secureCookies)
        #expect(config.publicBaseURL == "https://surgery.example.nhs.uk")
    }
}
