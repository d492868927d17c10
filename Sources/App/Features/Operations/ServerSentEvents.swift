import Domain
import NIOCore
import Vapor

/// Pieces shared by the live streams (the triage queue, a person's desktop status).
enum ServerSentEvents {
    /// Runs `events` beside a comment every 20 seconds that keeps proxies from closing a quiet line, until `events`
    /// ends, a write fails, or what authorised the stream ends: then an `ended` event carries the reason the page
    /// shows, and the stream ends. The stream is one of this instance's live connections while it runs.
    static func withKeepAlive(
        _ writer: any AsyncBodyStreamWriter, until live: LiveStreamGrant, events: @escaping @Sendable () async throws -> Void
    ) async throws {
        let (id, ending) = await live.connections.registerStream(live.grant, checkedSince: live.checkedSince)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await events() }
                group.addTask {
                    while true {
                        try await Task.sleep(for: .seconds(20))
                        try await writer.write(.buffer(ByteBuffer(string: ": still here\n\n")))
                    }
                }
                group.addTask {
                    for await ended in ending {
                        try await writer.write(.buffer(ByteBuffer(string: "event: ended\ndata: \(ended.reason)\n\n")))
                        return
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            await live.connections.remove(id)
            throw error
        }
        await live.connections.remove(id)
    }
}

/// What a live stream registers once its body runs: this instance's connections, the grant it was opened on, and when
/// its request's checks began (an ending heard after that closes it as it registers).
struct LiveStreamGrant: Sendable {
    var connections: LiveConnections
    var grant: LiveGrant
    var checkedSince: ContinuousClock.Instant

    init(_ grant: LiveGrant, req: Request) {
        self.connections = req.application.liveConnections
        self.grant = grant
        self.checkedSince = req.checksBegan
    }
}
