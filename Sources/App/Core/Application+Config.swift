import Vapor

extension Application {
    private struct AppConfigKey: StorageKey { typealias Value = AppConfig }

    /// The configuration this instance was started with.
    var appConfig: AppConfig {
        get { storage[AppConfigKey.self] ?? AppConfig(database: .sqliteMemory) }
        set { storage[AppConfigKey.self] = newValue }
    }
}
