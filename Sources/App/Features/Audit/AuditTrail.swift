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
    case odsImported = "ods.imported"
    case requestViewed = "request.viewed"
    case requestPhotoViewed = "request.photo_viewed"
    case requestClaimed = "request.claimed"
    case requestChanged = "request.changed"
    case requestWriteBack = "request.write_back"
    case messageSent = "message.sent"
    case outboxViewed = "outbox.viewed"
    case patientReplied = "request.patient_replied"
    case consultSettingsChanged = "consult.settings_changed"
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
/// (one commit for many, in arrival order); a PostgreSQL advisory lock orders instances sharing a database.
actor AuditTrail {
    private typealias Waiter = (record: AuditRecord, now: Date, continuation: CheckedContinuation<Int64, any Error>)
    private var pending: [Waiter] = []
    private var writing = false

    /// Appends `record` and returns its sequence number once it is committed.
    @discardableResult
    func append(_ record: AuditRecord, on database: any Database, now: Date = Date()) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((record, now, continuation))
            guard !writing else { return }
            writing = true
            Task { await self.drain(on: database) }
        }
    }

    /// Writes what is pending, batch after batch, until nothing is left.
    private func drain(on database: any Database) async {
        while !pending.isEmpty {
            // at most 500 rows a statement: PostgreSQL takes up to 65,535 bound values
            let batch = Array(pending.prefix(500))
            pending.removeFirst(batch.count)
            do {
                let sequences = try await Self.write(batch.map { ($0.record, $0.now) }, on: database)
                for (waiter, sequence) in zip(batch, sequences) { waiter.continuation.resume(returning: sequence) }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
        writing = false
    }

    private static func write(_ records: [(AuditRecord, Date)], on database: any Database) async throws -> [Int64] {
        try await database.writeTransaction { tx in
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT pg_advisory_xact_lock(730129)").run()
            }
            let last = try await AuditEvent.query(on: tx).sort(\.$id, .descending).first()
            var sequence = last?.id ?? 0
            var previousHash = last?.hash ?? AuditChain.genesisHash
            var events: [AuditEvent] = []
            for (record, now) in records {
                sequence += 1
                let content = AuditEntryContent(
                    sequence: sequence,
                    occurredAtMillis: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)),
                    actorID: record.actorID?.uuidString, organisationID: record.organisationID?.uuidString,
                    action: record.action.rawValue, recordType: record.recordType, recordID: record.recordID,
                    sourceAddress: record.sourceAddress, detail: record.detail)
                let hash = AuditChain.hash(previous: previousHash, content: content)
                events.append(AuditEvent(content: content, previousHash: previousHash, hash: hash))
                previousHash = hash
            }
            try await events.create(on: tx)
            return events.compactMap(\.id)
        }
    }

    /// Walks the whole chain in pages and names the first row that breaks it.
    static func verify(on database: any Database, pageSize: Int = 5000) async throws -> (checked: Int, problem: AuditBreak?) {
        var checked = 0
        var expectedPrevious = AuditChain.genesisHash
        var expectedSequence: Int64 = 1
        while true {
            let page = try await AuditEvent.query(on: database)
                .filter(\.$id >= expectedSequence).sort(\.$id).limit(pageSize).all()
            if page.isEmpty { return (checked, nil) }
            let entries = page.map { ChainedAuditEntry(content: $0.content, previousHash: $0.previousHash, hash: $0.hash) }
            if let problem = AuditChain.firstBreak(
                in: entries, expectedFirstPrevious: expectedPrevious, expectedFirstSequence: expectedSequence)
            {
                return (checked, problem)
            }
            checked += page.count
            expectedPrevious = page.last!.hash
            expectedSequence = (page.last!.id ?? 0) + 1
        }
    }
}

extension Application {
    private struct AuditTrailKey: StorageKey { typealias Value = AuditTrail }

    /// The single audit writer of this instance.
    var auditTrail: AuditTrail {
        if let trail = storage[AuditTrailKey.self] { return trail }
        let trail = AuditTrail()
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
        let context = staffContextIfLoaded
        let record = AuditRecord(
            action: action, actorID: actorID ?? context?.person.id ?? staffSession?.$person.id,
            organisationID: context?.actingOrganisation.id, recordType: recordType, recordID: recordID,
            sourceAddress: remoteAddress?.ipAddress, detail: detail)
        try await application.auditTrail.append(record, on: db)
    }
}
