import App
import Foundation
import Logging
import Vapor

/// Starts Surgery Anywhere: reads the configuration, then runs the command given (`serve` by default).
@main
enum Entrypoint {
    static func main() async throws {
        var env = try Environment.detect()
        let config: AppConfig
        do {
            config = try AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            exit(2)
        }
        try SiteLogging.bootstrap(format: config.logFormat, environment: &env)
        let app = try await Application.make(env)
        do {
            try await configure(app, config: config)
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
