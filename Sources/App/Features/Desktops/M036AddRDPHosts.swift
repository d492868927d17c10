import Fluent
import FluentSQL
import SQLKit

/// 034: a host speaks VNC (as every host before) or RDP, with the hash of its RDP certificate when the pool file pins
/// it; a pool says how its people sign in to Windows on RDP seats.
struct M036AddRDPHosts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // one column at a time: SQLite adds one per ALTER TABLE
        try await database.schema(DesktopHost.schema).field("protocol", .string, .required, .sql(.default("vnc"))).update()
        try await database.schema(DesktopHost.schema).field("certificate_fingerprint", .string).update()
        try await database.schema(DesktopPool.schema).field("rdp_sign_in", .string, .required, .sql(.default("signInScreen")))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DesktopPool.schema).deleteField("rdp_sign_in").update()
        try await database.schema(DesktopHost.schema).deleteField("certificate_fingerprint").update()
        try await database.schema(DesktopHost.schema).deleteField("protocol").update()
    }
}
