import Domain
import Foundation
import Vapor

extension Application {
    private struct SecretBoxKey: StorageKey { typealias Value = SecretBox }

    /// Seals and opens stored secrets with this instance's data key.
    var secretBox: SecretBox {
        get { storage[SecretBoxKey.self] ?? .random() }
        set { storage[SecretBoxKey.self] = newValue }
    }

    /// The data key from the configuration, or (SQLite only) a key file beside the database, made on first start.
    static func makeSecretBox(config: AppConfig, logger: Logger) throws -> SecretBox {
        if let key = config.dataKey { return try SecretBox(keyBytes: key) }
        switch config.database {
        case .sqliteMemory, .postgres:
            return .random()
        case .sqliteFile(let path):
            let keyPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("data.key").path
            if let text = try? String(contentsOfFile: keyPath, encoding: .utf8),
                let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyPath)
                return try SecretBox(keyBytes: Array(bytes))
            }
            let bytes = SecretBox.randomKeyBytes()
            // without the key on disk, every secret sealed now would be lost at the next start: stop instead
            guard
                FileManager.default.createFile(
                    atPath: keyPath, contents: Data(Data(bytes).base64EncodedString().utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw ConfigError(
                    variable: "DATA_KEY", problem: "is not set, and a new data key could not be written to \(keyPath): check that folder")
            }
            logger.warning("No DATA_KEY was given: made a data key at \(keyPath). Keep it with the database and back it up.")
            return try SecretBox(keyBytes: bytes)
        }
    }
}
