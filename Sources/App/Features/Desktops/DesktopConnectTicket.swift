import Fluent
import Foundation

/// A one-time permission to connect one viewer to one seat: bound to the person, the seat and the sign-in session,
/// valid for 60 seconds, stored as a digest.
final class DesktopConnectTicket: Model, @unchecked Sendable {
    static let schema = "desktop_connect_tickets"
    static let lifetime: TimeInterval = 60

    @ID(key: .id) var id: UUID?
    @Field(key: "token_digest") var tokenDigest: String
    @Field(key: "person_id") var personID: UUID
    @Field(key: "seat_id") var seatID: UUID
    @Field(key: "session_id") var sessionID: UUID
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(tokenDigest: String, personID: UUID, seatID: UUID, sessionID: UUID, now: Date) {
        self.tokenDigest = tokenDigest
        self.personID = personID
        self.seatID = seatID
        self.sessionID = sessionID
        self.expiresAt = now.addingTimeInterval(Self.lifetime)
    }
}
