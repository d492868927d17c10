import Fluent
import Foundation
import SQLKit
import Vapor

/// Backups of a SQLite deployment, taken while it serves, and their restore into a fresh place. A backup is a folder:
/// the database as one consistent snapshot (`VACUUM INTO`), the data key file when there is one (without it the sealed
/// secrets cannot be opened), and the audit checkpoint file copied first, so that no checkpoint in it is newer than
/// the snapshot. PostgreSQL deployments use PostgreSQL's own tools (docs/deployment.md).
public enum Backups {
    static let databaseName = "surgery.sqlite"
    static let keyName = "data.key"
    static let checkpointsName = "audit-checkpoints.log"

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Takes a backup into `folder`, which must not exist yet; returns what was written, in words.
    static func take(into folder: String, app: Application) async throws -> String {
        guard case .sqliteFile(let path) = app.appConfig.database else {
            throw Problem(description: "surgery backup is for a SQLite deployment. On PostgreSQL use pg_dump --format=custom (or base backups with WAL archiving) and keep DATA_KEY with them: see docs/deployment.md.")
        }
        let manager = FileManager.default
        guard !manager.fileExists(atPath: folder) else {
            throw Problem(description: "\(folder) already exists: give a new folder, so that no backup is overwritten.")
        }
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var written: [String] = []
        if let checkpoints = app.appConfig.auditCheckpoints.file(for: app.appConfig.database), manager.fileExists(atPath: checkpoints) {
            try manager.copyItem(atPath: checkpoints, toPath: folder + "/" + checkpointsName)
            written.append(checkpointsName)
        }
        let key = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(keyName).path
        if app.appConfig.dataKey == nil, manager.fileExists(atPath: key) {
            try manager.copyItem(atPath: key, toPath: folder + "/" + keyName)
            written.append(keyName)
        }
        guard let sql = app.db as? any SQLDatabase else { throw Problem(description: "The database does not speak SQL.") }
        try await sql.raw("VACUUM INTO \(bind: folder + "/" + databaseName)").run()
        written.append(databaseName)
        let keyNote = app.appConfig.dataKey == nil ? "" : " DATA_KEY is set: keep it with this backup, which cannot be read without it."
        return "Backed up into \(folder): \(written.joined(separator: ", ")).\(keyNote)"
    }

    /// Restores the backup in `folder` to the database `config` names, which must not exist yet (nor its key or
    /// checkpoint file): a restore never overwrites. Runs before the server opens the database.
    public static func restore(from folder: String, config: AppConfig) throws -> String {
        guard case .sqliteFile(let path) = config.database else {
            throw Problem(description: "surgery restore is for a SQLite deployment (set DATABASE_PATH). On PostgreSQL use pg_restore: see docs/deployment.md.")
        }
        let manager = FileManager.default
        let source = folder + "/" + databaseName
        guard manager.fileExists(atPath: source) else { throw Problem(description: "\(folder) holds no \(databaseName): is it a backup folder?") }
        let key = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(keyName).path
        var targets = [(source, path)]
        if manager.fileExists(atPath: folder + "/" + keyName) { targets.append((folder + "/" + keyName, key)) }
        if let checkpoints = config.auditCheckpoints.file(for: config.database), manager.fileExists(atPath: folder + "/" + checkpointsName) {
            targets.append((folder + "/" + checkpointsName, checkpoints))
        }
        if let taken = targets.map(\.1).first(where: manager.fileExists(atPath:)) {
            throw Problem(description: "\(taken) already exists: restore into a fresh place, or move it away first.")
        }
        if targets.count == 1, config.dataKey == nil {
            throw Problem(description: "The backup has no data key and DATA_KEY is not set: set DATA_KEY to the key the backup was taken with.")
        }
        try manager.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        for (from, to) in targets { try manager.copyItem(atPath: from, toPath: to) }
        return "Restored \(path) from \(folder). Check it with: surgery audit verify"
    }
}

/// `surgery backup FOLDER`: a consistent backup of a SQLite deployment, taken while it serves.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "folder", help: "a new folder for the backup")
        var folder: String
    }

    var help: String { "Backs up the SQLite database, its data key and audit checkpoints into a new folder." }

    func run(using context: CommandContext, signature: Signature) async throws {
        do {
            context.console.print(try await Backups.take(into: signature.folder, app: context.application))
        } catch let problem as Backups.Problem {
            throw CommandLineProblem(description: problem.description)
        }
    }
}
