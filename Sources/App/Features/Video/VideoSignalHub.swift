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

/// The video sockets connected to this instance, by consultation and participant. A signal is delivered at once to
/// the recipients here and published on the event bus for the other instances, which deliver it to theirs.
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
    private let rooms = NIOLockedValueBox<[UUID: [String: [UUID: Socket]]]>([:])

    func attach(_ socket: Socket, id: UUID, room: UUID, participant: VideoParticipant) {
        rooms.withLockedValue { $0[room, default: [:]][participant.id, default: [:]][id] = socket }
    }

    func detach(id: UUID, room: UUID, participant: VideoParticipant) {
        rooms.withLockedValue { all in
            all[room]?[participant.id]?[id] = nil
            if all[room]?[participant.id]?.isEmpty == true { all[room]?[participant.id] = nil }
            if all[room]?.isEmpty == true { all[room] = nil }
        }
    }

    /// The participants with a socket on this instance.
    func present(in room: UUID) -> Set<String> {
        rooms.withLockedValue { Set(($0[room] ?? [:]).keys) }
    }

    var socketCount: Int { rooms.withLockedValue { $0.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } } }

    /// Sends to the sockets here that the envelope is for: its recipient, or everyone in the room but the sender.
    func deliverHere(_ envelope: VideoEnvelope) {
        let sockets = rooms.withLockedValue { all -> [Socket] in
            guard let room = all[envelope.room] else { return [] }
            if let to = envelope.to { return Array((room[to] ?? [:]).values) }
            return room.filter { $0.key != envelope.from }.flatMap { Array($0.value.values) }
        }
        for socket in sockets { socket.send(envelope.text) }
    }

    /// Closes every socket of one participant here (sent back, consultation ended).
    func close(room: UUID, participant: String, reason: String) {
        let sockets = rooms.withLockedValue { Array(($0[room]?[participant] ?? [:]).values) }
        for socket in sockets { socket.close(reason) }
    }

    private let refreshing = NIOLockedValueBox<Set<UUID>>([])

    /// True when no refresh of this clinician's line is waiting to run (and marks one as waiting).
    func claimRefresh(for clinician: UUID) -> Bool { refreshing.withLockedValue { $0.insert(clinician).inserted } }

    func releaseRefresh(for clinician: UUID) { _ = refreshing.withLockedValue { $0.remove(clinician) } }

    /// Set at shutdown: from then on sockets do no more database work.
    var isClosing: Bool { closing.withLockedValue { $0 } }

    /// Closes every socket here, for shutdown.
    func closeEverything() {
        closing.withLockedValue { $0 = true }
        let sockets = rooms.withLockedValue { $0.values.flatMap { $0.values.flatMap { Array($0.values) } } }
        for socket in sockets { socket.close("The service is restarting: reconnecting…") }
    }

    /// Delivers here, then to the other instances.
    func send(_ envelope: VideoEnvelope, app: Application) async {
        deliverHere(envelope)
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
            deliverHere(envelope)
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

/// Relays video signals from other instances, from start-up to shutdown.
struct VideoHubLifecycle: LifecycleHandler {
    final class Holder: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    let holder = Holder()

    func didBootAsync(_ application: Application) async throws {
        let hub = application.videoHub
        let events = await application.events.subscribe(topic: VideoEnvelope.topic)
        holder.task = Task { await hub.listen(to: events) }
    }

    /// Closes the sockets and waits for their tasks before the database goes.
    func shutdownAsync(_ application: Application) async {
        application.videoHub.closeEverything()
        holder.task?.cancel()
        await application.videoHub.background.drain(seconds: 10)
    }
}
