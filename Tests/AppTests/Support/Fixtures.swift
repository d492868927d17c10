import Domain
import Fluent
import Foundation
import VaporTesting

@testable import App

/// A person the tests can sign in as.
struct TestPerson: Sendable {
    var id: UUID
    var name: String
    var email: String
    var password: String
    var secret: String

    func code(step: Int = 0) -> String {
        let totp = TOTP(secret: Base32.decode(secret)!)
        return totp.code(counter: UInt64(Int(totp.counter(at: Date())) + step))
    }
}

/// Two practices under one commissioner, with people, an API token and an invitation at each; and a second ICB with a
/// practice and a commissioner IT lead of its own. Practice A's records carry marker names that must never appear to
/// practice B or to the other ICB.
struct TestWorld: Sendable {
    var commissioner: UUID
    /// The second ICB, its practice, its commissioner IT lead and their API token: none of A's business.
    var otherICB: UUID
    var practiceD: UUID
    var otherCommissioner: TestPerson
    var apiTokenOtherICB: (id: UUID, secret: String)
    var practiceA: UUID
    var practiceB: UUID
    var managerA: TestPerson
    var managerB: TestPerson
    var gpA: TestPerson
    /// Engaged at A until yesterday, at B from a month ago onwards.
    var locum: TestPerson
    var engagementAtA: UUID
    var apiTokenA: (id: UUID, secret: String)
    var apiTokenB: (id: UUID, secret: String)
    var invitationTokenA: String
    /// A patient's request to practice A, with a photo and a live reply link.
    var requestA: UUID
    var requestReferenceA: String
    var requestSubmissionA: String
    var photoA: UUID
    var replyTokenA: String
    var desktopPoolA: UUID
    var desktopHostA: UUID
    var desktopSeatA: UUID
    var videoA: UUID
    var videoTokenA: String
    var estateAssetA: UUID
    var estateImportA: UUID
    var estateRequestA: UUID
    var estateLineA: UUID

    static let codeA = "A81001"
    static let codeB = "B82002"
    static let codeD = "D84004"
    static let markerA = "Zelda Marker-A"
    static let tokenNameA = "Marker-A clinical system link"
    static let password = "correct horse battery staple"
    /// Practice A's desktop host password: no response, page, log or audit row may show it.
    static let desktopSecretA = "Zq7#pW2x"

    static func make(on app: Application) async throws -> TestWorld {
        let db = app.db
        let today = CalendarDay(Date())
        let commissioner = Organisation(odsCode: "99X", name: "Test Sub-ICB", kind: .subICB)
        try await commissioner.create(on: db)
        let a = Organisation(odsCode: codeA, name: "Practice Alpha", kind: .practice, parentID: commissioner.id)
        let b = Organisation(odsCode: codeB, name: "Practice Beta", kind: .practice, parentID: commissioner.id)
        try await a.create(on: db)
        try await b.create(on: db)
        let otherICB = Organisation(odsCode: "QYY", name: "Other ICB", kind: .icb)
        try await otherICB.create(on: db)
        let d = Organisation(odsCode: codeD, name: "Practice Delta", kind: .practice, parentID: otherICB.id)
        try await d.create(on: db)
        let hash = try await PasswordHasher(cost: 4, threadPool: app.threadPool).hash(password)

        func person(_ name: String, _ email: String, _ roles: [(Organisation, StaffRole, EngagementPeriod)]) async throws -> (TestPerson, [UUID]) {
            let p = Person(name: name, email: email)
            p.passwordHash = hash
            let secret = Base32.encode(TOTP.randomSecret())
            p.totpSecret = app.secretBox.seal(secret)
            try await p.create(on: db)
            var ids: [UUID] = []
            for (org, role, period) in roles {
                let e = Engagement(personID: try p.requireID(), organisationID: try org.requireID(), role: role, kind: .permanent, period: period)
                try await e.create(on: db)
                ids.append(try e.requireID())
            }
            return (TestPerson(id: try p.requireID(), name: name, email: email, password: password, secret: secret), ids)
        }

        let always = try EngagementPeriod(starts: today.adding(days: -400), ends: nil)
        let (managerA, _) = try await person("Mary Manager-A", "mary@a.test", [(a, .practiceManager, always)])
        let (managerB, _) = try await person("Bob Manager-B", "bob@b.test", [(b, .practiceManager, always)])
        let (gpA, gpIDs) = try await person(markerA, "zelda@a.test", [(a, .gp, always)])
        let (locum, _) = try await person("Lou Locum", "lou@locum.test", [
            (a, .gp, try EngagementPeriod(starts: today.adding(days: -60), ends: today.adding(days: -1))),
            (b, .gp, try EngagementPeriod(starts: today.adding(days: -30), ends: today.adding(days: 30))),
        ])
        func token(_ name: String, _ org: Organisation, _ creator: TestPerson) async throws -> (UUID, String) {
            try await apiToken(name, organisation: try org.requireID(), maker: creator.id, on: db)
        }
        let tokenA = try await token(tokenNameA, a, managerA)
        let tokenB = try await token("Beta link", b, managerB)
        let (otherCommissioner, _) = try await person("Olga Other-ICB", "olga@qyy.test", [(otherICB, .commissionerITLead, always)])
        let tokenOther = try await token("Other ICB link", otherICB, otherCommissioner)
        let draft = InvitationDraft.Checked(name: "Ivy Invitee-A", email: "ivy@a.test", role: .nurse, kind: .permanent, period: always)
        let (_, url) = try await Invitations.create(draft, organisationID: try a.requireID(), invitedBy: managerA.id, on: db, baseURL: "")
        for org in [a, b] {
            try await ConsultSettings(organisationID: org.requireID(), acceptWhenClosed: true).create(on: db)
        }
        let request = TriageRequest()
        request.reference = TriageRequestIntake.newReference()
        request.submissionKey = SecretToken.generate()
        request.kind = RequestKind.medical
        request.description = "Marker-A cough for a week"
        request.redFlags = StoredList([])
        request.redFlagged = false
        request.subject = .me
        request.urgency = Urgency.routine
        request.priority = 0
        request.status = TriageStatus.new
        request.receivedAt = Date()
        request.replyBy = Date().addingTimeInterval(86400)
        request.receivedWhileClosed = false
        request.givenName = "Wanda"
        request.familyName = "Marker-A Patient"
        request.dateOfBirth = CalendarDay(year: 1970, month: 1, day: 31)!
        request.nhsNumber = "9990000018"
        request.mobile = "+447700900000"
        request.mobileVerifiedAt = Date()  // the patient entered the code: links may go by text
        request.email = "wanda@example.com"
        request.contactPreference = .sms
        request.practiceID = try a.requireID()
        request.handlerID = try a.requireID()
        try await request.create(on: db)
        let photo = RequestPhoto()
        photo.$request.id = try request.requireID()
        photo.contentType = "image/png"
        photo.bytes = Data(TestImages.png)
        photo.source = "request"
        photo.createdAt = Date()
        try await photo.create(on: db)
        let replyURL = try await ReplyLinks.issue(for: request, on: db, baseURL: "")
        let poolFile = DesktopPoolFile(
            name: "Alpha desktops", placement: "breadthFirst", organisations: [codeA], roles: [], disconnectedTimeoutSeconds: nil,
            idleTimeoutSeconds: nil, resetCommand: nil,
            hosts: [.init(name: "alpha-host", address: "127.0.0.1", secret: desktopSecretA, seats: [.init(name: "alpha-seat-1", host: "127.0.0.1", port: 1)])])
        let poolID = try await poolFile.apply(on: db, box: app.secretBox)
        let hostID = try await DesktopHost.query(on: db).filter(\.$poolID == poolID).first()!.requireID()
        let seatID = try await DesktopSeat.query(on: db).filter(\.$poolID == poolID).first()!.requireID()
        let video = VideoConsultation(
            organisationID: try a.requireID(), clinicianID: gpA.id, requestID: try request.requireID(), patientName: "Wanda Marker-A Patient",
            slotAt: Date(), bookedByID: managerA.id, now: Date())
        try await video.create(on: db)
        let videoToken = SecretToken.generate()
        try await VideoLink(consultationID: try video.requireID(), tokenDigest: SecretToken.digest(videoToken), participant: .patient, label: nil, now: Date())
            .create(on: db)
        let asset = EstateAsset()
        asset.apply(
            AssetRow(
                tag: "ALPHA-0001", serial: "SN-A1", kind: .laptop, make: "Marker-A Make", model: "M1", ownerODS: codeA, funder: .practice,
                personEmail: nil, location: nil, state: .inUse, encryption: .encrypted, operatingSystem: nil, osEndOfSupport: nil,
                lastSeen: nil, personal: false, certificate: nil),
            ownerID: try a.requireID(), personID: gpA.id)
        try await asset.create(on: db)
        let estateImport = EstateImport(byID: managerA.id, organisationID: try a.requireID(), fileName: "alpha.csv", at: Date())
        try await estateImport.create(on: db)
        let estateRequestID = try await EstateRequestFlow(db: db, now: Date()).createDraft(
            organisationID: try a.requireID(), requesterID: managerA.id, kind: .kit, justification: "Headset for Marker-A",
            lines: [DraftLine(kind: .headset, quantity: 1, personID: gpA.id, unitCost: 4000)], raisedByManager: true)
        let lineID = try await EstateRequestLine.query(on: db).filter(\.$requestID == estateRequestID).first()!.requireID()
        return TestWorld(
            commissioner: try commissioner.requireID(), otherICB: try otherICB.requireID(), practiceD: try d.requireID(),
            otherCommissioner: otherCommissioner, apiTokenOtherICB: tokenOther, practiceA: try a.requireID(), practiceB: try b.requireID(),
            managerA: managerA, managerB: managerB, gpA: gpA, locum: locum, engagementAtA: gpIDs[0],
            apiTokenA: tokenA, apiTokenB: tokenB, invitationTokenA: String(url.split(separator: "/").last!),
            requestA: try request.requireID(), requestReferenceA: request.reference, requestSubmissionA: request.submissionKey,
            photoA: try photo.requireID(), replyTokenA: String(replyURL.split(separator: "/").last!),
            desktopPoolA: poolID, desktopHostA: hostID, desktopSeatA: seatID, videoA: try video.requireID(), videoTokenA: videoToken,
            estateAssetA: try asset.requireID(), estateImportA: try estateImport.requireID(), estateRequestA: estateRequestID,
            estateLineA: lineID)
    }

    /// An API token of `organisation` made by `maker`: read and write in every area and 90 days to run, unless told.
    static func apiToken(
        _ name: String, organisation: UUID, maker: UUID, on db: any Database, scope: APITokenScope = .everything,
        expiresAt: Date = APITokenLifetime.standard.expiry(from: Date())
    ) async throws -> (id: UUID, secret: String) {
        let secret = APIToken.prefix + SecretToken.generate()
        let token = APIToken(
            name: name, tokenDigest: SecretToken.digest(secret), organisationID: organisation, createdByID: maker, scope: scope,
            expiresAt: expiresAt, now: Date())
        try await token.create(on: db)
        return (try token.requireID(), secret)
    }
}
