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

/// Runs a pool's reset program for one seat, as the operator's pool file names it: no shell, an environment of the
/// `SEAT_*` variables alone, a time limit, and its output in the log.
enum DesktopSeatReset {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What one run printed, for the log.
    struct Output: Sendable {
        var status: Int32
        var text: String
    }

    static func run(seat seatID: UUID, app: Application) async throws {
        guard let seat = try await DesktopSeat.find(seatID, on: app.db),
            let host = try await DesktopHost.find(seat.hostID, on: app.db),
            let pool = try await DesktopPool.find(seat.poolID, on: app.db),
            let command = try pool.reset
        else { return }
        let environment = SeatResetCommand.environment(
            seatName: seat.name, seatHost: seat.vncHost, seatPort: seat.vncPort, hostName: host.name)
        let output = try await execute(command, environment: environment)
        let metadata: Logger.Metadata = ["seat": "\(seat.name)", "program": "\(command.program)", "status": "\(output.status)"]
        app.logger.info("desktop seat reset: \(output.text.suffix(2000))", metadata: metadata)
        guard output.status == 0 else {
            throw Failure(description: "the reset program exited \(output.status): \(output.text.suffix(400))")
        }
    }

    /// Starts the program with exactly these arguments and environment and waits for it, at most its time limit (then
    /// it is sent SIGTERM, and SIGKILL 5 seconds later). Output goes to a file, not a pipe: a program that leaves a server
    /// running would hold a pipe open and the wait would never end.
    static func execute(_ command: SeatResetCommand, environment: [String: String]) async throws -> Output {
        let problems = command.problems
        guard problems.isEmpty else { throw Failure(description: problems.joined(separator: " ")) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("seat-reset-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: output.path, contents: nil, attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command.program)
        process.arguments = Array(command.arguments.dropFirst())
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        let limit = TimeInterval(command.timeoutSeconds)
        // resumed once: when the program ends, or when it has run too long
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
                finish(.failure(Failure(description: "the reset program \(command.program) could not start: \(error)")))
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + limit) {
                guard process.isRunning else { return }
                process.terminate()
                let pid = process.processIdentifier
                DispatchQueue.global().asyncAfter(deadline: .now() + 5) { if process.isRunning { kill(pid, SIGKILL) } }
                finish(.failure(Failure(description: "the reset program did not finish within \(command.timeoutSeconds) s")))
            }
        }
        try? handle.synchronize()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return Output(status: status, text: text)
    }
}
