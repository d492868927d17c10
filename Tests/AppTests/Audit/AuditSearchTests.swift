import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The audit page as a practice manager uses it: pages of events instead of a cut-off, records by name or reference,
/// a record found by the name a person knows it by.
@Suite struct AuditSearchTests {
    @Test func manyEventsComeInPagesWithRecordsByName() async throws {
        try await withTestApp { app in
            // setup: 130 views of practice A's desktop pool by its manager
            let world = try await TestWorld.make(on: app)
            let pool = try #require(try await DesktopPool.find(world.desktopPoolA, on: app.db))
            for _ in 0..<130 {
                try await app.auditTrail.append(
                    AuditRecord(
                        action: .desktopPoolChanged, actorID: world.managerA.id, organisationID: world.practiceA,
                        recordType: "desktop_pool", recordID: world.desktopPoolA.uuidString, detail: "test"),
                    on: app.db)
            }
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            // MUT
            let first = try await browser.get(
                "/audit?record=\(pool.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
            let html = first.body.string
            let second = try await browser.get(
                "/audit?record=\(pool.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&page=2")
            // validate
            #expect(first.status == .ok)
            #expect(html.contains("Events 1–100 of 130, newest first"))
            #expect(html.contains("<td>Desktop pool \(pool.name)</td>"), "the pool by its name")
            #expect(!html.contains(">Desktop pool \(world.desktopPoolA.uuidString)<"), "not by its id")
            #expect(html.contains("<td>Changed a desktop pool</td>"))
            #expect(html.contains("page=2") && html.contains("Older events") && !html.contains("Newer events"))
            #expect(second.body.string.contains("Events 101–130 of 130, newest first"))
            #expect(second.body.string.contains("Newer events") && !second.body.string.contains("Older events"))
            let nonsense = try await browser.get("/audit?page=minus-one")
            #expect(nonsense.status == .ok && nonsense.body.string.contains("Events 1–"))
        }
    }

    @Test func aKitRequestIsFoundByItsReference() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let reference = EstateRequest.reference(for: world.estateRequestA)
            try await app.auditTrail.append(
                AuditRecord(
                    action: .estateRequestChanged, actorID: world.managerA.id, organisationID: world.practiceA,
                    recordType: "estate_request", recordID: world.estateRequestA.uuidString, detail: "submitted"),
                on: app.db)
            var browser = TestBrowser(app)
            try await browser.signIn(world.managerA)
            // MUT
            let found = try await browser.get("/audit?record=\(reference.lowercased())").body.string
            let other = try await browser.get("/audit?record=ER-000000").body.string
            // validate
            #expect(found.contains("Events 1–1 of 1") && found.contains("<td>Kit request \(reference)</td>"))
            #expect(other.contains("No events match."))
        }
    }
}
