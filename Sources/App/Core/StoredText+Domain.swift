import Domain

// The Domain values stored as text in App's tables, each by its raw value.

extension AdminTopic: StoredText {}
extension AssetKind: StoredText {}
extension ApprovalStep: StoredText {}
extension ApprovalVerdict: StoredText {}
extension AssetState: StoredText {}
extension BookingMode: StoredText {}
extension ContactPreference: StoredText {}
extension EncryptionStatus: StoredText {}
extension EngagementKind: StoredText {}
extension Funder: StoredText {}
extension KitRequestKind: StoredText {}
extension KitRequestStatus: StoredText {}
extension OrganisationKind: StoredText {}
extension Outcome: StoredText {}
extension PracticeStatus: StoredText {}
extension RequestKind: StoredText {}
extension StaffRole: StoredText {}
extension TriageStatus: StoredText {}
extension Urgency: StoredText {}

/// A date of birth or an engagement's day, stored as "2026-11-26".
extension CalendarDay: StoredText {
    init?(storedText: String) { self.init(storedText) }
    var storedText: String { iso }
}
