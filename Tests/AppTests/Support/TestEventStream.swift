import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import App

/// TEST HELPER: one open server-sent-events stream (the live queue, a desktop's status) over a real connection, read
/// block by block; every wait has a deadline.
final class TestEventStream: @unchecked Sendable {
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private var buffer = ""
    private var finished = false

    /// Opens `path` on 127.0.0.1:`port` with the session cookie `session`; fails unless it answers 200 as an event stream.
    init(port: Int, path: String, session: String) async throws {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.add(name: "Cookie", value: "\(SiteCookie.session)=\(session)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "content-type")?.hasPrefix("text/event-stream") == true)
        iterator = response.body.makeAsyncIterator()
    }

    /// The next block (up to a blank line) that is not a comment, or nil once the server has ended the stream.
    func next(seconds: Double = 15) async throws -> String? {
        try await withTimeout(seconds: seconds) { try await self.read() }
    }

    /// Reads up to the stream's `ended` event, then to the end of the stream; returns the event's data (the reason).
    func ended(seconds: Double = 15) async throws -> String {
        try await withTimeout(seconds: seconds) {
            var reason: String?
            while let block = try await self.read() {
                if block.hasPrefix("event: ended\ndata: ") { reason = String(block.dropFirst("event: ended\ndata: ".count)) }
            }
            return try #require(reason, "the stream ended without an ended event")
        }
    }

    private func read() async throws -> String? {
        while true {
            if let end = buffer.range(of: "\n\n") {
                let block = String(buffer[..<end.lowerBound])
                buffer.removeSubrange(..<end.upperBound)
                if block.split(separator: "\n").allSatisfy({ $0.hasPrefix(":") || $0.hasPrefix("retry:") }) { continue }
                return block
            }
            guard !finished, let chunk = try await iterator.next() else {
                finished = true
                return nil
            }
            buffer += String(buffer: chunk)
        }
    }
}
