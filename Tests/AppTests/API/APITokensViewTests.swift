@testable import App
import Domain
import Foundation
import Testing

/// The API tokens page as a practice manager sees it.
struct APITokensViewTests {
    /// A token of the practice made by `maker` on `created`, with an id so that it has a revoke button.
    static func token(_ id: String, name: String, access: APITokenAccess, areas: Set<APIArea>, created: Date, days: Double) throws
        -> APIToken
    {
        let token = APIToken(
            name: name, tokenDigest: "snapshot-\(id)", organisationID: SnapshotFixtures.practice.id!,
            createdByID: SnapshotFixtures.staff(.practiceManager).person.id!, scope: try APITokenScope(access: access, areas: areas),
            expiresAt: created.addingTimeInterval(days * 86400), now: created)
        token.id = UUID(uuidString: "00000000-0000-0000-0000-0000000000\(id)")
        return token
    }

    /// The token just made shown once above the form; an active token, one revoked, one expired, one whose maker left.
    @Test func theTokenJustMadeAndEveryKindOfRow() throws {
        // setup
        let staff = SnapshotFixtures.staff(.practiceManager)
        let now = SnapshotFixtures.now
        let made = try Self.token("a1", name: "Clinical system link", access: .readWrite, areas: [.requests], created: now, days: 90)
        let revoked = try Self.token(
            "a2", name: "Old dashboard", access: .readOnly, areas: [.audit], created: now.addingTimeInterval(-30 * 86400), days: 90)
        revoked.revokedAt = now.addingTimeInterval(-86400)
        let expired = try Self.token(
            "a3", name: "Estate sync", access: .readOnly, areas: [.estate, .organisations], created: now.addingTimeInterval(-40 * 86400),
            days: 30)
        expired.lastUsedAt = now.addingTimeInterval(-12 * 86400)
        let orphan = try Self.token(
            "a4", name: "Locum rota", access: .readOnly, areas: [.organisations], created: now.addingTimeInterval(-5 * 86400), days: 90)
        let model = APITokens.Model(
            organisationName: SnapshotFixtures.practice.name,
            rows: [
                .init(token: made, makerEngaged: true), .init(token: revoked, makerEngaged: true),
                .init(token: expired, makerEngaged: true),
                .init(token: orphan, makerEngaged: false),
            ],
            draft: APITokens.blankDraft, errors: [],
            created: .init(secret: "sa_snapshot-secret", scope: made.scope!, expiry: made.expiry), now: now)
        // MUT + validate
        assertPageSnapshot(APITokens.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }

    @Test func theFormRefused() {
        let staff = SnapshotFixtures.staff(.practiceManager)
        let draft = APITokenDraft(name: "", access: APITokenAccess.readWrite.rawValue, areas: [], lifetimeDays: "400")
        let errors = [
            FormError(field: "name", message: "Enter a name for the token"), FormError(field: "areas", message: "Choose at least one area"),
            FormError(field: "lifetimeDays", message: "Enter a number of days from 1 to 365"),
        ]
        let model = APITokens.Model(
            organisationName: SnapshotFixtures.practice.name, rows: [], draft: draft, errors: errors, created: nil,
            now: SnapshotFixtures.now)
        assertPageSnapshot(APITokens.View(model: model, chrome: SnapshotFixtures.chrome(staff)).html)
    }
}
