import Domain
import Fluent
import Foundation
import NIOCore
import NIOPosix
import Vapor
import VNCCipher

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
            let password = try? app.secretBox.open(host.sealedSecret)
            var problem = await Self.probe(hostSeats, protocol: host.protocolName, password: password, app: app)
            if problem != nil, await health.failureCount(host.id!) == 0 {
                _ = await health.record(host: host.id!, problem: problem, at: Date())
                try await Task.sleep(for: .seconds(1))
                problem = await Self.probe(hostSeats, protocol: host.protocolName, password: password, app: app)
            }
            let changed = await health.record(host: host.id!, problem: problem, at: Date())
            let recorded = await health.results[host.id!]
            if changed || (recorded.map { $0.healthy != host.healthy || $0.detail != host.healthDetail } ?? false) {
                poolsChanged.insert(host.poolID)
            }
        }
        for pool in poolsChanged { try await tick(pool: pool, app: app) }
    }

    /// The first seat that fails its check, and why; nil when every seat answers as a VNC server and accepts the
    /// host's password (an RDP host's seats: when each answers an RDP connection request). Signing in completely
    /// matters: TigerVNC counts a connection dropped before sign-in as a failed login and, after five, shuts out the
    /// gateway's address.
    static func probe(
        _ seats: [DesktopSeat], protocol: DesktopHostProtocol = .vnc, password: String?, app: Application
    ) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            for seat in seats {
                group.addTask {
                    do {
                        switch `protocol` {
                        case .vnc:
                            try await RFBSignInProbe.check(
                                host: seat.vncHost, port: seat.vncPort, password: password, group: app.eventLoopGroup)
                        case .rdp:
                            try await RDPAnswerProbe.check(host: seat.vncHost, port: seat.vncPort, group: app.eventLoopGroup)
                        }
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

/// Connects to a VNC endpoint, signs in as the gateway would (VncAuth with the host's password), then hangs up.
enum RFBSignInProbe {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func check(
        host: String, port: Int, password: String?, group: any EventLoopGroup, timeout: TimeAmount = .seconds(3)
    ) async throws {
        let eventLoop = group.next()
        let signedIn = eventLoop.makePromise(of: Void.self)
        let timer = eventLoop.scheduleTask(in: timeout) {
            signedIn.fail(Failure(description: "no answer within \(timeout.nanoseconds / 1_000_000_000) s"))
        }
        defer { timer.cancel() }
        let handshake = RFBHostHandshake(password: password, encryptBlock: VNCCipher.encryptBlock)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(SignInReader(signedIn, handshake: handshake))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            signedIn.fail(error)
            throw Failure(description: "no connection (\(error))")
        }
        defer { channel.close(promise: nil) }
        try await signedIn.futureResult.get()
    }

    /// Runs the gateway's side of the RFB handshake and reports how it ended.
    private final class SignInReader: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        private var handshake: RFBHostHandshake
        private let promise: EventLoopPromise<Void>

        init(_ promise: EventLoopPromise<Void>, handshake: RFBHostHandshake) {
            self.promise = promise
            self.handshake = handshake
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(unwrapInboundIn(data).readableBytesView)
            do {
                let step = try handshake.receive(bytes)
                if !step.send.isEmpty { context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: step.send)), promise: nil) }
                if step.isFinished { promise.succeed() }
            } catch {
                promise.fail(Failure(description: error.message))
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(Failure(description: "closed before signing in"))
        }
    }
}

/// Closes this instance's viewers of a seat when any instance says so (a sign-out, a forced reset), from start-up to
/// shutdown.
struct DesktopViewerCloser: SiteService {
    let name = "desktop viewer closer"
    let broker: DesktopBrokerService
    /// Subscribed at boot, before the server takes requests.
    let events: AsyncStream<LiveEvent>

    func run() async {
        for await live in events {
            guard let event = DesktopEvent(live), event.kind == .closeViewers, let seat = event.seat else { continue }
            broker.viewers.closeAll(seat: seat, code: 4000, reason: event.reason ?? DesktopNotice.signedOut.text)
        }
    }
}

/// Runs the desktop broker of every pool every few seconds, from start-up to shutdown.
struct DesktopBrokerTicks: SiteService {
    let name = "desktop broker ticks"
    let app: Application
    let interval: Double

    func run() async {
        while !Task.isCancelled {
            for pool in (try? await DesktopBrokerService.poolIDs(on: app.db)) ?? [] {
                do { try await app.desktopBroker.tick(pool: pool, app: app) } catch {
                    app.logger.warning("desktop broker tick failed", metadata: ["pool": "\(pool)", "error": "\(error)"])
                }
            }
            try? await Task.sleep(for: .seconds(interval))
        }
    }
}

/// Checks every desktop host every few seconds (`DESKTOP_HEALTH_SECONDS`), from start-up to shutdown.
struct DesktopHealthChecks: SiteService {
    let name = "desktop health checks"
    let app: Application
    let interval: Double

    func run() async {
        while !Task.isCancelled {
            do { try await app.desktopBroker.checkHealth(app: app) } catch {
                app.logger.debug("desktop health check failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(interval))
        }
    }
}
