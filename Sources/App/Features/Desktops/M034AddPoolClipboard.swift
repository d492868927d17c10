import Fluent
import FluentSQL
import SQLKit

/// 034: a desktop pool's clipboard policy, "off" for every pool that had none (copied text crossed no way before,
/// as the page offered none, but the gateway did not stop it).
struct M034AddPoolClipboard: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DesktopPool.schema).field("clipboard", .string, .required, .sql(.default("off"))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DesktopPool.schema).deleteField("clipboard").update()
    }
}
