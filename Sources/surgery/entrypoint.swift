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
        // a restore happens before anything opens the database (which would create it, and a key beside it)
        let arguments = CommandLine.arguments
        if arguments.count >= 2, arguments[1] == "restore" {
            guard arguments.count == 3 else {
                FileHandle.standardError.write(Data("Usage: surgery restore BACKUP_FOLDER (restores into DATABASE_PATH, which must not exist)\n".utf8))
                exit(2)
            }
            do {
                print(try Backups.restore(from: arguments[2], config: config))
                exit(0)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                exit(1)
            }
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
