import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// One signal on its way between two people in a consultation (or to everyone else in it when `to` is nil), as it
/// crosses the event bus between instances.
struct VideoEnvelope: Codable, Sendable {
    static let topic = "video"

    var room: UUID
    var from: String
    var to: String?
    /// The JSON text the recipients' sockets receive.
    var text: String
    /// The instance that sent it, which has delivered it to its own sockets already.
    var origin: UUID
}

/// The video rooms of this instance, each an actor holding its sockets. A signal is delivered at once to the recipients
/// here and published on the event bus for the other instances, which deliver it to theirs.
final class VideoSignalHub: Sendable {
    /// One open socket.
    struct Socket: Sendable {
        var send: @Sendable (String) -> Void
        var close: @Sendable (_ reason: String) -> Void
    }

    let instance = UUID()
    /// The sockets' own tasks, waited for at shutdown.
    let background = BackgroundWork()
    private let closing = NIOLockedValueBox(false)
    /// The rooms with a socket on this instance; each is an actor that owns its sockets.
    private let rooms = NIOLockedValueBox<[UUID: VideoRoom]>([:])

    /// Puts a socket in its room, making the room if this is the first socket here.
    func attach(_ socket: Socket, id: UUID, room: UUID, participant: VideoParticipant) async {
        while true {
            let current = rooms.withLockedValue { all in
                if let existing = all[room] { return existing }
                let made = VideoRoom()
                all[room] = made
                return made
            }
            if await current.attach(socket, id: id, participant: participant.id) { return }
            forget(room, ifStill: current)
        }
    }

    /// Takes a socket out of its room, and lets an empty room go.
    func detach(id: UUID, room: UUID, participant: VideoParticipant) async {
        guard let current = rooms.withLockedValue({ $0[room] }) else { return }
        if await current.detach(id: id, participant: participant.id) { forget(room, ifStill: current) }
    }

    private func forget(_ room: UUID, ifStill expected: VideoRoom) {
        rooms.withLockedValue { all in
            if all[room] === expected { all[room] = nil }
        }
    }

    /// The participants with a socket on this instance.
    func present(in room: UUID) async -> Set<String> {
        guard let current = rooms.withLockedValue({ $0[room] }) else { return [] }
        return await current.present
    }

    /// Sends to the sockets here that the envelope is for: its recipient, or everyone in the room but the sender.
    func deliverHere(_ envelope: VideoEnvelope) async {
        guard let current = rooms.withLockedValue({ $0[envelope.room] }) else { return }
        await current.deliver(envelope)
    }

    private let refreshing = NIOLockedValueBox<Set<UUID>>([])

    /// True when no refresh of this clinician's line is waiting to run (and marks one as waiting).
    func claimRefresh(for clinician: UUID) -> Bool { refreshing.withLockedValue { $0.insert(clinician).inserted } }

    func releaseRefresh(for clinician: UUID) { _ = refreshing.withLockedValue { $0.remove(clinician) } }

    /// Set at shutdown: from then on sockets do no more database work.
    var isClosing: Bool { closing.withLockedValue { $0 } }

    /// Closes every socket here, for shutdown.
    func closeEverything() async {
        closing.withLockedValue { $0 = true }
        for room in rooms.withLockedValue({ Array($0.values) }) { await room.closeAll(reason: "The service is restarting: reconnecting…") }
    }

    /// Delivers here, then to the other instances.
    func send(_ envelope: VideoEnvelope, app: Application) async {
        await deliverHere(envelope)
        // with one instance (SQLite) every socket is here: publishing would only be decoded again and dropped
        guard !isClosing, app.events.crossesInstances else { return }
        do { try await app.events.publish(LiveEvent(topic: VideoEnvelope.topic, body: Self.encode(envelope)), on: app.db) } catch {
            app.logger.warning("video signal not published", metadata: ["error": "\(error)"])
        }
    }

    /// Delivers what other instances sent; runs from start-up to shutdown.
    func listen(to events: AsyncStream<LiveEvent>) async {
        for await event in events {
            guard let envelope = try? JSONDecoder().decode(VideoEnvelope.self, from: Data(event.body.utf8)),
                envelope.origin != instance
            else { continue }
            await deliverHere(envelope)
        }
    }

    static func encode(_ envelope: VideoEnvelope) -> String {
        String(decoding: (try? JSONEncoder().encode(envelope)) ?? Data(), as: UTF8.self)
    }
}

extension Application {
    private struct VideoSignalHubKey: StorageKey { typealias Value = VideoSignalHub }

    /// This instance's video sockets, made in `configure`.
    var videoHub: VideoSignalHub {
        get { storage[VideoSignalHubKey.self]! }
        set { storage[VideoSignalHubKey.self] = newValue }
    }
}

/// Relays video signals from other instances, from start-up to shutdown; then closes this instance's sockets and waits
/// for their tasks before the database goes.
struct VideoSignalRelay: SiteService {
    let name = "video signal relay"
    let hub: VideoSignalHub
    /// Subscribed at boot, before the server takes requests.
    let events: AsyncStream<LiveEvent>
    /// How long shutdown waits for the sockets' tasks.
    var drainSeconds: Double = 10

    func run() async { await hub.listen(to: events) }

    func finish() async {
        await hub.closeEverything()
        await hub.background.drain(seconds: drainSeconds)
    }
}
