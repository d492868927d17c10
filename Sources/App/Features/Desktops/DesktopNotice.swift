import Fluent
import Foundation

/// Short messages about a person's desktop, shown on the page and sent as the reason a viewer closes (a WebSocket
/// close reason holds at most 123 bytes).
enum DesktopNotice: String, CaseIterable, Sendable {
    case signedOut = "signed-out"
    case forcedOut = "forced-out"
    case idleDisconnected = "idle"
    case hostFailed = "host-failed"

    var text: String {
        switch self {
        case .signedOut: "You have signed out of the desktop."
        case .forcedOut: "An administrator signed you out of this desktop."
        case .idleDisconnected: "Disconnected after no use while others waited. The seat is still yours for now."
        case .hostFailed: "Your desktop stopped answering. You are first in line for a new seat."
        }
    }
}

/// A notice kept for one person in one pool until they take a seat again, so that the page shows it however the
/// person comes back to it (the live stream may have missed it).
final class DesktopPersonNotice: Model, @unchecked Sendable {
    static let schema = "desktop_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "pool_id") var poolID: UUID
    @Field(key: "person_id") var personID: UUID
    /// `DesktopNotice` raw value.
    @Field(key: "notice") var notice: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(poolID: UUID, personID: UUID, notice: DesktopNotice, at now: Date) {
        self.poolID = poolID
        self.personID = personID
        self.notice = notice.rawValue
        self.createdAt = now
    }

    /// The latest notice for the person in the pool from the last hour.
    static func latest(pool: UUID, person: UUID, on db: any Database, now: Date = Date()) async throws -> DesktopNotice? {
        try await query(on: db).filter(\.$poolID == pool).filter(\.$personID == person)
            .filter(\.$createdAt > now.addingTimeInterval(-3600)).sort(\.$createdAt, .descending).first()
            .flatMap { DesktopNotice(rawValue: $0.notice) }
    }
}
