import AsyncHTTPClient
import Foundation
import Testing
import Vapor

@testable import App

/// A request whose work never ends (as when PostgresNIO loses a query written just as PostgreSQL ends its connection)
/// is still answered: "busy, try again" once its deadline has passed, and its work stays counted for shutdown.
@Suite struct RequestDeadlineTests {
    @Test func aRequestStuckPastItsDeadlineIsAnsweredBusyAndStaysCountedUntilItsWorkEnds() async throws {
        // setup: a page that waits until the test lets it go, behind a 1 s deadline (the site's own is far longer)
        try await withTestApp { app in
            let (gate, open) = AsyncStream<Void>.makeStream()
            let requests = app.requestsInFlight
            app.grouped(RequestDeadlineMiddleware(limit: .seconds(1), requests: requests)).get("stuck") { _ async -> String in
                for await _ in gate { break }
                return "late"
            }
            // a quick page's deadline is long, so that a machine busy with other tests cannot make it late
            app.grouped(RequestDeadlineMiddleware(limit: .seconds(120), requests: requests)).get("quick") { _ in "done" }
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)

            // MUT: the stuck page, with a client that waits far longer than the deadline
            let answer = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/stuck"), timeout: .seconds(60))
            let body = String(buffer: try await answer.body.collect(upTo: 1 << 20))

            // validate: a busy answer that says to try again; the work goes on, counted, until it ends
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.headers.first(name: "Retry-After") == SiteErrorMiddleware.busyRetryAfter)
            #expect(body.contains("try again"))
            #expect(requests.current == 1)
            open.yield()
            try await RequestsInFlightTests.eventually(seconds: 60) { requests.current == 0 }

            // a page that is quick is answered as usual, and nothing is left counted
            let quick = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/quick"), timeout: .seconds(60))
            #expect(quick.status == .ok)
            #expect(String(buffer: try await quick.body.collect(upTo: 1024)) == "done")
            #expect(requests.current == 0)
            await app.server.shutdown()
        }
    }

    @Test func aBodyStillArrivingIsTheSendersTimeAndAStuckUploadIsAnsweredOnceItIsIn() async throws {
        // setup: behind a 1 s deadline, a page that counts what was sent; behind the form check (which reads uploads)
        // with a site deadline of 6 s, a page that never answers
        try await withTestApp { app in
            let requests = app.requestsInFlight
            app.grouped(RequestDeadlineMiddleware(limit: .seconds(1), requests: requests))
                .on(.POST, "upload", body: .collect(maxSize: "1mb")) { req in "\(req.body.data?.readableBytes ?? 0)" }
            var config = app.appConfig
            config.databaseWaitLimit = .milliseconds(500)
            let (gate, open) = AsyncStream<Void>.makeStream()
            app.grouped(CSRFMiddleware(config: config)).on(.POST, "stuck-upload", body: .collect(maxSize: "1mb")) { _ async -> String in
                for await _ in gate { break }
                return "late"
            }
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)

            // MUT: 4 parts of 1 KiB sent 600 ms apart (a phone on a slow line: the body takes longer than the deadline)
            var upload = HTTPClientRequest(url: "http://127.0.0.1:\(port)/upload")
            upload.method = .POST
            upload.headers.add(name: .contentType, value: "application/octet-stream")
            let slow = SlowBody(parts: 4, pause: .milliseconds(600))
            upload.body = .stream(slow, length: .known(slow.length))
            let answer = try await HTTPClient.shared.execute(upload, timeout: .seconds(60))

            // validate: the whole body was taken, not refused as late
            #expect(answer.status == .ok)
            #expect(String(buffer: try await answer.body.collect(upTo: 1024)) == "\(4 * 1024)")

            // MUT: a multipart form (read by the form check) whose page never answers
            var stuck = HTTPClientRequest(url: "http://127.0.0.1:\(port)/stuck-upload")
            stuck.method = .POST
            let boundary = "deadline-test"
            stuck.headers.add(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            stuck.headers.add(name: .cookie, value: "\(SiteCookie.csrf)=token-for-the-test")
            // sent in three parts 300 ms apart, so that the body is still arriving when the request is routed
            let form = SlowBody(parts: [
                ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken-for-the-test\r\n"),
                ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nslow\r\n"),
                ByteBuffer(string: "--\(boundary)--\r\n"),
            ], pause: .milliseconds(300))
            stuck.body = .stream(form, length: .known(form.length))
            let late = try await HTTPClient.shared.execute(stuck, timeout: .seconds(60))

            // validate: answered busy once the site's deadline passed; its work counted until it ends
            #expect(late.status == .serviceUnavailable)
            #expect(requests.current == 1)
            open.yield()
            try await RequestsInFlightTests.eventually(seconds: 60) { requests.current == 0 }
            await app.server.shutdown()
        }
    }

    @Test func theSitesDeadlineComesBeforeTheProxysWaitForAnAnswer() {
        // nginx in the deployment kit waits 60 s for an answer (proxy_read_timeout): the app must answer first
        #expect(AppConfig(database: .sqliteMemory).requestDeadline < .seconds(60))
        let config = AppConfig(database: .sqliteMemory)
        #expect(config.requestDeadline >= config.databaseWaitLimit * 2)
    }
}

/// A body sent in `parts` with `pause` before each after the first, as a slow line delivers it.
private struct SlowBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let parts: [ByteBuffer]
    let pause: Duration

    /// `count` parts of 1 KiB.
    init(parts count: Int, pause: Duration) {
        self.init(parts: Array(repeating: ByteBuffer(repeating: UInt8(ascii: "x"), count: 1024), count: count), pause: pause)
    }

    init(parts: [ByteBuffer], pause: Duration) {
        self.parts = parts
        self.pause = pause
    }

    var length: Int64 { Int64(parts.reduce(0) { $0 + $1.readableBytes }) }

    struct AsyncIterator: AsyncIteratorProtocol {
        var left: ArraySlice<ByteBuffer>
        let pause: Duration
        var first = true

        mutating func next() async throws -> ByteBuffer? {
            guard let part = left.popFirst() else { return nil }
            if !first { try await Task.sleep(for: pause) }  // the sender's pace, the behaviour under test
            first = false
            return part
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(left: parts[...], pause: pause) }
}
