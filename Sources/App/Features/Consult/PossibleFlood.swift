import Fluent
import Foundation
import SQLKit

/// Many requests to one queue from one client (device or network) in the last hour: maybe a flood, maybe a care home.
/// Staff are told; every request stays in the queue, since each may be real.
struct PossibleFlood: Sendable, Equatable {
    static let window: TimeInterval = 3600

    /// The keyed digest of the client's address, as stored with each request.
    var clientDigest: String
    var requests: Int

    var notice: String { "Possible flood: \(requests) requests from one device or network in the last hour" }

    /// Clients with at least `threshold` requests handled by `handlerID` in the hour before `now`, most first.
    static func find(handlerID: UUID, threshold: Int, now: Date, on db: any Database) async throws -> [PossibleFlood] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let count = SQLFunction("COUNT", args: SQLLiteral.all)
        let rows = try await sql.select()
            .column("client_digest")
            .column(count, as: "requests")
            .from(TriageRequest.schema)
            .where("handler_id", .equal, handlerID)
            .where("received_at", .greaterThanOrEqual, now.addingTimeInterval(-window))
            .where("client_digest", .isNot, SQLLiteral.null)
            .groupBy("client_digest")
            .having(count, .greaterThanOrEqual, SQLBind(threshold))
            .all()
        return try rows.map { row in
            PossibleFlood(
                clientDigest: try row.decode(column: "client_digest", as: String.self),
                requests: try row.decode(column: "requests", as: Int.self))
        }
        .sorted { ($0.requests, $0.clientDigest) > ($1.requests, $1.clientDigest) }
    }
}
