import Domain
import Fluent
import Foundation

/// A commissioner's (or national) pot of money for kit; approvals draw it down, never below zero.
final class EstateFundingPot: Model, @unchecked Sendable {
    static let schema = "estate_funding_pots"

    @ID(key: .id) var id: UUID?
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "name") var name: String
    /// In pence.
    @Field(key: "allocation") var allocation: Int
    /// In pence; a database check keeps it between zero and the allocation.
    @Field(key: "drawn_down") var drawnDown: Int
    @Field(key: "turn") var turn: Int

    init() {}

    init(ownerID: UUID, name: String, allocation: Int) {
        self.ownerID = ownerID
        self.name = name
        self.allocation = allocation
        self.drawnDown = 0
        self.turn = 0
    }

    var pot: FundingPot {
        get throws { try FundingPot(allocation: allocation, drawnDown: drawnDown) }
    }
}

/// An organisation's estate settings: a practice's readiness target, a commissioner's delegated limit.
final class EstateSettings: Model, @unchecked Sendable {
    static let schema = "estate_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    /// Percent of staff who should be ready to work remotely; nil means the standard 60.
    @OptionalField(key: "readiness_target") var readinessTarget: Int?
    /// In pence: above it a request also needs national approval; nil means the standard limit.
    @OptionalField(key: "delegated_limit") var delegatedLimit: Int?

    init() {}

    init(organisationID: UUID) {
        self.organisationID = organisationID
    }

    /// £5,000: what a commissioner may approve without national sign-off unless it sets its own limit.
    static let standardDelegatedLimit = 500_000
}

/// An organisation's own entitlement profile for a role, replacing the standard one.
final class EstateProfile: Model, @unchecked Sendable {
    static let schema = "estate_profiles"

    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Typed(key: "role") var role: StaffRole
    /// Stored comma-separated.
    @Typed(key: "needs") var needs: StoredList<Need>

    init() {}

    var profile: EntitlementProfile { EntitlementProfile(role: role, needs: Set(needs.elements)) }
}

/// A message for a member of staff about a request or their kit, shown on their estate page.
final class EstateNotice: Model, @unchecked Sendable {
    static let schema = "estate_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "text") var text: String
    @OptionalField(key: "request_id") var requestID: UUID?
    /// Set on a notice asking the person to decide the request at this step.
    @OptionalTyped(key: "awaits_step") var awaitsStep: ApprovalStep?
    /// When the decision it asked for was made by someone, or the request withdrawn: it no longer shows.
    @OptionalField(key: "settled_at") var settledAt: Date?

    init() {}

    init(personID: UUID, at: Date, text: String, requestID: UUID?, awaitsStep: ApprovalStep? = nil) {
        self.personID = personID
        self.at = at
        self.text = text
        self.requestID = requestID
        self.awaitsStep = awaitsStep
    }
}
