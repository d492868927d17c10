import Domain
import Fluent
import Foundation

/// An organisation of the NHS, keyed by its ODS code: a practice, a PCN, a hub, a commissioner…
final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    @Field(key: "ods_code") var odsCode: String
    @Field(key: "name") var name: String
    @Typed(key: "kind") var kind: OrganisationKind
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "postcode") var postcode: String?
    @OptionalField(key: "telephone") var telephone: String?
    @Typed(key: "status") var status: PracticeStatus
    @OptionalTyped(key: "opened_on") var openedOn: CalendarDay?
    @OptionalTyped(key: "closed_on") var closedOn: CalendarDay?

    // relationships
    /// The commissioning line: practice → sub-ICB → ICB → national; branch → practice.
    @OptionalField(key: "parent_id") var parentID: UUID?
    /// The primary care network a practice belongs to.
    @OptionalField(key: "pcn_id") var pcnID: UUID?

    init() {}

    init(id: UUID? = nil, odsCode: String, name: String, kind: OrganisationKind, parentID: UUID? = nil, pcnID: UUID? = nil) {
        self.id = id
        self.odsCode = odsCode
        self.name = name
        self.kind = kind
        self.status = .active
        self.parentID = parentID
        self.pcnID = pcnID
    }
}

/// A hub or out-of-hours service working for a practice between two dates.
final class SharingAgreement: Model, @unchecked Sendable {
    static let schema = "sharing_agreements"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Typed(key: "starts_on") var startsOn: CalendarDay
    @OptionalTyped(key: "ends_on") var endsOn: CalendarDay?
    @Field(key: "purpose") var purpose: String

    // relationships
    @Parent(key: "provider_id") var provider: Organisation
    @Parent(key: "practice_id") var practice: Organisation

    init() {}

    init(providerID: UUID, practiceID: UUID, period: EngagementPeriod, purpose: String) {
        self.$provider.id = providerID
        self.$practice.id = practiceID
        self.startsOn = period.starts
        self.endsOn = period.ends
        self.purpose = purpose
    }

    func isActive(on day: CalendarDay) -> Bool {
        startsOn <= day && (endsOn.map { day <= $0 } ?? true)
    }
}
