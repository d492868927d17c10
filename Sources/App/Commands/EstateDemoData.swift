import Domain
import Fluent
import Foundation

/// The demo ICB's digital estate: Orchard ready, Riverside just below its target, Castle Street far from it and the
/// three practices without a desktop pool further still; personal phones and data plans in use; requests at every
/// stage; the commissioner's and the national funding pots part spent.
enum EstateDemoData {
    /// Staff who only fill the estate out: they have no password, so nobody signs in as them.
    static let staff: [(name: String, email: String, practice: String, role: StaffRole)] = [
        ("Priya Shah", "priya.shah@demo.nhs.uk", "L81101", .receptionist),
        ("Dr Ruth Cole", "ruth.cole@demo.nhs.uk", "L81101", .gp),
        ("Tom Reed", "tom.reed@demo.nhs.uk", "L81101", .nurse),
        ("Dr Sam Okoro", "sam.okoro@demo.nhs.uk", "L81102", .gp),
        ("Lucy Fox", "lucy.fox@demo.nhs.uk", "L81102", .nurse),
        ("Omar Said", "omar.said@demo.nhs.uk", "L81102", .receptionist),
        ("Dr Nina Park", "nina.park@demo.nhs.uk", "L81102", .gp),
        ("Ava Jones", "ava.jones@demo.nhs.uk", "L81102", .receptionist),
        ("Raj Mehta", "raj.mehta@demo.nhs.uk", "L81102", .nurse),
        ("Dr Mei Chen", "mei.chen@demo.nhs.uk", "L81103", .gp),
        ("Fran Doyle", "fran.doyle@demo.nhs.uk", "L81103", .receptionist),
        ("Gus Hale", "gus.hale@demo.nhs.uk", "L81103", .nurse),
        ("Hana Iqbal", "hana.iqbal@demo.nhs.uk", "L81103", .practiceManager),
        ("Helen Price", "helen.price@demo.nhs.uk", "L81104", .practiceManager),
        ("Dr Ian Moss", "ian.moss@demo.nhs.uk", "L81104", .gp),
        ("Jo Nash", "jo.nash@demo.nhs.uk", "L81104", .receptionist),
        ("Kate Orr", "kate.orr@demo.nhs.uk", "L81105", .receptionist),
        ("Dr Liam Pugh", "liam.pugh@demo.nhs.uk", "L81105", .gp),
        ("Dr Maya Rao", "maya.rao@demo.nhs.uk", "L81106", .gp),
        ("Ned Shaw", "ned.shaw@demo.nhs.uk", "L81106", .nurse),
    ]

    /// Kit in use in each person's name (by the part of the email before the @).
    static let kit: [String: [AssetKind]] = [
        "amara.okafor": [.laptop, .headset, .webcam], "ben.hughes": [.laptop, .headset], "dan.evans": [.laptop],
        "erin.walsh": [.laptop, .headset], "priya.shah": [.desktop, .headset], "ruth.cole": [.laptop, .headset, .webcam],
        "omar.said": [.headset], "mei.chen": [.laptop, .headset, .webcam], "fran.doyle": [.desktop, .headset],
        "gus.hale": [.laptop, .headset, .webcam], "hana.iqbal": [.laptop, .headset], "helen.price": [.laptop, .headset],
        "ian.moss": [.laptop, .headset, .webcam], "jo.nash": [.headset], "maya.rao": [.laptop], "isla.morgan": [.laptop],
    ]

    /// Personal devices and data plans used for work.
    static let personal: [String: [AssetKind]] = [
        "grace.lee": [.phone, .dataPlan], "tom.reed": [.phone], "chloe.patel": [.phone, .dataPlan], "ava.jones": [.tablet],
        "liam.pugh": [.laptop, .phone], "kate.orr": [.phone],
    ]

    static func seed(on db: any Database, box: SecretBox, today: CalendarDay, now: Date = Date()) async throws {
        let organisations = try await Organisation.query(on: db).all()
        let org = Dictionary(organisations.map { ($0.odsCode, $0) }, uniquingKeysWith: { a, _ in a })
        guard let commissioner = org["15N"], let national = org["X24"] else { return }
        try await addStaff(org: org, box: box, today: today, on: db)
        let people = try await Person.query(on: db).all()
        let person = Dictionary(people.map { (String($0.email.split(separator: "@")[0]), $0) }, uniquingKeysWith: { a, _ in a })
        try await addPool(org: org, on: db, now: now)
        let pots = try await addPots(commissioner: commissioner, national: national, on: db)
        try await addAssets(org: org, person: person, on: db, now: now)
        try await addRequests(org: org, person: person, pot: pots, on: db, now: now)
    }

    private static func addStaff(org: [String: Organisation], box: SecretBox, today: CalendarDay, on db: any Database) async throws {
        let period = try EngagementPeriod(starts: today.adding(days: -200), ends: nil)
        try await db.writeTransaction { tx in
            for entry in staff {
                guard let practice = org[entry.practice] else { continue }
                let person = Person(name: entry.name, email: entry.email)
                person.totpSecret = box.seal(Base32.encode(TOTP.randomSecret()))
                try await person.create(on: tx)
                try await Engagement(
                    personID: person.requireID(), organisationID: practice.requireID(), role: entry.role, kind: .permanent, period: period
                )
                .create(on: tx)
            }
            // Helen manages the three practices outside the PCN
            if let helen = try await Person.query(on: tx).filter(\.$email == "helen.price@demo.nhs.uk").first() {
                for code in ["L81105", "L81106"] {
                    guard let practice = org[code] else { continue }
                    try await Engagement(
                        personID: helen.requireID(), organisationID: practice.requireID(), role: .practiceManager, kind: .permanent,
                        period: period
                    )
                    .create(on: tx)
                }
            }
        }
    }

    /// The PCN's desktop pool, registered before its hosts (`make run` adds them under the same name).
    private static func addPool(org: [String: Organisation], on db: any Database, now: Date) async throws {
        try await db.writeTransaction { tx in
            guard try await DesktopPool.query(on: tx).filter(\.$name == poolName).first() == nil else { return }
            let pool = DesktopPool(name: poolName, placement: .breadthFirst, roles: [], settings: PoolSettings(), now: now)
            try await pool.create(on: tx)
            for code in ["L81101", "L81102", "L81103"] {
                guard let practice = org[code] else { continue }
                try await DesktopPoolOrganisation(poolID: pool.requireID(), organisationID: practice.requireID()).create(on: tx)
            }
        }
    }

    static let poolName = "Riverside PCN desktops"

    private static func addPots(commissioner: Organisation, national: Organisation, on db: any Database) async throws -> [String: UUID] {
        try await db.writeTransaction { tx in
            let pots = [
                (commissioner, "Remote working 2026/27", 4_000_000, 1_250_000), (commissioner, "Winter resilience", 1_000_000, 0),
                (national, "National remote working fund", 25_000_000, 6_000_000),
            ]
            var ids: [String: UUID] = [:]
            for (owner, name, allocation, drawn) in pots {
                let pot = EstateFundingPot(ownerID: try owner.requireID(), name: name, allocation: allocation)
                pot.drawnDown = drawn
                try await pot.create(on: tx)
                ids[name] = try pot.requireID()
            }
            return ids
        }
    }
}
