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
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            exit(1)
        }
        do {
            try await ServeGate.waitForTheSchema(app)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            try? await app.asyncShutdown()
            exit(1)
        }
        do {
            try await app.execute()
        } catch {
            // execute() has logged the error; a failed command ends with status 1, not a crash report
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}
