import Domain
import Fluent
import Foundation

/// A member of staff: GP, nurse, receptionist, locum, commissioner… One account, many engagements.
final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Field(key: "name") var name: String
    /// Lower-cased; the sign-in name.
    @Field(key: "email") var email: String
    @OptionalField(key: "password_hash") var passwordHash: String?
    /// Base32 TOTP secret, set when enrolment is confirmed.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// Base32 secret shown on the enrolment page and not yet confirmed with a code.
    @OptionalField(key: "pending_totp_secret") var pendingTOTPSecret: String?
    /// The last TOTP time step accepted: a code is never accepted twice.
    @OptionalField(key: "totp_last_counter") var totpLastCounter: Int64?

    // relationships
    @Children(for: \.$person) var engagements: [Engagement]

    init() {}

    init(id: UUID? = nil, name: String, email: String) {
        self.id = id
        self.name = name
        self.email = email.lowercased()
    }

    var hasSecondFactor: Bool { totpSecret != nil }
}

/// A person's work for one organisation in one role between two dates. Access comes from active engagements only.
final class Engagement: Model, @unchecked Sendable {
    static let schema = "engagements"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // data fields
    @Typed(key: "role") var role: StaffRole
    @Typed(key: "kind") var kind: EngagementKind
    @Typed(key: "starts_on") var startsOn: CalendarDay
    @OptionalTyped(key: "ends_on") var endsOn: CalendarDay?

    // relationships
    @Parent(key: "person_id") var person: Person
    @Parent(key: "organisation_id") var organisation: Organisation

    init() {}

    init(personID: UUID, organisationID: UUID, role: StaffRole, kind: EngagementKind, period: EngagementPeriod) {
        self.$person.id = personID
        self.$organisation.id = organisationID
        self.role = role
        self.kind = kind
        self.startsOn = period.starts
        self.endsOn = period.ends
    }


    /// Nil when the last day is before the first, which no form or import writes: such an engagement is never active.
    var period: EngagementPeriod? { try? EngagementPeriod(starts: startsOn, ends: endsOn) }

    func isActive(on day: CalendarDay) -> Bool { period?.isActive(on: day) ?? false }
}
