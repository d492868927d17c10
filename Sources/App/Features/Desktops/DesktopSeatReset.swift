import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Which seats this instance is resetting now, and when each was last tried.
actor DesktopResetsInFlight {
    private var running: Set<UUID> = []
    private var lastAttempt: [UUID: Date] = [:]

    func begin(_ seat: UUID, now: Date = Date()) -> Bool {
        lastAttempt[seat] = now
        return running.insert(seat).inserted
    }

    func end(_ seat: UUID) { running.remove(seat) }

    /// Not running here, and not tried here in the last minute.
    func mayRetry(_ seat: UUID, now: Date) -> Bool {
        !running.contains(seat) && (lastAttempt[seat].map { now.timeIntervalSince($0) > 60 } ?? true)
    }

    var count: Int { running.count }
}

extension DesktopBrokerService {
    /// Cleans `seat` through its pool's reset action, then frees it and offers it to the first in line. A failed reset
    /// leaves the seat resetting (nobody gets a half-cleaned desktop); the broker tries again a minute later.
    func startReset(seat: UUID, pool: UUID, app: Application) {
        background.start {
            guard await self.resets.begin(seat) else { return }
            do {
                try await DesktopSeatReset.run(seat: seat, app: app)
                try await self.finishReset(seat: seat, pool: pool, app: app)
            } catch {
                app.logger.warning("desktop seat reset failed", metadata: ["seat": "\(seat)", "problem": "\(error)"])
            }
            await self.resets.end(seat)
        }
    }

    /// The seat is clean: free it, and run the broker so the first in line is offered it at once.
    func finishReset(seat: UUID, pool: UUID, app: Application) async throws {
        let now = Date()
        let (actions, changes) = try await app.db.writeTransaction { tx in
            let turn = try await DesktopPoolTurn.begin(poolID: pool, on: tx)
            let cleaned = turn.before.resetFinished(SeatID(seat.uuidString))
            let actions = DesktopBroker.tick(cleaned, now: now)
            return (actions, try await turn.save(cleaned.applying(actions, now: now), now: now))
        }
        await afterTurn(pool: pool, actions: actions, changes: changes, lineChanged: true, app: app)
    }
}

/// Runs a pool's reset action for one seat: its command (`/bin/sh -c`, the seat in the environment) or a POST to its URL.
enum DesktopSeatReset {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let timeout: TimeInterval = 120

    static func run(seat seatID: UUID, app: Application) async throws {
        guard let seat = try await DesktopSeat.find(seatID, on: app.db),
            let host = try await DesktopHost.find(seat.hostID, on: app.db),
            let pool = try await DesktopPool.find(seat.poolID, on: app.db)
        else { return }
        if let command = pool.resetCommand, !command.isEmpty {
            try await runCommand(command, seat: seat, host: host)
        } else if let url = pool.resetURL, !url.isEmpty {
            let response = try await app.client.post(URI(string: url)) { request in
                try request.content.encode(["seat": seat.name, "host": seat.vncHost, "port": String(seat.vncPort)], as: .json)
            }
            guard (200..<300).contains(response.status.code) else {
                throw Failure(description: "the reset URL answered \(response.status.code)")
            }
        }
    }

    /// Runs the command and waits for it (at most two minutes); its output goes to a file whose end is reported on failure.
    private static func runCommand(_ command: String, seat: DesktopSeat, host: DesktopHost) async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("seat-reset-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["SEAT_NAME": seat.name, "SEAT_HOST": seat.vncHost, "SEAT_PORT": String(seat.vncPort), "HOST_NAME": host.name],
            uniquingKeysWith: { _, new in new })
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        // resumed once: when the command ends, or when it has run too long (a command that starts a server may leave
        // it holding our pipe, and then Foundation never hears that the command itself has ended)
        let resumed = NIOLockedValueBox(false)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            let finish = { @Sendable (result: Result<Int32, any Error>) in
                guard
                    resumed.withLockedValue({ done in
                        defer { done = true }; return !done
                    })
                else { return }
                continuation.resume(with: result)
            }
            process.terminationHandler = { finish(.success($0.terminationStatus)) }
            do { try process.run() } catch {
                finish(.failure(error))
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if process.isRunning { process.terminate() }
                finish(.failure(Failure(description: "the reset command did not finish within \(Int(timeout)) s")))
            }
        }
        guard status == 0 else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw Failure(description: "the reset command exited \(status): \(text.suffix(400))")
        }
    }
}
