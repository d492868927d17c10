import Domain
import Fluent
import Foundation
import Vapor

/// The `surgery` subcommands beside `serve`.
enum Commands {
    static func register(in app: Application) {
        app.asyncCommands.use(MigrateDatabaseCommand(), as: "migrate")
        app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
        app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
        app.asyncCommands.use(ImportODSCommand(), as: "import-ods")
        app.asyncCommands.use(AuditCommand(), as: "audit")
        app.asyncCommands.use(DesktopPoolsCommand(), as: "desktop-pools")
        app.asyncCommands.use(APITokenCommand(), as: "api-token")
        app.asyncCommands.use(BackupCommand(), as: "backup")
    }
}

/// A command line that cannot be carried out, with what to do instead.
struct CommandLineProblem: Error, CustomStringConvertible, LocalizedError {
    var description: String
    var errorDescription: String? { description }
}

/// `surgery migrate`: brings the database schema up to date, without asking.
struct MigrateDatabaseCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Creates or updates the database tables." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await SchemaMigration.migrate(context.application)
        context.console.print("The database is up to date (\(Migrations.all.count) migrations).")
    }
}

/// `surgery audit verify`: walks the hash chain, compares its head with the signed checkpoints, and says every problem
/// in a sentence naming the row and when it was recorded. Fails (exit status 1) when there is one.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }

    var help: String { "Checks the audit trail: `surgery audit verify`." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else {
            throw CommandLineProblem(description: "Unknown audit action '\(signature.action)'. Use: surgery audit verify")
        }
        let app = context.application
        let outcome: AuditVerification.Outcome
        do {
            outcome = try await AuditVerification.run(on: app.db, checkpoints: app.auditCheckpoints, logger: app.logger)
        } catch let error as AuditCheckpointFileError {
            throw CommandLineProblem(description: error.description)
        } catch {
            throw CommandLineProblem(
                description: "The audit trail could not be read (\(String(reflecting: error))). Check DATABASE_URL or DATABASE_PATH, "
                    + "and that `surgery migrate` has run.")
        }
        for line in outcome.lines {
            if outcome.isIntact { context.console.print(line) } else { context.console.error(line) }
        }
        guard outcome.isIntact else {
            let count = outcome.report.problems.count
            throw CommandLineProblem(
                description: "The audit trail failed its check: \(count) problem\(count == 1 ? "" : "s"), said above. Keep the database "
                    + "and the checkpoint file as they are, and report it to your information governance lead.")
        }
    }
}
