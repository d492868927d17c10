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
}
