import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// A practice's queue says "Possible flood" when one client sent many requests in the last hour, and still shows them all.
@Suite struct PossibleFloodTests {
    @Test func theQueueShowsAPossibleFloodAndStillEveryRequest() async throws {
        try await withLiveTestApp(throttle: { $0.floodThreshold = 3 }) { app, port in
            // setup: two requests from one address, one from another
            let world = try await TestWorld.make(on: app)
            var staff = TestBrowser(app)
            try await staff.signIn(world.managerA)
            var flooder = LiveBrowser(port: port, forwardedFor: "203.0.113.7")
            var neighbour = LiveBrowser(port: port, forwardedFor: "198.51.100.20")
            var locations: [String] = []
            for number in 1...2 {
                locations.append(
                    try await flooder.postMultipart(NewTriageRequestThrottleTests.send) {
                        NewTriageRequestThrottleTests.fill(app, number).apply(&$0)
                    }.location)
            }
            locations.append(
                try await neighbour.postMultipart(NewTriageRequestThrottleTests.send) { NewTriageRequestThrottleTests.fill(app, 3).apply(&$0) }
                    .location)
            let belowThreshold = try await staff.get("/consult").body.string
            // MUT: a third from the first address
            locations.append(
                try await flooder.postMultipart(NewTriageRequestThrottleTests.send) { NewTriageRequestThrottleTests.fill(app, 4).apply(&$0) }
                    .location)
            let queue = try await staff.get("/consult").body.string
            // validate: one notice, the three marked, all four listed
            #expect(!belowThreshold.contains("Possible flood"))
            #expect(queue.contains("Possible flood: 3 requests from one device or network in the last hour"))
            #expect(queue.components(separatedBy: "data-testid=\"possible-flood\"").count == 2)
            #expect(queue.components(separatedBy: ">Possible flood</span>").count == 4)
            let references = locations.compactMap { $0.firstMatch(of: /RQ-[A-Z0-9]{6}/).map { String($0.output) } }
            #expect(references.count == 4)
            for reference in references { #expect(queue.contains(reference)) }
            // the live refresh's fragment says the same
            #expect(try await staff.get("/consult?fragment=results").body.string.contains("Possible flood: 3 requests"))
            // what is stored is a keyed digest, never the address
            let stored = try await TriageRequest.query(on: app.db).filter(\.$clientDigest != nil).all()
            #expect(stored.count == 4)
            #expect(Set(stored.map(\.clientDigest)).count == 2)
            #expect(stored.allSatisfy { !($0.clientDigest ?? "").contains("203.0.113") && !($0.clientDigest ?? "").contains("198.51.100") })
            // another practice's queue shows nothing of it
            var staffB = TestBrowser(app)
            try await staffB.signIn(world.managerB)
            #expect(!(try await staffB.get("/consult").body.string.contains("Possible flood")))
        }
    }
}
