import NIOCore
import Vapor

/// Pieces shared by the live streams (the triage queue, a person's desktop status).
enum ServerSentEvents {
    /// Runs `events` beside a comment every 20 seconds that keeps proxies from closing a quiet line, until `events`
    /// ends or a write fails.
    static func withKeepAlive(
        _ writer: any AsyncBodyStreamWriter, events: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await events() }
            group.addTask {
                while true {
                    try await Task.sleep(for: .seconds(20))
                    try await writer.write(.buffer(ByteBuffer(string: ": still here\n\n")))
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
