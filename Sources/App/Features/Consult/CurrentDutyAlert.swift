import Domain
import Fluent
import Foundation

/// A duty alert that still matters: its request is open and, for an "unclaimed" alert, still unclaimed. The queue's
/// banner and the duty alerts page show these.
struct CurrentDutyAlert: Sendable {
    var alert: DutyAlert
    var reference: String
    var requestID: UUID
    var replyBy: Date

    /// Alerts of the last week about the requests `handlerID` handles that still matter at `now`, newest first.
    static func find(handlerID: UUID, now: Date, on db: any Database) async throws -> [CurrentDutyAlert] {
        let alerts = try await DutyAlert.query(on: db).filter(\.$organisationID == handlerID)
            .filter(\.$alertedAt > now.addingTimeInterval(-7 * 86400)).sort(\.$alertedAt, .descending).limit(200).all()
        guard !alerts.isEmpty else { return [] }
        let requests = try await TriageRequest.query(on: db).filter(\.$id ~~ Set(alerts.map(\.requestID)))
            .filter(\.$handlerID == handlerID).filter(\.$status != .closed).all()
        let open = Dictionary(uniqueKeysWithValues: requests.compactMap { r in r.id.map { ($0, r) } })
        return alerts.compactMap { alert in
            guard let request = open[alert.requestID] else { return nil }
            if alert.reason != .promiseDueSoon, request.status != .new || request.assigneeID != nil { return nil }
            return CurrentDutyAlert(alert: alert, reference: request.reference, requestID: alert.requestID, replyBy: request.replyBy)
        }
    }
}
