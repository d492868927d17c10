@testable import App
import Domain
import Foundation
import Testing

/// The audit search page as a practice manager sees it.
struct AuditSearchViewTests {
    static let seatID = "6F1C2A9E-0000-4000-8000-000000000002"

    /// The second page: the event in plain words, the seat by its name, a link back to newer events.
    @Test func aSearchWithResults() throws {
        // setup
        let staff = SnapshotFixtures.staff(.practiceManager)
        let content = AuditEntryContent(
            sequence: 41, occurredAtMillis: Int64(SnapshotFixtures.now.timeIntervalSince1970 * 1000),
            actorID: staff.person.id?.uuidString, organisationID: SnapshotFixtures.practice.id?.uuidString,
            action: AuditAction.desktopForcedOut.rawValue, recordType: "desktop_seat", recordID: Self.seatID,
            sourceAddress: "192.0.2.10", detail: "seat castle-seat-2")
        let event = AuditEvent(content: content, previousHash: "", hash: "")
        let model = AuditSearch.Model(
            query: .init(person: "Patel", page: "2"), errors: [], events: [event], names: [staff.person.id!.uuidString: staff.person.name],
            records: ["desktop_seat \(Self.seatID)": "castle-seat-2"], total: AuditSearch.pageSize + 1)
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
