import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// Lists that show patients' names are audited like the records themselves: one row per view, naming what was shown
/// by reference or id, never by name.
@Suite struct AuditListViewTests {
    private func listRows(_ app: Application) async throws -> [AuditEvent] {
        try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.patientListViewed.rawValue).sort(\.$id).all()
    }

    @Test func openingTheTriageQueueRecordsTheRequestsShown() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            // MUT
            let page = try await staff.get("/consult")
            let fragment = try await staff.get("/consult?fragment=results")
            // validate
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Marker-A Patient"))
            #expect(fragment.status == .ok)
            let rows = try await listRows(app)
            #expect(rows.count == 2)
            let row = try #require(rows.first)
            #expect(row.actorID == world.gpA.id.uuidString)
            #expect(row.organisationID == world.practiceA.uuidString)
            #expect(row.recordType == "triage_request")
            #expect(row.detail == "triage queue, 1 shown: \(world.requestReferenceA)")
            #expect(rows[1].detail.hasPrefix("triage queue (live update), 1 shown: "))
            #expect(!rows.contains { $0.detail.contains("Wanda") || $0.detail.contains("Marker-A") })
        }
    }

    @Test func anEmptyQueueShowsNobodyAndIsNotRecorded() async throws {
        try await withTestApp { app in
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            #expect(try await staff.get("/consult?urgency=today").status == .ok)
            #expect(try await listRows(app).isEmpty)
        }
    }

    @Test func theVideoConsultationsListRecordsTheConsultationsShown() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.gpA)
            // MUT
            let page = try await staff.get("/consult/video")
            // validate
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Wanda Marker-A Patient"))
            let row = try #require(try await listRows(app).first)
            #expect(row.recordType == "video_consultation")
            #expect(row.detail == "video consultations, 1 shown: \(world.videoA.uuidString)")
        }
    }

    @Test func theAPIListRecordsTheRequestsItReturned() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: world.apiTokenA.secret)
            // MUT
            let response = try await app.testing().sendRequest(.GET, "/api/v1/requests", headers: headers)
            // validate
            #expect(response.status == .ok)
            let row = try #require(try await listRows(app).first)
            #expect(row.actorID == world.managerA.id.uuidString)
            #expect(row.detail == "api token \(world.apiTokenA.id.uuidString): listed 1: \(world.requestReferenceA)")
        }
    }
}
