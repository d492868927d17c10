@testable import App
import Domain
import Foundation

/// Fixed people, organisations and page frames for snapshot tests of views: every id and date is constant, so a
/// rendered page changes only when its view does.
enum SnapshotFixtures {
    static let today = CalendarDay(year: 2026, month: 12, day: 7)!
    static let now = Date(timeIntervalSince1970: 1_796_630_400)  // 08:00 on 7 December 2026, UK time
    static let practice = Organisation(
        id: UUID(uuidString: "00000000-0000-0000-0000-0000000000a1")!, odsCode: "D84001", name: "Castle Street Surgery", kind: .practice)
    static let icb = Organisation(
        id: UUID(uuidString: "00000000-0000-0000-0000-0000000000b1")!, odsCode: "QXX", name: "North Riverside ICB", kind: .icb)

    /// A signed-in person acting for `organisation` in `role`.
    static func staff(_ role: StaffRole, name: String = "Dr Asha Patel", at organisation: Organisation = practice) -> StaffContext {
        let personID = UUID(uuidString: "00000000-0000-0000-0000-00000000c0d1")!
        let person = Person(id: personID, name: name, email: "asha.patel@example.nhs.uk")
        let engagement = Engagement(
            personID: personID, organisationID: organisation.id!, role: role, kind: .permanent,
            period: try! EngagementPeriod(starts: CalendarDay(year: 2026, month: 1, day: 5)!, ends: nil))
        let session = StaffSession(personID: personID, tokenDigest: "snapshot", now: now, sourceAddress: nil)
        return StaffContext(
            person: person, session: session, today: today,
            engagements: [.init(engagement: engagement, organisation: organisation)], actingOrganisation: organisation,
            permissions: role.permissions)
    }

    /// The frame of a page for `staff` (signed out when nil), with a fixed form token and unversioned assets.
    static func chrome(_ staff: StaffContext? = nil) -> PageChrome {
        PageChrome(staff: staff, csrf: "snapshot-form-token", assets: SiteAssets(directory: "/", versions: [:]))
    }
}
