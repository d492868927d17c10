import FluentPostgresDriver
import Foundation
import Logging
import PostgresNIO
import SQLKit
import Vapor

/// A live event: a queue changed, a seat is free, a video signal. Small: it names records, it does not carry them.
public struct LiveEvent: Codable, Sendable, Equatable {
    public var topic: String
    public var body: String

    public init(topic: String, body: String) {
        self.topic = topic
        self.body = body
    }
}

/// Fans events out to the subscribers of this instance.
actor LocalEventHub {
    private var subscribers: [UUID: (topic: String, resync: LiveEvent?, continuation: AsyncStream<LiveEvent>.Continuation)] = [:]

    func subscribe(topic: String, resync: LiveEvent? = nil) -> AsyncStream<LiveEvent> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<LiveEvent>.makeStream(bufferingPolicy: .bufferingNewest(256))
        subscribers[id] = (topic, resync, continuation)
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        return stream
    }

    func deliver(_ event: LiveEvent) {
        for subscriber in subscribers.values where subscriber.topic == event.topic {
            subscriber.continuation.yield(event)
        }
    }

    /// Events may have been missed (the bus was not listening for a while): each subscriber that said how to catch up
    /// gets that event.
    func resync() {
        for subscriber in subscribers.values {
            if let event = subscriber.resync { subscriber.continuation.yield(event) }
        }
    }

    func finishAll() {
        for subscriber in subscribers.values { subscriber.continuation.finish() }
        subscribers.removeAll()
    }

    private func remove(_ id: UUID) { subscribers[id] = nil }
}

/// The event bus: in-process on SQLite; PostgreSQL LISTEN/NOTIFY when instances share a PostgreSQL database.
public final class EventBus: Sendable {
    private let hub = LocalEventHub()
    private let postgres: PostgresTransport?

    private init(postgres: PostgresTransport?) {
        self.postgres = postgres
    }

    static func make(for app: Application, config: AppConfig) throws -> EventBus {
        guard case .postgres(let url, _) = config.database else { return EventBus(postgres: nil) }
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        return EventBus(
            postgres: PostgresTransport(
                configuration: configuration, channel: config.eventChannel, eventLoop: app.eventLoopGroup.any(),
                logger: app.logger))
    }

    /// Events of `topic` from now on, from this instance and, on PostgreSQL, from every other. `resync`, when given,
    /// is delivered after the bus has listened again following a lost connection, when events may have been missed
    /// (a queue refreshes itself; a video signal has no such event).
    public func subscribe(topic: String, resync: LiveEvent? = nil) async -> AsyncStream<LiveEvent> {
        await hub.subscribe(topic: topic, resync: resync)
    }

    /// Sends an event to every subscriber of its topic on every instance.
    public func publish(_ event: LiveEvent, on database: any Database) async throws {
        guard let postgres, let sql = database as? any SQLDatabase else {
            await hub.deliver(event)
            return
        }
        let payload = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        guard payload.utf8.count < 7900 else { throw Abort(.internalServerError, reason: "A live event was too large to send.") }
        try await sql.raw("SELECT pg_notify(\(bind: postgres.channel), \(bind: payload))").run()
    }

    /// Whether events reach other instances (PostgreSQL); on SQLite there is only this one.
    public var crossesInstances: Bool { postgres != nil }

    /// Waits until this instance hears other instances (at once on SQLite).
    public func waitUntilListening() async throws {
        try await postgres?.waitUntilListening()
    }

    /// Listens on PostgreSQL until cancelled (at once on SQLite, which has nothing to listen to).
    func listen() async { await postgres?.run(deliveringTo: hub) }

    /// Ends every subscriber's stream, for shutdown.
    func finishAll() async { await hub.finishAll() }
}

/// Holds one PostgreSQL connection in LISTEN, reconnecting after a drop.
actor PostgresTransport {
    let channel: String
    private let configuration: PostgresConnection.Configuration
    private let eventLoop: any EventLoop
    private let logger: Logger
    private var listening = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(configuration: PostgresConnection.Configuration, channel: String, eventLoop: any EventLoop, logger: Logger) {
        self.configuration = configuration
        self.channel = channel
        self.eventLoop = eventLoop
        self.logger = logger
    }

    func waitUntilListening() async throws {
        if listening { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func markListening(_ value: Bool) {
        listening = value
        if value {
            waiters.forEach { $0.resume() }
            waiters.removeAll()
        }
    }

    /// Listens, reconnecting after a drop, until the task is cancelled.
    func run(deliveringTo hub: LocalEventHub) async {
        var delay: UInt64 = 200_000_000
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    on: eventLoop, configuration: configuration, id: 1, logger: logger)
                do {
                    try await connection.listen(on: channel) { notifications in
                        if delay > 200_000_000 {
                            self.logger.notice("Event bus listening on PostgreSQL again")
                            await hub.resync()
                        }
                        self.markListening(true)
                        delay = 200_000_000
                        for try await notification in notifications {
                            if let event = try? JSONDecoder().decode(LiveEvent.self, from: Data(notification.payload.utf8)) {
                                await hub.deliver(event)
                            }
                        }
                    }
                    try? await connection.close()
                } catch {
                    try? await connection.close()
                    throw error
                }
            } catch {
                if Task.isCancelled { break }
                logger.warning(
                    "Event bus lost its PostgreSQL connection; reconnecting", metadata: ["error": "\(String(reflecting: error).prefix(300))"])
            }
            markListening(false)
            try? await Task.sleep(nanoseconds: delay)
            delay = min(delay * 2, 5_000_000_000)
        }
        markListening(false)
    }
}

/// Holds the PostgreSQL listener from start-up to shutdown, then ends every subscriber's stream. Added only when
/// instances share PostgreSQL; on SQLite there is nothing to listen to.
struct EventBusListener: SiteService {
    let name = "event bus listener"
    let bus: EventBus

    func run() async { await bus.listen() }

    func finish() async { await bus.finishAll() }
}

extension Application {
    private struct EventBusKey: StorageKey { typealias Value = EventBus }

    /// This instance's event bus.
    public var events: EventBus {
        get { storage[EventBusKey.self]! }
        set { storage[EventBusKey.self] = newValue }
    }
}
