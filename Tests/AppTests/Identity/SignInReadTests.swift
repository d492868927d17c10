import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import App

/// The sign-in checks read as plain rows (`SignInRead`) hold exactly what Fluent's models read from the same rows, for
/// every column, on SQLite and, with TEST_DATABASE_URL, on PostgreSQL; a value this version does not know is an error
/// naming it, as through Fluent.
@Suite struct SignInReadTests {
    /// A session of the locum (engaged at A until yesterday, at B now) with every optional column filled, and practice
    /// B's optional columns filled too.
    private func fullSession(_ world: TestWorld, on db: any Database) async throws -> (token: String, session: StaffSession) {
        let token = SecretToken.generate()
        let session = StaffSession(personID: world.locum.id, tokenDigest: SecretToken.digest(token), now: Date(), sourceAddress: "192.0.2.7")
        session.secondFactorAt = Date().addingTimeInterval(-5)
        session.actingOrganisationID = world.practiceB
        session.csrfDigest = SecretToken.digest("form")
        session.signInMethod = "cis2"
        session.assuranceLevel = "AAL3"
        session.requestedLevel = "AAL3"
        session.providerSessionID = "provider-session-1"
        try await session.create(on: db)
        let b = try #require(try await Organisation.find(world.practiceB, on: db))
        b.address = "1 High Street"
        b.postcode = "LS1 1AA"
        b.telephone = "0113 000 0000"
        b.openedOn = CalendarDay("2001-04-01")
        b.pcnID = world.practiceA
        try await b.save(on: db)
        let person = try #require(try await Person.find(world.locum.id, on: db))
        person.pendingTOTPSecret = "pending"
        person.totpLastCounter = 123_456
        try await person.save(on: db)
        return (token, session)
    }

    @Test func theSessionPersonEngagementsAndOrganisationsHoldWhatFluentReads() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let (token, _) = try await fullSession(world, on: app.db)
            // MUT
            let read = try #require(try await SignInRead.read(digest: SecretToken.digest(token), on: app.db))
            // validate: every column against Fluent's own read of the same rows
            let session = try #require(try await StaffSession.query(on: app.db).filter(\.$tokenDigest == SecretToken.digest(token)).first())
            #expect(read.session.id == session.id && read.session.$id.exists)
            #expect(read.session.createdAt == session.createdAt && read.session.lastSeenAt == session.lastSeenAt)
            #expect(read.session.tokenDigest == session.tokenDigest && read.session.secondFactorAt == session.secondFactorAt)
            #expect(read.session.actingOrganisationID == session.actingOrganisationID)
            #expect(read.session.sourceAddress == session.sourceAddress && read.session.csrfDigest == session.csrfDigest)
            #expect(read.session.signInMethod == session.signInMethod && read.session.assuranceLevel == session.assuranceLevel)
            #expect(read.session.requestedLevel == session.requestedLevel)
            #expect(read.session.providerSessionID == session.providerSessionID)
            #expect(read.session.$person.id == world.locum.id)
            let person = try #require(try await Person.find(world.locum.id, on: app.db))
            let readPerson = try #require(read.session.$person.value)
            #expect(readPerson.id == person.id && readPerson.createdAt == person.createdAt)
            #expect(readPerson.name == person.name && readPerson.email == person.email)
            #expect(readPerson.passwordHash == person.passwordHash && readPerson.totpSecret == person.totpSecret)
            #expect(readPerson.pendingTOTPSecret == "pending" && readPerson.totpLastCounter == 123_456)
            let engagements = try await Engagement.query(on: app.db).filter(\.$person.$id == world.locum.id).all()
            #expect(engagements.count == 2)
            #expect(Set(read.engagements.compactMap(\.engagement.id)) == Set(engagements.compactMap(\.id)))
            for engagement in engagements {
                let held = try #require(read.engagements.first { $0.engagement.id == engagement.id })
                #expect(held.engagement.role == engagement.role && held.engagement.kind == engagement.kind)
                #expect(held.engagement.startsOn == engagement.startsOn && held.engagement.endsOn == engagement.endsOn)
                #expect(held.engagement.createdAt == engagement.createdAt && held.engagement.$person.id == world.locum.id)
                #expect(held.engagement.$organisation.id == engagement.$organisation.id)
                #expect(held.engagement.$organisation.value?.id == engagement.$organisation.id)
                let organisation = try #require(try await Organisation.find(engagement.$organisation.id, on: app.db))
                let readOrganisation = held.organisation
                #expect(readOrganisation.id == organisation.id && readOrganisation.updatedAt == organisation.updatedAt)
                #expect(readOrganisation.odsCode == organisation.odsCode && readOrganisation.name == organisation.name)
                #expect(readOrganisation.kind == organisation.kind && readOrganisation.status == organisation.status)
                #expect(readOrganisation.address == organisation.address && readOrganisation.postcode == organisation.postcode)
                #expect(readOrganisation.telephone == organisation.telephone)
                #expect(readOrganisation.openedOn == organisation.openedOn && readOrganisation.closedOn == organisation.closedOn)
                #expect(readOrganisation.parentID == organisation.parentID && readOrganisation.pcnID == organisation.pcnID)
            }
            // the filled columns were read, not left empty on both sides
            let atB = try #require(read.engagements.first { $0.organisation.id == world.practiceB })
            #expect(atB.organisation.postcode == "LS1 1AA" && atB.organisation.openedOn == CalendarDay("2001-04-01"))
            #expect(read.session.providerSessionID == "provider-session-1")
        }
    }

    @Test func anUnknownTokenReadsNothingAndAPersonWithoutEngagementsHasNone() async throws {
        try await withTestApp { app in
            // setup
            let person = Person(name: "Nora No-Engagement", email: "nora@none.test")
            try await person.create(on: app.db)
            let token = SecretToken.generate()
            try await StaffSession(personID: person.requireID(), tokenDigest: SecretToken.digest(token), now: Date(), sourceAddress: nil)
                .create(on: app.db)
            // MUT
            let unknown = try await SignInRead.read(digest: SecretToken.digest("not a session"), on: app.db)
            let read = try #require(try await SignInRead.read(digest: SecretToken.digest(token), on: app.db))
            // validate
            #expect(unknown == nil)
            #expect(read.engagements.isEmpty)
            #expect(read.session.$person.value?.name == "Nora No-Engagement")
        }
    }

    @Test func aRoleThisVersionDoesNotKnowIsAnErrorNamingIt() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let (token, _) = try await fullSession(world, on: app.db)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE engagements SET role = \(bind: "wizard") WHERE person_id = \(bind: world.locum.id)").run()
            // MUT
            let error = await #expect(throws: StoredValueError.self) {
                try await SignInRead.read(digest: SecretToken.digest(token), on: app.db)
            }
            // validate
            #expect(error?.table == "engagements" && error?.column == "role" && error?.value == "wizard")
        }
    }
}
