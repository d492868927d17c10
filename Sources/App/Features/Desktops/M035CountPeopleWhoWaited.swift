import Fluent
import FluentSQL
import SQLKit

/// 035: each minute's utilisation sample counts the people who joined the waiting line and the seats handed to people
/// from it, so that the chart shows everyone who waited and the waiting page estimates from the recent hand-over rate.
struct M035CountPeopleWhoWaited: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // one column at a time: SQLite adds one per ALTER TABLE
        try await database.schema(DesktopPoolSample.schema).field("waited", .int, .required, .sql(.default(0))).update()
        try await database.schema(DesktopPoolSample.schema).field("handed_over", .int, .required, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DesktopPoolSample.schema).deleteField("handed_over").update()
        try await database.schema(DesktopPoolSample.schema).deleteField("waited").update()
    }
}
