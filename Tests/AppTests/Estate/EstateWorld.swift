import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// The test world with the estate's other parties: the commissioner's IT lead (99X), national, a funding pot,
/// someone who is both a practice manager at A and an IT lead at 99X, and practice C under another commissioner.
struct EstateWorld {
    var base: TestWorld
    var itLead: UUID
    var national: UUID
    var both: UUID
    var pot: UUID
    var nationalPot: UUID
    var practiceC: UUID
    var managerC: UUID
    var assetC: UUID

    static let codeC = "C83003"

    static func make(on app: Application, allocation: Int = 1_000_000) async throws -> EstateWorld {
        let base = try await TestWorld.make(on: app)
        let db = app.db
        let today = CalendarDay(Date())
        let always = try EngagementPeriod(starts: today.adding(days: -30), ends: nil)
        let nationalOrg = Organisation(odsCode: "X26", name: "Test National", kind: .national)
        try await nationalOrg.create(on: db)
        let otherCommissioner = Organisation(odsCode: "98Y", name: "Other Sub-ICB", kind: .subICB)
        try await otherCommissioner.create(on: db)
        let c = Organisation(odsCode: codeC, name: "Practice Gamma", kind: .practice, parentID: otherCommissioner.id)
        try await c.create(on: db)
        func person(_ name: String, _ roles: [(UUID, StaffRole)]) async throws -> UUID {
            let person = Person(name: name, email: name.lowercased().replacingOccurrences(of: " ", with: ".") + "@estate.test")
            person.totpSecret = app.secretBox.seal(Base32.encode(TOTP.randomSecret()))
            try await person.create(on: db)
            for (organisation, role) in roles {
                try await Engagement(
                    personID: person.requireID(), organisationID: organisation, role: role, kind: .permanent, period: always
                )
                .create(on: db)
            }
            return try person.requireID()
        }
        let itLead = try await person("Cora Commissioner", [(base.commissioner, .commissionerITLead)])
        let national = try await person("Nell National", [(try nationalOrg.requireID(), .nationalAdmin)])
        let both = try await person("Pat Both", [(base.practiceA, .practiceManager), (base.commissioner, .commissionerITLead)])
        let managerC = try await person("Gail Manager-C", [(try c.requireID(), .practiceManager)])
        let pot = EstateFundingPot(ownerID: base.commissioner, name: "Remote working", allocation: allocation)
        try await pot.create(on: db)
        let nationalPot = EstateFundingPot(ownerID: try nationalOrg.requireID(), name: "National fund", allocation: 10_000_000)
        try await nationalPot.create(on: db)
        let asset = EstateAsset()
        asset.apply(
            AssetRow(
                tag: "GAMMA-0001", serial: "SN-C1", kind: .laptop, make: "Gamma Make", model: "G1", ownerODS: codeC, funder: .practice,
                personEmail: nil, location: nil, state: .inStock, encryption: .unknown, operatingSystem: nil, osEndOfSupport: nil,
                lastSeen: nil, personal: false, certificate: nil),
            ownerID: try c.requireID(), personID: nil)
        try await asset.create(on: db)
        return EstateWorld(
            base: base, itLead: itLead, national: national, both: both, pot: try pot.requireID(), nationalPot: try nationalPot.requireID(),
            practiceC: try c.requireID(), managerC: managerC, assetC: try asset.requireID())
    }

    /// A browser signed in as `person`, acting for `organisation`.
    static func browser(_ app: Application, _ person: UUID, actingFor code: String? = nil) async throws -> TestBrowser {
        var browser = try await TestBrowser.signedIn(app, personID: person)
        if let code {
            let response = try await browser.post(SiteURL.actingFor.path, form: ["organisation": code])
            #expect(response.status == .seeOther)
        }
        return browser
    }

    /// A request raised by `requester` at `organisation` for one line, submitted.
    static func submitted(
        _ app: Application, at organisation: UUID, by requester: UUID, cost: Int, manager: Bool = true
    ) async throws -> UUID {
        let flow = EstateRequestFlow(db: app.db, now: Date())
        let id = try await flow.createDraft(
            organisationID: organisation, requesterID: requester, kind: .kit, justification: "Needed for remote work",
            lines: [DraftLine(kind: .other, quantity: 1, personID: nil, unitCost: cost)], raisedByManager: manager)
        try await flow.submit(id, by: requester)
        return id
    }
}
