import Domain
import Foundation

/// The retention periods (RETENTION_PHOTOS_DAYS, RETENTION_MESSAGE_BODIES_DAYS, RETENTION_REPLY_LINKS_DAYS,
/// RETENTION_VIDEO_DETAILS_DAYS; see `RetainedData` for the defaults and why), when the nightly run starts on the UK
/// clock (RETENTION_RUN_AT, "02:30"), and how many rows each statement of a run touches.
struct RetentionConfig: Sendable {
    var policy = RetentionPolicy()
    var schedule = NightlySchedule(hour: 2, minute: 30)
    var batchSize = 500
    /// Off in tests, which run the job by hand.
    var runsNightly = true

    static func fromEnvironment(_ env: [String: String]) throws(ConfigError) -> RetentionConfig {
        var config = RetentionConfig()
        var overrides: [RetainedData: Int] = [:]
        let range = RetentionPolicy.shortestDays...RetentionPolicy.longestDays
        for data in RetainedData.allCases {
            guard let text = env[data.environmentVariable]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            guard let days = Int(text), range.contains(days) else {
                throw ConfigError(
                    variable: data.environmentVariable,
                    problem: "must be a whole number of days from \(range.lowerBound) to \(range.upperBound), not \(text)")
            }
            overrides[data] = days
        }
        config.policy = RetentionPolicy(overrides)
        if let text = env["RETENTION_RUN_AT"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let parts = text.split(separator: ":").map { Int($0) }
            guard parts.count == 2, let hour = parts[0], let minute = parts[1], (0...23).contains(hour), (0...59).contains(minute) else {
                throw ConfigError(variable: "RETENTION_RUN_AT", problem: "must be a time on the UK clock such as 02:30, not \(text)")
            }
            config.schedule = NightlySchedule(hour: hour, minute: minute)
        }
        return config
    }
}
