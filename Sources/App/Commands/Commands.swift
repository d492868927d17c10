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
        try await context.application.autoMigrate()
        context.console.print("The database is up to date (\(Migrations.all.count) migrations).")
    }
}

/// `surgery audit verify`: walks the hash chain and names the first bad row.
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
        let (checked, problem) = try await AuditTrail.verify(on: context.application.db)
        if let problem {
            throw CommandLineProblem(description: "The audit trail is broken at row \(problem.sequence): \(problem.reason.rawValue). \(checked) rows before it are intact.")
        }
        context.console.print("The audit trail is intact: \(checked) rows checked.")
    }
}
