import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// What happened, in the trail's words. The detail never carries a patient identifier.
enum AuditAction: String, Sendable, CaseIterable {
    case signInPassword = "sign_in.password"
    case signInFailed = "sign_in.failed"
    case signInLocked = "sign_in.locked"
    case secondFactorPassed = "sign_in.second_factor"
    case secondFactorFailed = "sign_in.second_factor_failed"
    case recoveryCodeUsed = "sign_in.recovery_code"
    case secondFactorEnrolled = "account.second_factor_enrolled"
    case signOut = "sign_out"
    case signOutEverywhere = "sign_out.everywhere"
    /// Signed in with NHS CIS2; the detail gives the assurance level asked for and the one received.
    case signInCIS2 = "sign_in.cis2"
    /// A sign-in with NHS CIS2 or NHS login that did not go through; the detail says why.
    case signInProviderRefused = "sign_in.provider_refused"
    case cis2Linked = "account.cis2_linked"
    /// CIS2 told the site (back-channel logout) that the person signed out there: their sessions ended.
    case signOutBackChannel = "sign_out.back_channel"
    /// A patient signed in with NHS login for an online request; the detail gives the proofing level.
    case patientSignedInNHSLogin = "patient.nhs_login"
    case actingForChanged = "acting_for.changed"
    case organisationViewed = "organisation.viewed"
    case staffListViewed = "staff.viewed"
    case invitationCreated = "invitation.created"
    case invitationAccepted = "invitation.accepted"
    case engagementEnded = "engagement.ended"
    case auditSearched = "audit.searched"
    case apiTokenCreated = "api_token.created"
    case apiTokenRevoked = "api_token.revoked"
    case apiRead = "api.read"
    /// A list showing patients' names (the triage queue, the video consultations, the API's list); the detail names
    /// the records shown by reference or id, never by name.
    case patientListViewed = "patient.list_viewed"
    case odsImported = "ods.imported"
    case requestViewed = "request.viewed"
    case requestPhotoViewed = "request.photo_viewed"
    case requestClaimed = "request.claimed"
    case requestChanged = "request.changed"
    case requestWriteBack = "request.write_back"
    case messageSent = "message.sent"
    case outboxViewed = "outbox.viewed"
    case patientReplied = "request.patient_replied"
    case mobileVerified = "request.mobile_verified"
    case identityConfirmed = "request.identity_confirmed"
    case consultSettingsChanged = "consult.settings_changed"
    /// The duty clinician was alerted about a request (by the duty alert check; no actor).
    case dutyAlerted = "request.duty_alerted"
    /// A red-flagged or urgent request sent while the practice was closed went to its out-of-hours provider.
    case routedOutOfHours = "request.routed_out_of_hours"
    case closureRecorded = "consult.closure_recorded"
    case closureRemoved = "consult.closure_removed"
    case desktopOpened = "desktop.opened"
    case desktopConnected = "desktop.connected"
    case desktopDisconnected = "desktop.disconnected"
    case desktopRefused = "desktop.refused"
    case desktopSignedOut = "desktop.signed_out"
    case desktopForcedOut = "desktop.forced_out"
    case desktopPoolChanged = "desktop.pool_changed"
    case desktopHostChanged = "desktop.host_changed"
    case videoBooked = "video.booked"
    case videoGuestAdded = "video.guest_added"
    case videoOpened = "video.opened"
    case videoSwitchedToPhone = "video.switched_to_phone"
    case videoEnded = "video.ended"
    case estateRequestChanged = "estate.request_changed"
    case estateAssetChanged = "estate.asset_changed"
    case estateImported = "estate.imported"
    case estateFundingChanged = "estate.funding_changed"
    /// The monthly activity figures read: the page, the CSV or the API (counts only, no patient).
    case activityExported = "activity.exported"
    /// One nightly retention run, with how many of each kind it removed.
    case retentionRun = "retention.run"
}

/// One thing to write to the trail.
struct AuditRecord: Sendable {
    var action: AuditAction
    var actorID: UUID?
    var organisationID: UUID?
    var recordType: String?
    var recordID: String?
    var sourceAddress: String?
    var detail: String = ""
}

/// Appends to the hash chain: records that arrive while a write is under way go together in the next transaction
/// (one commit for many, in arrival order, through a `BatchWriter`); a PostgreSQL advisory lock orders instances
/// sharing a database. A record can also be appended inside the transaction of the action it records
/// (`append(_:within:)`).
final class AuditTrail: Sendable {
    // at most 500 rows a statement: PostgreSQL takes up to 65,535 bound values
    private let batches: BatchWriter<(record: AuditRecord, now: Date), Int64>

    init(writeTimeout: Duration) {
        batches = BatchWriter(maxBatch: 500, writeTimeout: writeTimeout)
    }

    /// Appends `record` and returns its sequence number once it is committed.
    @discardableResult
    func append(_ record: AuditRecord, on database: any Database, now: Date = Date()) async throws -> Int64 {
        try await batches.append((record, now)) { batch in
            try await Self.write(batch.map { ($0.record, $0.now) }, on: database)
        }
    }

    /// Waits until every record handed in so far is committed (shutdown, before the last checkpoint).
    func waitUntilWritten() async { await batches.waitUntilWritten() }

    /// Appends `record` inside the caller's write transaction (`db.writeTransaction { tx in … }`), so that it commits or
    /// rolls back with the action it records. Append it last, after the action's own writes: on PostgreSQL the trail's
    /// lock is held from here to the commit. Outside a transaction it is appended on its own, like `append(_:on:)`.
    @discardableResult
    func append(_ record: AuditRecord, within tx: any Database, now: Date = Date()) async throws -> Int64 {
        guard tx.inTransaction else { return try await append(record, on: tx, now: now) }
        return try await Self.insert([(record, now)], on: tx)[0]
    }

    private static func write(_ records: [(AuditRecord, Date)], on database: any Database) async throws -> [Int64] {
        try await database.writeTransaction { tx in try await insert(records, on: tx) }
    }

    /// Chains and inserts `records` after the last row, inside the transaction `tx`: one INSERT per 500 rows (a batch
    /// at 08:00 holds a thousand "desktop opened" records).
    private static func insert(_ records: [(AuditRecord, Date)], on tx: any Database) async throws -> [Int64] {
        guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError, reason: "The audit trail needs an SQL database.") }
        if sql.dialect.name == "postgresql" {
            // one lock per schema (each schema has its own trail), held to the commit
            try await sql.raw("SELECT pg_advisory_xact_lock(730129, hashtext(current_schema()))").run()
        }
        let last = try await sql.select().columns("sequence", "hash").from(AuditEvent.schema).orderBy("sequence", .descending).limit(1).first()
        var sequence = try last?.decode(column: "sequence", as: Int64.self) ?? 0
        var previousHash = try last?.decode(column: "hash", as: String.self) ?? AuditChain.genesisHash
        var rows: [[any SQLExpression]] = []
        var sequences: [Int64] = []
        for (record, now) in records {
            sequence += 1
            let content = AuditEntryContent(
                sequence: sequence,
                occurredAtMillis: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)),
                actorID: record.actorID?.uuidString, organisationID: record.organisationID?.uuidString,
                action: record.action.rawValue, recordType: record.recordType, recordID: record.recordID,
                sourceAddress: record.sourceAddress, detail: record.detail)
            let hash = AuditChain.hash(previous: previousHash, content: content)
            rows.append([
                SQLBind(content.sequence), SQLBind(content.occurredAtMillis), SQLBind(content.actorID), SQLBind(content.organisationID),
                SQLBind(content.action), SQLBind(content.recordType), SQLBind(content.recordID), SQLBind(content.sourceAddress),
                SQLBind(content.detail), SQLBind(previousHash), SQLBind(hash),
            ])
            sequences.append(sequence)
            previousHash = hash
        }
        for part in rows.chunked(500) {
            var insert = sql.insert(into: AuditEvent.schema).columns(columns)
            for row in part { insert = insert.values(row) }
            try await insert.run()
        }
        return sequences
    }

    /// The trail's columns, in the order `insert` binds them.
    private static let columns = [
        "sequence", "occurred_at_ms", "actor_id", "organisation_id", "action", "record_type", "record_id", "source_address",
        "detail", "previous_hash", "hash",
    ]
}

extension Application {
    private struct AuditTrailKey: StorageKey { typealias Value = AuditTrail }

    /// The single audit writer of this instance.
    var auditTrail: AuditTrail {
        if let trail = storage[AuditTrailKey.self] { return trail }
        let trail = AuditTrail(writeTimeout: appConfig.databaseWaitLimit)
        storage[AuditTrailKey.self] = trail
        return trail
    }
}

extension Request {
    /// Appends to the audit trail, filling in the actor, the acting organisation and the source address.
    func audit(
        _ action: AuditAction, recordType: String? = nil, recordID: String? = nil, detail: String = "",
        actorID: UUID? = nil
    ) async throws {
        let record = auditRecord(action, recordType: recordType, recordID: recordID, detail: detail, actorID: actorID)
        try await application.auditTrail.append(record, on: db)
    }

    /// Appends to the audit trail inside the write transaction `tx` of the action it records: both commit, or neither.
    func audit(
        _ action: AuditAction, recordType: String? = nil, recordID: String? = nil, detail: String = "",
        actorID: UUID? = nil, within tx: any Database
    ) async throws {
        let record = auditRecord(action, recordType: recordType, recordID: recordID, detail: detail, actorID: actorID)
        try await application.auditTrail.append(record, within: tx)
    }

    /// Records that a list showing patients' names was viewed, naming the records shown (never the names themselves).
    /// An empty list shows nobody and is not recorded.
    func auditListViewed(_ list: String, recordType: String, shown ids: [String]) async throws {
        guard !ids.isEmpty else { return }
        try await audit(.patientListViewed, recordType: recordType, detail: "\(list), \(ids.count) shown: \(ids.joined(separator: " "))")
    }

    /// The record of `action` by the signed-in person (or `actorID`), for the acting organisation, from this address.
    func auditRecord(
        _ action: AuditAction, recordType: String? = nil, recordID: String? = nil, detail: String = "", actorID: UUID? = nil
    ) -> AuditRecord {
        let context = staffContextIfLoaded
        return AuditRecord(
            action: action, actorID: actorID ?? context?.person.id ?? staffSession?.$person.id,
            organisationID: context?.actingOrganisation.id, recordType: recordType, recordID: recordID,
            sourceAddress: remoteAddress?.ipAddress, detail: detail)
    }
}
