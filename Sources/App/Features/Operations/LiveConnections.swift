import Domain
import Fluent
import Foundation
import NIOCore
import Vapor

/// The live connections open on this instance, each with the grant it was opened on, closed when an ending that
/// `closes` its grant is heard from the event bus (from this instance or, on PostgreSQL, any other). Endings heard in
/// the last ten minutes are kept, so that a connection whose checks ran before an ending was heard, but that registers
/// only after it (a stream or viewer still starting), is closed as it registers.
actor LiveConnections {
    /// One open connection and how to close it (it must not block: it hands the work to the connection's own loop).
    private struct Entry {
        var grant: LiveGrant
        var close: @Sendable (LiveEnding) -> Void
    }

    private var open: [UUID: Entry] = [:]
    private var heard: [(ending: LiveEnding, at: ContinuousClock.Instant)] = []
    static let memory: Duration = .seconds(600)

    /// Registers a connection whose checks (session, engagement, link) began at `checkedSince`; closes it at once if an
    /// ending heard since then closes it.
    func register(
        _ grant: LiveGrant, checkedSince: ContinuousClock.Instant, close: @escaping @Sendable (LiveEnding) -> Void
    ) -> UUID {
        let id = UUID()
        forgetOld()
        if let ending = heard.first(where: { $0.at >= checkedSince && $0.ending.closes(grant) })?.ending {
            close(ending)
            return id
        }
        open[id] = Entry(grant: grant, close: close)
        return id
    }

    /// Registers a server-sent-events stream: `ending` yields once, when what authorised it ends.
    func registerStream(_ grant: LiveGrant, checkedSince: ContinuousClock.Instant) -> (id: UUID, ending: AsyncStream<LiveEnding>) {
        let (stream, continuation) = AsyncStream<LiveEnding>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = register(grant, checkedSince: checkedSince) { ending in
            continuation.yield(ending)
            continuation.finish()
        }
        return (id, stream)
    }

    func remove(_ id: UUID) { open[id] = nil }

    /// Closes every connection here that `ending` closes, and remembers it for connections still registering.
    func end(_ ending: LiveEnding, now: ContinuousClock.Instant = .now) {
        forgetOld()
        heard.append((ending: ending, at: now))
        let closing = open.filter { ending.closes($0.value.grant) }
        for (id, entry) in closing {
            open[id] = nil
            entry.close(ending)
        }
    }

    /// How many connections of `kind` are open here.
    func count(_ kind: LiveGrant.Kind) -> Int { open.values.filter { $0.grant.kind == kind }.count }

    private func forgetOld() {
        let limit = ContinuousClock.now - Self.memory
        heard.removeAll { $0.at < limit }
    }
}

extension LiveEnding {
    static let topic = "live-endings"

    /// 4401: sign in again; 4403: no longer allowed; 4410: the consultation is over. Pages stop reconnecting on these.
    var closeCode: UInt16 {
        switch self {
        case .signedOut, .signedOutEverywhere, .signedOutAtProvider: 4401
        case .engagementEnded: 4403
        case .consultationEnded: 4410
        }
    }

    /// What the page shows as the connection closes (a WebSocket close reason holds at most 123 bytes).
    var reason: String {
        switch self {
        case .signedOut: "You have signed out. Sign in again to carry on."
        case .signedOutEverywhere: "You signed out everywhere. Sign in again to carry on."
        case .signedOutAtProvider: "You signed out of your NHS Care Identity. Sign in again to carry on."
        case .engagementEnded: "Your engagement here has ended, so this has closed. Ask your practice manager if that is wrong."
        case .consultationEnded(_, let byPhone):
            byPhone ? "The clinician will phone you instead. Keep your phone nearby." : "The consultation has ended."
        }
    }

    var liveEvent: LiveEvent {
        LiveEvent(topic: Self.topic, body: String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self))
    }

    init?(_ event: LiveEvent) {
        guard event.topic == Self.topic, let value = try? JSONDecoder().decode(Self.self, from: Data(event.body.utf8)) else {
            return nil
        }
        self = value
    }
}

/// The payload of a WebSocket close frame: the code, then as much of the reason as fits in 123 bytes, cut between
/// characters.
enum WebSocketClose {
    static func payload(code: UInt16, reason: String) -> ByteBuffer {
        var text = ""
        for character in reason where text.utf8.count + String(character).utf8.count <= 123 { text.append(character) }
        var data = ByteBuffer()
        data.writeInteger(code)
        data.writeString(text)
        return data
    }
}

/// Closes this instance's live connections as endings are heard, from start-up to shutdown.
struct LiveConnectionsListener: SiteService {
    let name = "live connection endings"
    let connections: LiveConnections
    /// Subscribed at boot, before the server takes requests.
    let events: AsyncStream<LiveEvent>

    func run() async {
        for await event in events {
            guard let ending = LiveEnding(event) else { continue }
            await connections.end(ending)
        }
    }
}

extension Application {
    private struct LiveConnectionsKey: StorageKey { typealias Value = LiveConnections }

    /// This instance's live connections, made in `configure`.
    var liveConnections: LiveConnections {
        get { storage[LiveConnectionsKey.self]! }
        set { storage[LiveConnectionsKey.self] = newValue }
    }

    /// Tells every instance that `ending` happened, so that each closes the connections it authorised. Called after the
    /// change is committed; a failure to send is logged, and the change stands.
    func endLiveConnections(_ ending: LiveEnding, on db: any Database) async {
        do { try await events.publish(ending.liveEvent, on: db) } catch {
            logger.error("live connections not told of an ending", metadata: ["code": "\(ending.closeCode)", "error": "\(error)"])
        }
    }
}

extension Request {
    private struct ChecksBeganKey: StorageKey { typealias Value = ContinuousClock.Instant }

    /// When this request's checks of its session and engagements began (set by the session middleware): an ending heard
    /// after it may have come too late for them.
    var checksBegan: ContinuousClock.Instant {
        get { storage[ChecksBeganKey.self] ?? .now }
        set { storage[ChecksBeganKey.self] = newValue }
    }
}
