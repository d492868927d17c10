@testable import App
import Domain
import Foundation
import Testing

/// The audit search page as a practice manager sees it.
struct AuditSearchViewTests {
    @Test func aSearchWithResults() throws {
        // setup
        let staff = SnapshotFixtures.staff(.practiceManager)
        let content = AuditEntryContent(
            sequence: 41, occurredAtMillis: Int64(SnapshotFixtures.now.timeIntervalSince1970 * 1000),
            actorID: staff.person.id?.uuidString, organisationID: SnapshotFixtures.practice.id?.uuidString, action: "sign_in",
            recordType: nil, recordID: nil, sourceAddress: "192.0.2.10", detail: "")
        let event = AuditEvent(content: content, previousHash: "", hash: "")
        let model = AuditSearch.Model(
            query: .init(person: "Patel"), errors: [], events: [event], names: [staff.person.id!.uuidString: staff.person.name])
        // MUT + validate
        assertPageSnapshot(AuditSearch.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func aDateThatIsNotADate() {
        let model = AuditSearch.Model(
            query: .init(from: "yesterday"), errors: [FormError(field: "from", message: "Enter the date like 2026-11-26")], events: [],
            names: [:])
        assertPageSnapshot(AuditSearch.View(model: model, chrome: SnapshotFixtures.chrome(SnapshotFixtures.staff(.practiceManager))).html)
    }
}
