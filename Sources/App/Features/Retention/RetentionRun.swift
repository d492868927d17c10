import Domain
import Fluent
import Foundation
import Vapor

/// One pass of the retention periods over the database: removes what is past its period, a batch at a time (each
/// batch its own short write transaction, so that requests are never held up for long), and nothing else.
struct RetentionRun: Sendable {
    /// What stands in for a message's words or a video patient's name once removed.
    static let removedText = "[removed after its retention period]"

    let db: any Database
    let policy: RetentionPolicy
    let batchSize: Int
    let now: Date

    /// Removes everything past its period; how many of each kind were removed.
    func run() async throws -> [RetainedData: Int] {
        var removed: [RetainedData: Int] = [:]
        for data in RetainedData.allCases {
            var total = 0
            while true {
                let count = try await db.writeTransaction { tx in try await self.batch(data, on: tx) }
                total += count
                if count < batchSize { break }
            }
            removed[data] = total
        }
        return removed
    }

    /// Removes at most `batchSize` of `data` past its period; how many it removed.
    private func batch(_ data: RetainedData, on tx: any Database) async throws -> Int {
        let cutoff = policy.cutoff(for: data, now: now)
        switch data {
        case .photos:
            let ids = try await RequestPhoto.query(on: tx)
                .join(TriageRequest.self, on: \RequestPhoto.$request.$id == \TriageRequest.$id)
                .filter(TriageRequest.self, \.$closedAt < cutoff)
                .field(\.$id).limit(batchSize).all().compactMap(\.id)
            if !ids.isEmpty { try await RequestPhoto.query(on: tx).filter(\.$id ~~ ids).delete() }
            return ids.count
        case .messageBodies:
            let ids = try await PatientMessage.query(on: tx)
                .join(TriageRequest.self, on: \PatientMessage.$request.$id == \TriageRequest.$id)
                .filter(TriageRequest.self, \.$closedAt < cutoff).filter(\.$body != Self.removedText)
                .field(\.$id).limit(batchSize).all().compactMap(\.id)
            if !ids.isEmpty { try await PatientMessage.query(on: tx).filter(\.$id ~~ ids).set(\.$body, to: Self.removedText).update() }
            return ids.count
        case .replyLinks:
            let ids = try await ReplyLink.query(on: tx).filter(\.$expiresAt < cutoff).field(\.$id).limit(batchSize).all().compactMap(\.id)
            if !ids.isEmpty { try await ReplyLink.query(on: tx).filter(\.$id ~~ ids).delete() }
            return ids.count
        case .videoDetails:
            let ids = try await VideoConsultation.query(on: tx).filter(\.$slotAt < cutoff).filter(\.$patientName != Self.removedText)
                .field(\.$id).limit(batchSize).all().compactMap(\.id)
            guard !ids.isEmpty else { return 0 }
            try await VideoLink.query(on: tx).filter(\.$consultationID ~~ ids).delete()
            try await VideoConsultation.query(on: tx).filter(\.$id ~~ ids)
                .set(\.$patientName, to: Self.removedText).set(\.$phoneNumber, to: nil).set(\.$inviteRecipient, to: nil)
                .set(\.$inviteStatus, to: nil).set(\.$runningLate, to: nil)
                .update()
            return ids.count
        }
    }

    /// "photos=3 messageBodies=0 replyLinks=12 videoDetails=1", the audit row's detail and what the admin page reads.
    static func detail(_ removed: [RetainedData: Int]) -> String {
        RetainedData.allCases.map { "\($0.rawValue)=\(removed[$0] ?? 0)" }.joined(separator: " ")
    }

    /// The counts back from `detail`; kinds it does not name are left out.
    static func counts(fromDetail detail: String) -> [RetainedData: Int] {
        var counts: [RetainedData: Int] = [:]
        for part in detail.split(separator: " ") {
            let pair = part.split(separator: "=")
            if pair.count == 2, let data = RetainedData(rawValue: String(pair[0])), let count = Int(pair[1]) { counts[data] = count }
        }
        return counts
    }

    /// Runs once over `app`'s database with its configured periods and records the run, with its counts, in the audit trail.
    @discardableResult
    static func runAndRecord(app: Application, now: Date = Date()) async throws -> [RetainedData: Int] {
        let config = app.appConfig.retention
        let removed = try await RetentionRun(db: app.db, policy: config.policy, batchSize: config.batchSize, now: now).run()
        try await app.auditTrail.append(
            AuditRecord(action: .retentionRun, recordType: "retention", detail: detail(removed)), on: app.db, now: now)
        app.logger.info("Retention run finished", metadata: ["removed": "\(detail(removed))"])
        return removed
    }
}

/// The nightly retention run, at the configured time on the UK clock.
struct RetentionJob: SiteService {
    let name = "retention"
    let app: Application
    let schedule: NightlySchedule

    func run() async throws {
        while !Task.isCancelled {
            let next = schedule.next(after: Date())
            try? await Task.sleep(for: .seconds(max(1, next.timeIntervalSinceNow)))
            if Task.isCancelled { return }
            try await RetentionRun.runAndRecord(app: app)
        }
    }
}
