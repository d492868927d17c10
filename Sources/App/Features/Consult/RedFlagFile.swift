import Domain
import Foundation
import Vapor

/// The red-flag screen this server asks: `config/red-flags.json` (or `RED_FLAGS_FILE`), read once at start-up. A file
/// that cannot be found or read stops the server, saying why, so that patients are never screened with nothing.
enum RedFlagFile {
    static let defaultPath = "config/red-flags.json"

    static func load(configured: String?, workingDirectory: String) throws(ConfigError) -> RedFlagSet {
        let (path, data) = try SiteAssets.readShipped(
            defaultPath, configured: configured, variable: "RED_FLAGS_FILE", what: "the red-flag screen", workingDirectory: workingDirectory)
        do { return try RedFlagSet.parse(data) } catch {
            throw ConfigError(variable: "RED_FLAGS_FILE", problem: "\(path): \(error.description)")
        }
    }
}

extension Application {
    private struct RedFlagSetKey: StorageKey { typealias Value = RedFlagSet }

    /// The red-flag screen read by `configure`.
    var redFlagSet: RedFlagSet {
        get {
            guard let set = storage[RedFlagSetKey.self] else { fatalError("The red-flag screen is read by configure before any request") }
            return set
        }
        set { storage[RedFlagSetKey.self] = newValue }
    }
}
