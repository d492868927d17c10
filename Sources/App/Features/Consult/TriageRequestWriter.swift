import Fluent
import Foundation
import SQLKit
import Vapor

/// Stores patient requests in batches (a `BatchWriter`): under load, one statement (one commit, one disk sync) stores
/// every request waiting at that moment; a lone request is written at once. Any unique clash (a resent form, a reference
/// drawn twice) leaves that row out, and its sender finds out which.
final class TriageRequestWriter: Sendable {
    /// A request and its photos.
    typealias Submission = (request: TriageRequest, photos: [RequestPhoto])

    private let batches: BatchWriter<Submission, Bool>

    init(writeTimeout: Duration) {
        batches = BatchWriter(maxBatch: 64, writeTimeout: writeTimeout)
    }

    /// True when this request was stored, false when a unique key kept it out.
    func store(_ request: TriageRequest, photos: [RequestPhoto], on db: any Database) async throws -> Bool {
        try await batches.append((request, photos)) { batch in
            let stored = try await Self.write(batch.map { ($0.request, $0.photos) }, on: db)
            return batch.map { stored.contains($0.request.id ?? UUID()) }
        }
    }

    /// Waits until every request handed in so far is written (shutdown, before the database goes).
    func waitUntilWritten() async { await batches.waitUntilWritten() }

    /// One transaction: all requests in one INSERT that skips clashes, then the photos of those stored.
    private static func write(_ batch: [(TriageRequest, [RequestPhoto])], on db: any Database) async throws -> Set<UUID> {
        try await db.writeTransaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            var insert = sql.insert(into: TriageRequest.schema).columns(columns)
            for (request, _) in batch { insert = insert.values(values(of: request)) }
            try await insert.ignoringConflicts().run()
            let ids = batch.compactMap { $0.0.id }
            let rows = try await sql.select().column("id").from(TriageRequest.schema).where("id", .in, ids).all()
            let stored = Set(try rows.map { try $0.decode(column: "id", as: UUID.self) })
            let photos = batch.filter { stored.contains($0.0.id ?? UUID()) }.flatMap(\.1)
            if !photos.isEmpty {
                var photoInsert = sql.insert(into: RequestPhoto.schema).columns(["id", "request_id", "content_type", "bytes", "source", "created_at"])
                for photo in photos {
                    photoInsert = photoInsert.values([
                        SQLBind(photo.id), SQLBind(photo.$request.id), SQLBind(photo.contentType), SQLBind(photo.bytes), SQLBind(photo.source),
                        SQLBind(photo.createdAt),
                    ])
                }
                try await photoInsert.run()
            }
            return stored
        }
    }

    private static let columns = [
        "id", "reference", "submission_key", "kind", "admin_topic", "description", "red_flags", "red_flagged", "urgency", "priority",
        "status", "received_at", "reply_by", "received_while_closed", "updated_at", "given_name", "family_name", "date_of_birth",
        "nhs_number", "mobile", "email", "contact_preference", "best_times", "practice_id", "handler_id", "client_digest",
        "subject", "screen_version", "channel", "postcode", "sex", "identity_confirmed_at", "identity_verified_by",
    ]

    private static func values(of r: TriageRequest) -> [any SQLExpression] {
        [
            SQLBind(r.id), SQLBind(r.reference), SQLBind(r.submissionKey), SQLBind(r.kind.storedText), SQLBind(r.adminTopic?.storedText), SQLBind(r.description),
            SQLBind(r.redFlags.storedText), SQLBind(r.redFlagged), SQLBind(r.urgency.storedText), SQLBind(r.priority), SQLBind(r.status.storedText), SQLBind(r.receivedAt),
            SQLBind(r.replyBy), SQLBind(r.receivedWhileClosed), SQLBind(r.receivedAt), SQLBind(r.givenName), SQLBind(r.familyName),
            SQLBind(r.dateOfBirth.storedText), SQLBind(r.nhsNumber), SQLBind(r.mobile), SQLBind(r.email), SQLBind(r.contactPreference.storedText),
            SQLBind(r.bestTimes), SQLBind(r.practiceID), SQLBind(r.handlerID), SQLBind(r.clientDigest),
            SQLBind(r.subject.storedText), SQLBind(r.screenVersion), SQLBind(r.channel.storedText),
            SQLBind(r.postcode?.storedText), SQLBind(r.sex?.storedText), SQLBind(r.identityConfirmedAt), SQLBind(r.identityVerifiedBy),
        ]
    }
}

extension Application {
    private struct TriageRequestWriterKey: StorageKey { typealias Value = TriageRequestWriter }

    /// This instance's batching writer of patient requests.
    var triageRequestWriter: TriageRequestWriter {
        if let writer = storage[TriageRequestWriterKey.self] { return writer }
        let writer = TriageRequestWriter(writeTimeout: appConfig.databaseWaitLimit)
        storage[TriageRequestWriterKey.self] = writer
        return writer
    }
}

/// Waits at shutdown for the patient requests still being stored, after the services added after it have stopped and
/// before the last audit checkpoint and the database go.
struct IntakeWritesInFlight: SiteService {
    let name = "patient requests being stored"
    let app: Application

    func run() async { await Task.sleepUntilCancelled() }

    func finish() async { await app.triageRequestWriter.waitUntilWritten() }
}
