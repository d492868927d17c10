import Domain
import Fluent
import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import App

/// A browser for tests: keeps cookies, sends the CSRF field with every form, signs in with password and TOTP.
struct TestBrowser {
    let app: Application
    var cookies: [String: String] = [SiteCookie.csrf: TestBrowser.csrf]
    static let csrf = "test-csrf-token-0123456789"

    init(_ app: Application) {
        self.app = app
    }

    mutating func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// The form token the site gave this browser (it changes at sign-in), as a page's forms carry it.
    var formToken: String { cookies[SiteCookie.csrf] ?? Self.csrf }

    /// Posts a form; the CSRF field is added unless `csrf` is false.
    mutating func post(_ path: String, form: [String: String] = [:], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if csrf { fields["csrf"] = formToken }
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: Self.encode(fields)))
    }

    /// Posts a form whose fields may repeat (checkboxes named `flags[]`), in the order given.
    mutating func post(_ path: String, pairs: [(String, String)]) async throws -> TestingHTTPResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = ([("csrf", formToken)] + pairs).map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    mutating func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> TestingHTTPResponse {
        var headers = headers
        headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for value in response.headers[.setCookie] {
            let pair = value.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty { cookies[parts[0]] = nil } else { cookies[parts[0]] = parts[1] }
        }
        return response
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }

    /// Signs in through the real pages; `step` picks a TOTP time step relative to now (a code is never accepted twice).
    @discardableResult
    mutating func signIn(_ person: TestPerson, step: Int = 0) async throws -> TestingHTTPResponse {
        let first = try await post("/login", form: ["email": person.email, "password": person.password])
        #expect(first.status == .seeOther, "password step for \(person.email): \(first.body.string)")
        return try await post("/login/second-factor", form: ["code": person.code(step: step)])
    }
}

extension TestingHTTPResponse {
    var location: String { headers.first(name: .location) ?? "" }
}

extension TestBrowser {
    /// A browser already past both factors for `personID`, made straight in the database (for tests of many people at once).
    static func signedIn(_ app: Application, personID: UUID) async throws -> TestBrowser {
        let token = SecretToken.generate()
        let session = StaffSession(personID: personID, tokenDigest: SecretToken.digest(token), now: Date(), sourceAddress: nil)
        session.secondFactorAt = Date()
        try await session.create(on: app.db)
        var browser = TestBrowser(app)
        browser.cookies[SiteCookie.session] = token
        return browser
    }

    /// A new person engaged at `organisation` in `role` since yesterday, signed in with both factors.
    static func engaged(_ app: Application, name: String, email: String, at organisation: UUID, as role: StaffRole) async throws
        -> TestBrowser
    {
        let person = Person(name: name, email: email)
        try await person.create(on: app.db)
        let period = try EngagementPeriod(starts: CalendarDay(Date()).adding(days: -1), ends: nil)
        try await Engagement(personID: person.requireID(), organisationID: organisation, role: role, kind: .permanent, period: period)
            .create(on: app.db)
        return try await signedIn(app, personID: person.requireID())
    }

    /// Sends a multipart form (with the CSRF field added).
    mutating func postMultipart(_ path: String, _ build: (inout MultipartBody) -> Void) async throws -> TestingHTTPResponse {
        var body = MultipartBody()
        body.field("csrf", formToken)
        build(&body)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: body.contentType)
        return try await send(.POST, path, headers: headers, body: ByteBuffer(bytes: body.bytes))
    }
}

/// A patient's form, filled in correctly; tests change one thing at a time.
struct PatientFormFill {
    var fields: [String: String] = [
        "kind": "medical", "description": "A cough for two weeks, worse at night.", "givenName": "Pat", "familyName": "Example",
        "dobDay": "14", "dobMonth": "3", "dobYear": "1980", "nhsNumber": "999 000 0018", "postcode": "ls1 4ap", "sex": "female",
        "mobile": "07700 900123",
        "email": "pat@example.com", "contactPreference": "sms", "consent": "yes", "redFlags": "", "subject": "me",
    ]
    var submission = SecretToken.generate()
    var photos: [(String, String, [UInt8])] = []
    /// The server's key and the practice, to sign the screen's proof as the screen would have.
    let box: SecretBox
    let practiceCode: String
    let version: String
    /// Sent instead of the proof the screen would give: nil sends none.
    var proofOverride: String?? = .none

    /// A form for `practice` that passed the red-flag screen just now, with the flags in `fields["redFlags"]`.
    init(screenedBy app: Application, practice: String = TestWorld.codeA) {
        box = app.secretBox
        practiceCode = practice
        version = app.redFlagSet.version
    }

    /// The proof the screen gives for what the form now holds.
    var proof: String {
        let flags = (fields["redFlags"] ?? "").split(separator: ",").compactMap { RedFlag(rawValue: String($0)) }
        let subject = RequestSubject(rawValue: fields["subject"] ?? "") ?? .me
        return ScreenProof(
            practiceCode: practiceCode, submission: submission, subject: subject, flags: flags, version: version, issuedAt: Date()
        ).token(box: box)
    }

    func apply(_ body: inout MultipartBody) {
        body.field("submission", submission)
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) { body.field(key, value) }
        body.field("screenVersion", version)
        switch proofOverride {
        case .none: body.field("screenProof", proof)
        case .some(.some(let token)): body.field("screenProof", token)
        case .some(.none): break
        }
        for photo in photos { body.file("photos[]", filename: photo.0, contentType: photo.1, data: photo.2) }
    }
}
