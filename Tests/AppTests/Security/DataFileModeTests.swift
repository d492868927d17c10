import Foundation
import Testing
import VaporTesting

@testable import App

/// The SQLite file and the key file beside it are readable by the server's user alone.
@Suite struct DataFileModeTests {
    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test func theDatabaseAndItsKeyFileAreTheOwnersAlone() async throws {
        // setup: a new folder, no DATA_KEY, so the key file is made (SQLite in both runs: it is the SQLite file's mode)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mode-\(UUID().uuidString)/data").path
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: folder).deletingLastPathComponent().path) }
        var config = TestDatabase.config()
        config.database = .sqliteFile(path: folder + "/surgery.sqlite")
        config.dataKey = nil
        // MUT
        let modes = try await withTestApp(config: config) { _ in
            [try Self.mode(folder + "/surgery.sqlite"), try Self.mode(folder + "/data.key"), try Self.mode(folder)]
        }
        // validate
        #expect(modes == [0o600, 0o600, 0o700])
    }

    @Test func aKeyFileThatCannotBeWrittenStopsTheStart() throws {
        // setup: where the key file should go there is a folder, so it can be neither read nor written (even as root)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/data.key", withIntermediateDirectories: true)
        var config = TestDatabase.config()
        config.database = .sqliteFile(path: folder + "/surgery.sqlite")
        config.dataKey = nil
        // MUT + validate: a key used once and lost would make every secret sealed with it unreadable after a restart
        #expect {
            _ = try Application.makeSecretBox(config: config, logger: Logger(label: "test"))
        } throws: { error in
            (error as? ConfigError)?.variable == "DATA_KEY" && "\(error)".contains(folder + "/data.key")
        }
    }
}
