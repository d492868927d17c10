import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signs the audit chain's head (last sequence number and hash) with a key derived from the data key and keeps it
/// outside the database: a line appended to the checkpoint file (mode 0600) and a log line. Someone who can change
/// the database but not the data key cannot delete rows from the end or recompute the chain without a checkpoint
/// showing it.
final class AuditCheckpoints: Sendable {
    /// The checkpoint file, or nil for log lines only (an in-memory database with no path given).
    let path: String?
    let key: AuditCheckpointKey
    private let lastWritten = NIOLockedValueBox<AuditCheckpoint?>(nil)

    init(path: String?, key: AuditCheckpointKey) {
        self.path = path
        self.key = key
    }

    /// The chain's head now: the last row's sequence number and hash (0 and the genesis hash for an empty trail).
    static func head(on db: any Database) async throws -> (sequence: Int64, hash: String) {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "The audit trail needs an SQL database.") }
        let row = try await sql.raw("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1").first()
        guard let row else { return (0, AuditChain.genesisHash) }
        return (try row.decode(column: "sequence", as: Int64.self), try row.decode(column: "hash", as: String.self))
    }

    /// Signs and keeps the head now, unless the last checkpoint (this instance's, or the file's last signed line) already
    /// has it. A head that does not extend that checkpoint (rows gone from the end, or the row it signed changed) is
    /// never signed: that throws `AuditCheckpointMismatch`. Returns what it wrote.
    @discardableResult
    func writeIfMoved(on db: any Database, logger: Logger, now: Date = Date()) async throws -> AuditCheckpoint? {
        let head = try await Self.head(on: db)
        if let last = try lastWritten.withLockedValue({ $0 }) ?? lastInFile() {
            if last.sequence == head.sequence, last.headHash == head.hash { return nil }
            try await Self.check(head, extends: last, on: db)
        }
        return try write(sequence: head.sequence, headHash: head.hash, logger: logger, now: now)
    }

    /// Whether the chain still holds the row `checkpoint` signed, at or below the head: one indexed read.
    private static func check(_ head: (sequence: Int64, hash: String), extends checkpoint: AuditCheckpoint, on db: any Database)
        async throws
    {
        guard checkpoint.sequence > 0 else { return }
        guard head.sequence >= checkpoint.sequence, let sql = db as? any SQLDatabase else {
            throw AuditCheckpointMismatch(checkpoint: checkpoint)
        }
        let row = try await sql.raw("SELECT hash FROM audit_events WHERE sequence = \(bind: checkpoint.sequence)").first()
        guard let hash = try? row?.decode(column: "hash", as: String.self), hash == checkpoint.headHash else {
            throw AuditCheckpointMismatch(checkpoint: checkpoint)
        }
    }

    /// The last line of the file signed with this key (read from the file's end only).
    private func lastInFile() throws -> AuditCheckpoint? {
        guard let path, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let tail: String
        do {
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: size > 65_536 ? size - 65_536 : 0)
            tail = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        } catch {
            throw AuditCheckpointFileError(path: path, problem: "cannot be read (\(error.localizedDescription))")
        }
        return tail.split(separator: "\n").reversed().lazy.compactMap(AuditCheckpoint.parse).first(where: key.isAuthentic)
    }

    /// Signs a checkpoint of this head, logs it and appends it to the file.
    @discardableResult
    func write(sequence: Int64, headHash: String, logger: Logger, now: Date = Date()) throws -> AuditCheckpoint {
        let checkpoint = AuditCheckpoint(
            sequence: sequence, headHash: headHash, writtenAtMillis: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)), key: key)
        logger.notice(
            "audit checkpoint",
            metadata: [
                "sequence": "\(checkpoint.sequence)", "head": "\(checkpoint.headHash)", "at_ms": "\(checkpoint.writtenAtMillis)",
                "mac": "\(checkpoint.mac)",
            ])
        if let path { try Self.append(checkpoint.line + "\n", to: path) }
        lastWritten.withLockedValue { $0 = checkpoint }
        return checkpoint
    }

    /// The file's lines; none when there is no file yet.
    func lines() throws -> [String] {
        guard let path, FileManager.default.fileExists(atPath: path) else { return [] }
        do {
            return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(
                String.init)
        } catch {
            throw AuditCheckpointFileError(path: path, problem: "cannot be read as text (\(error.localizedDescription))")
        }
    }

    /// Appends one line with a single `write` to a file opened for appending, so that lines from two processes never
    /// interleave; the file is made, or kept, readable by the server's user alone, and synced before returning.
    private static func append(_ line: String, to path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder) {
            try? FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw AuditCheckpointFileError(path: path, problem: "cannot be opened for appending (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { writeBytes(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw AuditCheckpointFileError(path: path, problem: "could not be written (\(String(cString: strerror(errno))))")
        }
    }
}

/// POSIX `write(2)`, named apart from the `write` methods above.
private func writeBytes(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
    #else
        Darwin.write(fd, bytes, count)
    #endif
}

/// The checkpoint file could not be used; the message names it and what to check.
struct AuditCheckpointFileError: Error, CustomStringConvertible {
    var path: String
    var problem: String
    var description: String {
        "The audit checkpoint file \(path) \(problem). Check that the folder exists and that the server's user owns the file "
            + "(or set AUDIT_CHECKPOINT_PATH)."
    }
}

/// The trail no longer extends the last checkpoint: rows were deleted from its end, or the row it signed was changed.
struct AuditCheckpointMismatch: Error, CustomStringConvertible {
    var checkpoint: AuditCheckpoint
    var description: String {
        "The audit trail no longer agrees with the checkpoint of \(AuditProblem.time(checkpoint.writtenAtMillis)) at row "
            + "\(AuditProblem.number(checkpoint.sequence)): rows were deleted or changed, so no new checkpoint is signed. Run `surgery audit "
            + "verify`, keep the database and the checkpoint file for the investigation, and move the file aside once the trail is restored."
    }
}

/// Writes a checkpoint when the server starts, every `interval` while the chain's head moves, and when it stops (after
/// the audit rows still being written).
struct AuditCheckpointLoop: SiteService {
    let name = "audit checkpoints"
    let app: Application
    let interval: TimeInterval

    func run() async {
        while !Task.isCancelled {
            await Self.tick(app)
            try? await Task.sleep(for: .seconds(interval))
        }
    }

    func finish() async {
        await app.auditTrail.waitUntilWritten()
        await Self.tick(app)
    }

    /// One checkpoint if the head moved. A database without the table yet (before `migrate`) is passed over quietly;
    /// a file that cannot be written is a warning.
    private static func tick(_ app: Application) async {
        do {
            try await app.auditCheckpoints.writeIfMoved(on: app.db, logger: app.logger)
        } catch let error as AuditCheckpointFileError {
            app.logger.warning("audit checkpoint not written: \(error)")
        } catch let error as AuditCheckpointMismatch {
            app.logger.error("\(error)")
        } catch {
            app.logger.debug(
                "audit checkpoint skipped: the audit trail cannot be read", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}

extension Application {
    private struct AuditCheckpointsKey: StorageKey { typealias Value = AuditCheckpoints }

    /// This instance's checkpoint writer, made in `configure`.
    var auditCheckpoints: AuditCheckpoints {
        get { storage[AuditCheckpointsKey.self] ?? AuditCheckpoints(path: nil, key: AuditCheckpointKey(box: secretBox)) }
        set { storage[AuditCheckpointsKey.self] = newValue }
    }
}
