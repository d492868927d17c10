import Domain
import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// A database error logged at the default level names its type and constraint, never the row: PostgreSQL's own
/// message quotes the key or the whole failing row, and its query carries the bound values.
@Suite struct ErrorLogContentsTests {
    static let givenName = "Zebedee"
    static let familyName = "Quuxworthington-Fairweather"
    static let submissionKey = "zebedee-quuxworthington-form-0001"

    /// Every line logged through it, with its metadata, at `info` and above as a default deployment logs.
    final class CapturedLog: LogHandler, @unchecked Sendable {
        let lines = NIOLockedValueBox<[String]>([])
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            lines.withLockedValue { $0.append("\(event.level) \(event.message) \(fields)") }
        }

        var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }
    }

    /// Answers every request by throwing `error`.
    struct Failing: AsyncResponder {
        let error: any Error
        func respond(to request: Request) async throws -> Response { throw error }
    }

    /// A request from the distinctive patient, unsaved.
    static func patientRequest(practice: UUID, reference: String) -> TriageRequest {
        let request = TriageRequest()
        request.reference = reference
        request.submissionKey = submissionKey
        request.kind = .medical
        request.description = "Sore throat"
        request.redFlags = StoredList([])
        request.redFlagged = false
        request.urgency = .routine
        request.subject = .me
        request.priority = 0
        request.status = .new
        request.receivedAt = Date()
        request.replyBy = Date()
        request.receivedWhileClosed = false
        request.givenName = givenName
        request.familyName = familyName
        request.dateOfBirth = CalendarDay("1961-02-03")!
        request.contactPreference = .sms
        request.practiceID = practice
        request.handlerID = practice
        return request
    }

    /// Runs the error middleware over a request that fails with `error` and returns what it logged.
    static func logged(_ error: any Error, app: Application) async throws -> String {
        let log = CapturedLog()
        let request = Request(
            application: app, method: .POST, url: "/request/A81001/send", logger: Logger(label: "test") { _ in log },
            on: app.eventLoopGroup.next())
        let response = try await SiteErrorMiddleware(environment: .testing).respond(to: request, chainingTo: Failing(error: error)).get()
        #expect(response.status == .internalServerError)
        return log.text
    }

    @Test func aUniqueViolationIsLoggedByConstraintNotByValue() async throws {
        try await withTestApp { app in
            // setup: the same form stored twice
            let world = try await TestWorld.make(on: app)
            try await Self.patientRequest(practice: world.practiceA, reference: "RQ-ZQ0001").create(on: app.db)
            let error = try await #require(throws: (any Error).self) {
                try await Self.patientRequest(practice: world.practiceA, reference: "RQ-ZQ0002").create(on: app.db)
            }
            if TestDatabase.isPostgres {
                #expect(String(reflecting: error).contains(Self.submissionKey), "PostgreSQL's full error quotes the key")
            }
            // MUT
            let text = try await Self.logged(error, app: app)
            // validate
            #expect(text.contains("Request failed"))
            #expect(text.contains(TestDatabase.isPostgres ? "sqlstate=23505" : "UNIQUE constraint failed"))
            #expect(text.contains("submission_key"))
            for value in [Self.givenName, Self.familyName, Self.submissionKey, "RQ-ZQ"] {
                #expect(!text.contains(value), "\(value) in: \(text)")
            }
        }
    }

    @Test func aMissingValueIsLoggedWithoutTheFailingRow() async throws {
        try await withTestApp { app in
            // setup: a row with no description; PostgreSQL says "Failing row contains (…)" with every value
            let world = try await TestWorld.make(on: app)
            let request = Self.patientRequest(practice: world.practiceA, reference: "RQ-ZQ0003")
            request.$description.value = nil
            let error = try await #require(throws: (any Error).self) { try await request.create(on: app.db) }
            if TestDatabase.isPostgres {
                #expect(String(reflecting: error).contains(Self.familyName), "PostgreSQL's full error holds the row")
            }
            // MUT
            let text = try await Self.logged(error, app: app)
            // validate
            #expect(text.contains(TestDatabase.isPostgres ? "sqlstate=23502" : "NOT NULL constraint failed"))
            for value in [Self.givenName, Self.familyName, Self.submissionKey] { #expect(!text.contains(value), "\(value) in: \(text)") }
        }
    }
}
