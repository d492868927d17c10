import Foundation
import Logging
import Vapor

/// Log set-up: Vapor's text lines, or one JSON object per line for log collectors.
/// Request ids come from Vapor's request logger; no handler here ever adds a patient identifier.
public enum SiteLogging {
    public static func bootstrap(format: AppConfig.LogFormat, environment: inout Environment) throws {
        switch format {
        case .text:
            try LoggingSystem.bootstrap(from: &environment)
        case .json:
            let level = try Logger.Level.detect(from: &environment)
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, logLevel: level) }
        }
    }
}

/// Writes one JSON object per log line to standard error.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, logLevel: Logger.Level) {
        self.label = label
        self.logLevel = logLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [
            "time": ISO8601DateFormatter().string(from: Date()), "level": "\(event.level)", "logger": label,
            "message": "\(event.message)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = "\(value)"
        }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            FileHandle.standardError.write(data + Data("\n".utf8))
        }
    }
}
