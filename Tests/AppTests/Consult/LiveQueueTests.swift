import AsyncHTTPClient
import Domain
import Fluent
import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import App

/// The queue's server-sent events over a real connection: a new request shows on an open queue, also when it
/// arrived at another instance (PostgreSQL), and only on the queue of the organisation it belongs to.
@Suite struct LiveQueueTests {
    /// Reads server-sent events from one open connection.
    final class EventStream: @unchecked Sendable {
        private var iterator: HTTPClientResponse.Body.AsyncIterator
        private var buffer = ""

        init(port: Int, sessionToken: String) async throws {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/consult/queue/events")
            request.headers.add(name: "Cookie", value: "\(SiteCookie.session)=\(sessionToken)")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(90))
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
            iterator = response.body.makeAsyncIterator()
        }

        /// The next block (up to a blank line) that is not a comment.
        func next() async throws -> String {
            while true {
                if let end = buffer.range(of: "\n\n") {
                    let block = String(buffer[..<end.lowerBound])
                    buffer.removeSubrange(..<end.upperBound)
                    if block.split(separator: "\n").allSatisfy({ $0.hasPrefix(":") || $0.hasPrefix("retry:") }) { continue }
                    return block
                }
                guard let chunk = try await iterator.next() else { throw TimeoutError(seconds: 0) }
                buffer += String(buffer: chunk)
            }
        }
    }

    static func start(_ app: Application) async throws -> Int {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        return try #require(app.http.server.shared.localAddress?.port)
    }

    static func session(_ app: Application, _ person: UUID) async throws -> String {
        try #require(try await TestBrowser.signedIn(app, personID: person).cookies[SiteCookie.session])
    }

    @Test func aNewRequestReachesTheOpenQueueOfItsPracticeOnly() async throws {
        let config = TestDatabase.config()
        let first = try await makeTestApp(config: config)
        let second = TestDatabase.isPostgres ? try await makeTestApp(config: config, migrate: false) : first
        do {
            try await first.events.waitUntilListening()
            try await second.events.waitUntilListening()
            let world = try await TestWorld.make(on: first)
            let port = try await Self.start(first)
            let queueA = try await EventStream(port: port, sessionToken: try await Self.session(first, world.managerA.id))
            let queueB = try await EventStream(port: port, sessionToken: try await Self.session(first, world.managerB.id))
            // MUT: a patient writes to practice A through the other instance
            var patient = TestBrowser(second)
            let started = ContinuousClock.now
            let sent = try await patient.postMultipart("/request/\(TestWorld.codeA)/send") { PatientFormFill(screenedBy: second).apply(&$0) }
            #expect(sent.status == .seeOther)
            let eventA = try await withTimeout(seconds: 10) { try await queueA.next() }
            print("new request to open queue: \(ContinuousClock.now - started)")
            // validate
            let newRequest = try #require(try await TriageRequest.query(on: first.db).sort(\.$receivedAt, .descending).first())
            #expect(eventA.contains("event: queue"))
            #expect(eventA.contains(try newRequest.requireID().uuidString))
            // practice B hears nothing of A: the first event on its queue is its own
            var patientB = TestBrowser(second)
            _ = try await patientB.postMultipart("/request/\(TestWorld.codeB)/send") { PatientFormFill(screenedBy: second, practice: TestWorld.codeB).apply(&$0) }
            let eventB = try await withTimeout(seconds: 10) { try await queueB.next() }
            let requestB = try #require(try await TriageRequest.query(on: first.db).filter(\.$practiceID == world.practiceB).first())
            #expect(eventB.contains(try requestB.requireID().uuidString))
        } catch {
            await Self.stop(first, second, config: config)
            throw error
        }
        await Self.stop(first, second, config: config)
    }

    /// The number the server reports for open live-queue connections.
    static func openStreams(_ app: Application) -> Int? {
        let text = app.metricsText
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("queue_streams_open ") }) else { return nil }
        return Double(line.split(separator: " ").last ?? "").map { Int($0) }
    }

    /// Polls `condition` until it holds, failing after `seconds`.
    static func eventually(seconds: Double, _ condition: @escaping @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TimeoutError(seconds: seconds)
    }

    @Test func aBrowserThatLeavesEndsItsStreamAndTheServerCarriesOn() async throws {
        let config = TestDatabase.config()
        let app = try await makeTestApp(config: config)
        do {
            let world = try await TestWorld.make(on: app)
            let port = try await Self.start(app)
            var stream: EventStream? = try await EventStream(port: port, sessionToken: try await Self.session(app, world.managerA.id))
            _ = stream
            try await Self.eventually(seconds: 10) { Self.openStreams(app) == 1 }
            // MUT: the browser goes away, then the queue changes
            stream = nil
            for _ in 0..<3 {
                try await app.events.publish(QueueEvent.changed(handlerID: world.practiceA, requestID: world.requestA), on: app.db)
                if Self.openStreams(app) == 0 { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            // validate: the stream ended cleanly and the server still answers
            try await Self.eventually(seconds: 30) { Self.openStreams(app) == 0 }
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz")
            request.method = .GET
            let health = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            #expect(health.status == .ok)
        } catch {
            await Self.stop(app, app, config: config)
            throw error
        }
        await Self.stop(app, app, config: config)
    }

    static func stop(_ first: Application, _ second: Application, config: AppConfig) async {
        await first.server.shutdown()
        if second !== first { try? await dropTestApp(second, config: config, dropSchema: false) }
        try? await dropTestApp(first, config: config)
    }
}
