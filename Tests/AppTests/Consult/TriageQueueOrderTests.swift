import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The queue in the database's order (the same as `TriageOrder`), in pages with the total, and waiting in working time.
@Suite struct TriageQueueOrderTests {
    /// References in the queue's table, top first.
    static func references(_ html: String) -> [String] {
        html.components(separatedBy: ">RQ-").dropFirst().map { "RQ-" + $0.prefix(6) }
    }

    @Test func theDatabaseSortsAsTriageOrderDoes() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let t0 = Date().addingTimeInterval(-3600)
            let cases: [(String, Urgency, Bool, TimeInterval, TimeInterval)] = [
                ("RQ-ORD001", .routine, false, 0, 90_000), ("RQ-ORD002", .routine, false, 60, 30_000),
                ("RQ-ORD003", .today, false, 120, 20_000), ("RQ-ORD004", .today, false, 30, 20_000),
                ("RQ-ORD005", .soon, false, 10, 99_000), ("RQ-ORD006", .routine, true, 200, 50_000),
            ]
            var orders: [String: TriageOrder] = [:]
            for (reference, urgency, flagged, received, due) in cases {
                let request = try await DutyAlertTests.request(
                    app, practice: world.practiceA, reference: reference, received: t0 + received, replyBy: t0 + due, urgency: urgency,
                    redFlagged: flagged)
                orders[reference] = TriageOrder(redFlagged: flagged, urgency: urgency, replyBy: request.replyBy, receivedAt: request.receivedAt)
            }
            var gp = TestBrowser(app)
            try await gp.signIn(world.gpA)
            // MUT
            let shown = Self.references(try await gp.get("/consult").body.string).filter { $0.hasPrefix("RQ-ORD") }
            // validate
            let expected = orders.sorted { $0.value < $1.value }.map(\.key)
            #expect(shown == expected)
            #expect(shown == ["RQ-ORD006", "RQ-ORD004", "RQ-ORD003", "RQ-ORD005", "RQ-ORD002", "RQ-ORD001"])
        }
    }

    @Test func theQueueComesInPagesOfFiftyWithTheTotalAndLinksThatKeepTheFilters() async throws {
        try await withTestApp { app in
            // setup: 120 more routine requests beside the world's one
            let world = try await TestWorld.make(on: app)
            let t0 = Date().addingTimeInterval(-86400)
            for number in 0..<120 {
                _ = try await DutyAlertTests.request(
                    app, practice: world.practiceA, reference: String(format: "RQ-P%05d", number), received: t0 + Double(number),
                    replyBy: t0 + 200_000 + Double(number), urgency: .routine)
            }
            var gp = TestBrowser(app)
            try await gp.signIn(world.gpA)
            // MUT
            let first = try await gp.get("/consult?kind=medical").body.string
            let third = try await gp.get("/consult?kind=medical&page=3").body.string
            // validate
            #expect(first.contains("121 requests"))
            #expect(first.contains("Showing 1–50 of 121"))
            #expect(first.contains("href=\"/consult?kind=medical&amp;page=2\""))
            #expect(!first.contains("Previous page"))
            #expect(Self.references(first).count == 50)
            #expect(third.contains("Showing 101–121 of 121"))
            #expect(third.contains("href=\"/consult?kind=medical&amp;page=2\" rel=\"prev\""))
            #expect(!third.contains("Next page"))
            #expect(Self.references(third).count == 21)
        }
    }

    @Test func waitingCountsOpeningHoursNotTheClock() async throws {
        try await withTestApp { app in
            // setup: Monday 9 November 2026, 09:00 GMT; a working day is 630 minutes of opening
            let world = try await TestWorld.make(on: app)
            let monday = Date(timeIntervalSince1970: 1_794_214_800)  // 2026-11-09T09:00:00Z
            // Friday 08:30: 600 minutes on Friday and 60 on Monday, so over a working day
            _ = try await DutyAlertTests.request(
                app, practice: world.practiceA, reference: "RQ-WAIT01", received: monday.addingTimeInterval(-(72 * 3600 + 30 * 60)),
                replyBy: monday.addingTimeInterval(86400), urgency: .routine)
            // Friday 09:30: 540 + 60 minutes, under a working day, though 71½ hours on the clock
            _ = try await DutyAlertTests.request(
                app, practice: world.practiceA, reference: "RQ-WAIT02", received: monday.addingTimeInterval(-(71 * 3600 + 30 * 60)),
                replyBy: monday.addingTimeInterval(86400), urgency: .routine)
            app.now = { monday }
            var gp = TestBrowser(app)
            try await gp.signIn(world.gpA)
            // MUT
            let waiting = Self.references(try await gp.get("/consult?olderThanDays=1").body.string)
            // validate
            #expect(waiting.contains("RQ-WAIT01"))
            #expect(!waiting.contains("RQ-WAIT02"))
        }
    }
}
