import Fluent

/// 026: when each video consultation's call started (the first admission) and when it ended, so that the monthly
/// activity figures can say how long consultations were.
struct M026AddVideoCallTimes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // one column a statement: SQLite adds one at a time
        try await database.schema(VideoConsultation.schema).field("call_started_at", .datetime).update()
        try await database.schema(VideoConsultation.schema).field("ended_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VideoConsultation.schema).deleteField("ended_at").update()
        try await database.schema(VideoConsultation.schema).deleteField("call_started_at").update()
    }
}
