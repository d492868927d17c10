import Domain
import Fluent
import Foundation

/// A signed-in browser. The cookie holds a random token; only its digest is stored.
final class StaffSession: Model, @unchecked Sendable {
    static let schema = "staff_sessions"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "token_digest") var tokenDigest: String
    @Field(key: "last_seen_at") var lastSeenAt: Date
    /// Set once the second factor is passed; until then the session reaches only the second-factor pages.
    @OptionalField(key: "second_factor_at") var secondFactorAt: Date?
    @OptionalField(key: "acting_organisation_id") var actingOrganisationID: UUID?
    @OptionalField(key: "source_address") var sourceAddress: String?
    /// Digest of the form token (CSRF cookie) issued with this session: a form posted with any other token is refused,
    /// so a token planted in the browser before sign-in is worthless after it.
    @OptionalField(key: "csrf_digest") var csrfDigest: String?
    /// How the person signed in: `cis2`, or nil for password and authenticator code.
    @OptionalField(key: "sign_in_method") var signInMethod: String?
    /// The assurance level CIS2 vouched for (`AAL3`), and the level asked for; nil for password sign-in.
    @OptionalField(key: "assurance_level") var assuranceLevel: String?
    @OptionalField(key: "requested_level") var requestedLevel: String?
    /// CIS2's session (`sid`): a back-channel logout naming it ends this session.
    @OptionalField(key: "provider_session_id") var providerSessionID: String?

    // relationships
    @Parent(key: "person_id") var person: Person

    init() {}

    /// The level this session stands at: CIS2's, or AAL2 for a password with an authenticator code.
    var assurance: AssuranceLevel {
        assuranceLevel.flatMap(AssuranceLevel.init(acr:)) ?? (secondFactorAt == nil ? .aal1 : .aal2)
    }

    init(personID: UUID, tokenDigest: String, now: Date, sourceAddress: String?) {
        self.$person.id = personID
        self.tokenDigest = tokenDigest
        self.createdAt = now
        self.lastSeenAt = now
        self.sourceAddress = sourceAddress
    }
}

/// A one-time recovery code for a lost authenticator, stored hashed.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "code_digest") var codeDigest: String
    @OptionalField(key: "used_at") var usedAt: Date?

    // relationships
    @Parent(key: "person_id") var person: Person

    init() {}

    init(personID: UUID, codeDigest: String) {
        self.$person.id = personID
        self.codeDigest = codeDigest
    }
}

/// An invitation from a practice manager: the link lets the invitee set a password and enrol a second factor.
final class Invitation: Model, @unchecked Sendable {
    static let schema = "invitations"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "token_digest") var tokenDigest: String
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Typed(key: "role") var role: StaffRole
    @Typed(key: "kind") var kind: EngagementKind
    @Typed(key: "starts_on") var startsOn: CalendarDay
    @OptionalTyped(key: "ends_on") var endsOn: CalendarDay?
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "accepted_at") var acceptedAt: Date?

    // relationships
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "invited_by_id") var invitedBy: Person

    init() {}
}
