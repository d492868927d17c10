import Domain
import Fluent
import Foundation
import NIOCore
import NIOPosix
import Vapor

/// What this instance's health checks last found about each host. A host turns unhealthy after two failed checks in a
/// row (the second a second after the first), so that one lost packet does not throw people off their desktops.
actor DesktopHealthRecord {
    struct Result: Sendable, Equatable {
        var healthy: Bool
        var detail: String?
        var checkedAt: Date
    }

    private(set) var results: [UUID: Result] = [:]
    private var failures: [UUID: Int] = [:]

    /// Records one check and says whether the host's health changed.
    func record(host: UUID, problem: String?, at now: Date) -> Bool {
        let before = results[host]?.healthy ?? true
        if let problem {
            failures[host, default: 0] += 1
            let healthy = failures[host, default: 0] < 2
            results[host] = Result(healthy: healthy, detail: problem, checkedAt: now)
        } else {
            failures[host] = 0
            results[host] = Result(healthy: true, detail: nil, checkedAt: now)
        }
        return results[host]?.healthy != before
    }

    func failureCount(_ host: UUID) -> Int { failures[host, default: 0] }
}

extension DesktopBrokerService {
    /// Checks every seat of every host (TCP connect and the RFB greeting), and runs the broker of each pool whose
    /// hosts changed health.
    func checkHealth(app: Application) async throws {
        let hosts = try await DesktopHost.query(on: app.db).all()
        let seats = try await DesktopSeat.query(on: app.db).all()
        var poolsChanged = Set<UUID>()
        for host in hosts {
            let hostSeats = seats.filter { $0.hostID == host.id }
            var problem = await Self.probe(hostSeats, app: app)
            if problem != nil, await health.failureCount(host.id!) == 0 {
                _ = await health.record(host: host.id!, problem: problem, at: Date())
                try await Task.sleep(for: .seconds(1))
                problem = await Self.probe(hostSeats, app: app)
            }
            let changed = await health.record(host: host.id!, problem: problem, at: Date())
            let recorded = await health.results[host.id!]
            if changed || (recorded.map { $0.healthy != host.healthy || $0.detail != host.healthDetail } ?? false) {
                poolsChanged.insert(host.poolID)
            }
        }
        for pool in poolsChanged { try await tick(pool: pool, app: app) }
    }

    /// The first seat that fails its check, and why; nil when every seat answers as a VNC server.
    static func probe(_ seats: [DesktopSeat], app: Application) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            for seat in seats {
                group.addTask {
                    do {
                        try await RFBGreetingProbe.check(host: seat.vncHost, port: seat.vncPort, group: app.eventLoopGroup)
                        return nil
                    } catch {
                        return "\(seat.name): \(error)"
                    }
                }
            }
            var first: String?
            for await problem in group where first == nil { first = problem }
            return first
        }
    }
}

/// Connects to a VNC endpoint and reads its greeting ("RFB 003.008\n"), then hangs up.
enum RFBGreetingProbe {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func check(host: String, port: Int, group: any EventLoopGroup, timeout: TimeAmount = .seconds(3)) async throws {
        let eventLoop = group.next()
        let greeting = eventLoop.makePromise(of: Void.self)
        let timer = eventLoop.scheduleTask(in: timeout) {
            greeting.fail(Failure(description: "no greeting within \(timeout.nanoseconds / 1_000_000_000) s"))
        }
        defer { timer.cancel() }
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(GreetingReader(greeting)) }
                }
                .connect(host: host, port: port).get()
        } catch {
            greeting.fail(error)
            throw Failure(description: "no connection (\(error))")
        }
        defer { channel.close(promise: nil) }
        try await greeting.futureResult.get()
    }

    /// Collects the first 12 bytes and checks them as an RFB ProtocolVersion.
    private final class GreetingReader: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private var bytes: [UInt8] = []
        private let promise: EventLoopPromise<Void>

        init(_ promise: EventLoopPromise<Void>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            bytes += buffer.readBytes(length: min(buffer.readableBytes, RFBProtocolVersion.length - bytes.count)) ?? []
            guard bytes.count == RFBProtocolVersion.length else { return }
            do {
                _ = try RFBProtocolVersion.parse(bytes)
                promise.succeed()
            } catch {
                promise.fail(Failure(description: error.message))
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(Failure(description: "closed before its greeting"))
        }
    }
}

/// Runs the desktop broker of every pool every few seconds and the health checks, from start-up to shutdown.
struct DesktopBrokerLoops: LifecycleHandler {
    final class Holder: @unchecked Sendable {
        var tasks: [Task<Void, Never>] = []
    }

    let config: DesktopConfig
    let holder = Holder()

    func didBootAsync(_ application: Application) async throws {
        let broker = application.desktopBroker
        let events = await application.events.subscribe(topic: DesktopEvent.topic)
        holder.tasks.append(
            Task {
                for await live in events {
                    guard let event = DesktopEvent(live), event.kind == .closeViewers, let seat = event.seat else { continue }
                    broker.viewers.closeAll(seat: seat, code: 4000, reason: event.reason ?? DesktopNotice.signedOut.text)
                }
            })
        guard config.runsInBackground else { return }
        let tick = config.tickInterval
        let healthInterval = config.healthInterval
        holder.tasks.append(
            Task {
                while !Task.isCancelled {
                    for pool in (try? await DesktopBrokerService.poolIDs(on: application.db)) ?? [] {
                        do { try await broker.tick(pool: pool, app: application) } catch {
                            application.logger.warning("desktop broker tick failed", metadata: ["pool": "\(pool)", "error": "\(error)"])
                        }
                    }
                    try? await Task.sleep(for: .seconds(tick))
                }
            })
        holder.tasks.append(
            Task {
                while !Task.isCancelled {
                    do { try await broker.checkHealth(app: application) } catch {
                        application.logger.debug("desktop health check failed", metadata: ["error": "\(error)"])
                    }
                    try? await Task.sleep(for: .seconds(healthInterval))
                }
            })
    }

    func shutdownAsync(_ application: Application) async {
        for task in holder.tasks { task.cancel() }
    }
}
