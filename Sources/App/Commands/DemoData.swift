import Domain
import Fluent
import Foundation

/// The demo world: names are invented, codes have the real formats.
enum DemoData {
    struct Org {
        var code: String
        var name: String
        var kind: OrganisationKind
    }

    static let national = Org(code: "X24", name: "NHS England", kind: .national)
    static let icb = Org(code: "QDM", name: "NHS Demoshire Integrated Care Board", kind: .icb)
    static let subICB = Org(code: "15N", name: "NHS Demoshire ICB – Riverside (15N)", kind: .subICB)
    static let pcn = Org(code: "U81001", name: "Riverside Primary Care Network", kind: .pcn)
    static let practices = [
        Org(code: "L81101", name: "Riverside Surgery", kind: .practice),
        Org(code: "L81102", name: "Castle Street Medical Centre", kind: .practice),
        Org(code: "L81103", name: "Orchard Family Practice", kind: .practice),
        Org(code: "L81104", name: "Millbrook Health Centre", kind: .practice),
        Org(code: "L81105", name: "Harbour View Surgery", kind: .practice),
        Org(code: "L81106", name: "Elm Tree Practice", kind: .practice),
    ]
    static let hub = Org(code: "Y02701", name: "Riverside PCN Extended Access Hub", kind: .hub)
    static let ooh = Org(code: "NLO12", name: "Demoshire Out-of-Hours GP Service", kind: .outOfHours)
    static let ucc = Org(code: "RVJ20", name: "Demoshire Urgent Care Centre", kind: .urgentCare)

    /// One demo engagement: organisation code, role, kind, first and last day relative to today.
    struct Role {
        var org: String
        var role: StaffRole
        var kind: EngagementKind = .permanent
        var from: Int = -365
        var to: Int?
    }

    static let people: [(name: String, email: String, roles: [Role])] = [
        ("Dr Amara Okafor", "amara.okafor@demo.nhs.uk", [Role(org: "L81101", role: .gp)]),
        ("Ben Hughes", "ben.hughes@demo.nhs.uk", [Role(org: "L81101", role: .nurse)]),
        ("Chloe Patel", "chloe.patel@demo.nhs.uk", [Role(org: "L81102", role: .pharmacist)]),
        ("Dan Evans", "dan.evans@demo.nhs.uk", [Role(org: "L81101", role: .receptionist)]),
        ("Erin Walsh", "erin.walsh@demo.nhs.uk", [Role(org: "L81101", role: .practiceManager), Role(org: "L81102", role: .practiceManager)]),
        ("Dr Grace Lee (locum)", "grace.lee@demo.nhs.uk", [
            Role(org: "L81101", role: .gp, kind: .locum, from: -14, to: 14),
            Role(org: "L81103", role: .gp, kind: .locum, from: -3, to: 60),
            Role(org: "L81104", role: .gp, kind: .locum, from: -60, to: -1),
        ]),
        ("Dr Hamish Reid (returning GP)", "hamish.reid@demo.nhs.uk", [
            Role(org: "NLO12", role: .gp, kind: .returner, from: -30), Role(org: "Y02701", role: .gp, kind: .returner, from: -30),
        ]),
        ("Isla Morgan", "isla.morgan@demo.nhs.uk", [Role(org: "15N", role: .commissionerITLead)]),
        ("Jack Turner", "jack.turner@demo.nhs.uk", [Role(org: "X24", role: .nationalAdmin)]),
        ("Kim Ali", "kim.ali@demo.nhs.uk", [Role(org: "X24", role: .systemAdmin)]),
        ("Dr Leo Brown", "leo.brown@demo.nhs.uk", [Role(org: "RVJ20", role: .gp)]),
    ]

    static func seed(on db: any Database, hasher: PasswordHasher, box: SecretBox, today: CalendarDay) async throws -> DemoCredentials {
        var passwords: [String: String] = [:]
        var hashes: [String: String] = [:]
        for person in people {
            let password = Passphrase.generate()
            passwords[person.email] = password
            hashes[person.email] = try await hasher.hash(password)
        }
        let passwordsByEmail = passwords
        let hashesByEmail = hashes
        return try await db.writeTransaction { tx in
            var ids: [String: UUID] = [:]
            var names: [String: String] = [:]
            func add(_ org: Org, parent: String?, pcn: String? = nil) async throws {
                let model = Organisation(odsCode: org.code, name: org.name, kind: org.kind, parentID: parent.flatMap { ids[$0] }, pcnID: pcn.flatMap { ids[$0] })
                try await model.create(on: tx)
                ids[org.code] = try model.requireID()
                names[org.code] = org.name
            }
            try await add(national, parent: nil)
            try await add(icb, parent: national.code)
            try await add(subICB, parent: icb.code)
            try await add(pcn, parent: subICB.code)
            for (index, practice) in practices.enumerated() {
                try await add(practice, parent: subICB.code, pcn: index < 3 ? pcn.code : nil)
            }
            try await add(hub, parent: subICB.code)
            try await add(ooh, parent: subICB.code)
            try await add(ucc, parent: subICB.code)
            let always = try EngagementPeriod(starts: today.adding(days: -365), ends: nil)
            for (index, practice) in practices.enumerated() {
                if index < 3 {
                    try await SharingAgreement(providerID: ids[hub.code]!, practiceID: ids[practice.code]!, period: always, purpose: "Extended access appointments").create(on: tx)
                }
                try await SharingAgreement(providerID: ids[ooh.code]!, practiceID: ids[practice.code]!, period: always, purpose: "Out-of-hours cover").create(on: tx)
            }
            var credentials = DemoCredentials(people: [])
            for entry in people {
                let person = Person(name: entry.name, email: entry.email)
                person.passwordHash = hashesByEmail[entry.email]
                let secret = Base32.encode(TOTP.randomSecret())
                person.totpSecret = box.seal(secret)
                try await person.create(on: tx)
                var active: [DemoCredentials.ActiveOrganisation] = []
                for role in entry.roles {
                    let period = try EngagementPeriod(starts: today.adding(days: role.from), ends: role.to.map { today.adding(days: $0) })
                    try await Engagement(personID: person.requireID(), organisationID: ids[role.org]!, role: role.role, kind: role.kind, period: period).create(on: tx)
                    if period.isActive(on: today) {
                        active.append(.init(ods: role.org, name: names[role.org] ?? role.org, role: role.role.displayName))
                    }
                }
                credentials.people.append(.init(name: entry.name, email: entry.email, password: passwordsByEmail[entry.email]!, totpSecret: secret, activeOrganisations: active))
            }
            return credentials
        }
    }
}
