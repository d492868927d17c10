import Domain
import Fluent
import Foundation

extension EstateDemoData {
    static func addAssets(org: [String: Organisation], person: [String: Person], on db: any Database, now: Date) async throws {
        let engagements = try await Engagement.query(on: db).all()
        let home = { (personID: UUID) in
            engagements.first { $0.$person.id == personID && $0.isActive(on: CalendarDay(now)) }?.$organisation.id
        }
        var number = 0
        func asset(_ kind: AssetKind, owner: UUID, state: AssetState, person: UUID? = nil, personal: Bool = false) -> EstateAsset {
            number += 1
            let asset = EstateAsset()
            asset.tag = personal ? "OWN-\(String(format: "%05d", number))" : "DEM-\(String(format: "%05d", number))"
            asset.serial = personal ? "" : "SN\(740_000 + number * 37)"
            asset.kind = kind
            (asset.make, asset.model) = makeAndModel(kind)
            asset.funder = personal ? Funder.practice : (number % 3 == 0 ? Funder.commissioner : Funder.practice)
            asset.state = state
            asset.encryption = (kind.isDevice ? EncryptionStatus.encrypted : .unknown)
            if kind.isDevice {
                asset.operatingSystem = kind == .tablet ? "iPadOS 18" : "Windows 11 Enterprise 24H2"
                asset.osEndOfSupport = kind == .tablet ? nil : "2027-10-12"
                asset.lastSeen = ISO8601DateFormatter().string(from: now.addingTimeInterval(-Double(number % 9) * 86_400))
            }
            asset.personal = personal
            asset.ownerID = owner
            asset.personID = person
            return asset
        }
        var assets: [EstateAsset] = []
        for (key, kinds) in kit.sorted(by: { $0.key < $1.key }) {
            guard let holder = person[key], let id = holder.id, let owner = home(id) else { continue }
            assets += kinds.map { asset($0, owner: owner, state: .inUse, person: id) }
        }
        for (key, kinds) in personal.sorted(by: { $0.key < $1.key }) {
            guard let holder = person[key], let id = holder.id, let owner = home(id) else { continue }
            assets += kinds.map { asset($0, owner: owner, state: .inUse, person: id, personal: true) }
        }
        if let riverside = org["L81101"]?.id { assets.append(asset(.headset, owner: riverside, state: .inStock)) }
        if let millbrook = org["L81104"]?.id {
            assets.append(asset(.phone, owner: millbrook, state: .lost))
            assets.append(asset(.laptop, owner: millbrook, state: .inRepair, person: person["ian.moss"]?.id))
        }
        if let harbour = org["L81105"]?.id {
            let old = asset(.desktop, owner: harbour, state: .inStock)
            old.operatingSystem = "Windows 10 Pro 22H2"
            old.osEndOfSupport = "2025-10-14"
            old.encryption = EncryptionStatus.notEncrypted
            assets.append(old)
        }
        if let elm = org["L81106"]?.id {
            assets.append(asset(.desktop, owner: elm, state: .retired))
            let gone = asset(.laptop, owner: elm, state: .disposed)
            gone.certificate = "WEEE-2026-0117"
            assets.append(gone)
        }
        let made = assets
        try await db.writeTransaction { tx in
            let book = EstateAssetBook(db: tx, now: now, byID: nil, source: "import")
            for item in made { try await book.create(item) }
        }
    }

    private static func makeAndModel(_ kind: AssetKind) -> (String, String) {
        switch kind {
        case .laptop: ("Dell", "Latitude 5440")
        case .desktop: ("HP", "EliteDesk 800 G9")
        case .tablet: ("Apple", "iPad 10th generation")
        case .phone: ("Samsung", "Galaxy A35")
        case .dataPlan: ("Vodafone", "Unlimited data SIM")
        case .hardwareToken: ("Yubico", "YubiKey 5 NFC")
        case .smartcard: ("NHS", "Smartcard")
        case .smartcardReader: ("Omnikey", "3121")
        case .webcam: ("Logitech", "C920")
        case .headset: ("Jabra", "Evolve2 40")
        case .other: ("", "")
        }
    }

    /// Requests at every stage, walked through the real rules by the people who would decide them.
    static func addRequests(org: [String: Organisation], person: [String: Person], pot: [String: UUID], on db: any Database, now: Date)
        async throws
    {
        guard let helen = person["helen.price"]?.id, let isla = person["isla.morgan"]?.id, let jack = person["jack.turner"]?.id,
            let erin = person["erin.walsh"]?.id, let grace = person["grace.lee"]?.id, let potID = pot["Remote working 2026/27"],
            let millbrook = org["L81104"]?.id, let harbour = org["L81105"]?.id, let elm = org["L81106"]?.id,
            let riverside = org["L81101"]?.id
        else { return }
        let flow = EstateRequestFlow(db: db, now: now)
        func raise(_ at: UUID, _ why: String, _ lines: [(AssetKind, Int, String?)], until stage: DemoStage) async throws {
            let drafts = lines.map {
                DraftLine(kind: $0.0, quantity: $0.1, personID: $0.2.flatMap { person[$0]?.id }, unitCost: $0.0.typicalUnitCost)
            }
            let id = try await flow.createDraft(
                organisationID: at, requesterID: helen, kind: .kit, justification: why, lines: drafts, raisedByManager: true)
            guard stage > .draft else { return }
            try await flow.submit(id, by: helen)
            guard stage > .submitted else { return }
            let rejected = stage == .rejected
            try await flow.decide(
                id, verdict: rejected ? .rejected : .approved, at: .commissionerITLead, by: isla, potID: potID,
                note: rejected ? "Covered by the ICB's laptop refresh" : nil)
            guard !rejected, stage > .awaitingNational else { return }
            if try await EstateRequest.find(id, on: db)?.status == .awaitingApproval {
                try await flow.decide(id, verdict: .approved, at: .national, by: jack, potID: nil, note: nil)
            }
            let steps: [(DemoStage, EstateRequestStatus)] = [(.ordered, .ordered), (.dispatched, .dispatched), (.delivered, .delivered)]
            for (needed, next) in steps where stage >= needed {
                try await flow.advance(id, to: next, tracking: next == .dispatched ? "RM482913307GB" : nil, by: helen)
            }
            guard stage >= .accepted else { return }
            for line in try await EstateRequestLine.query(on: db).filter(\.$requestID == id).all() {
                try await flow.accept(try line.requireID(), by: line.personID ?? helen)
            }
        }
        try await raise(millbrook, "A headset so that Jo can take calls from home", [(.headset, 1, "jo.nash")], until: .draft)
        try await raise(millbrook, "Jo works from home two days a week and has no device", [(.laptop, 1, "jo.nash")], until: .submitted)
        try await raise(
            harbour, "Kate uses her own phone for the practice's calls", [(.headset, 1, "kate.orr"), (.laptop, 1, "kate.orr")],
            until: .approved)
        try await raise(
            harbour, "Dr Pugh works on his own laptop", [(.laptop, 1, "liam.pugh"), (.webcam, 1, "liam.pugh")], until: .ordered)
        try await raise(
            elm, "Ned has no device for remote clinics", [(.laptop, 1, "ned.shaw"), (.headset, 1, "ned.shaw")], until: .dispatched)
        try await raise(elm, "Dr Rao's video consultations", [(.headset, 1, "maya.rao"), (.webcam, 1, "maya.rao")], until: .delivered)
        try await raise(elm, "A webcam for Ned's video clinics", [(.webcam, 1, "ned.shaw")], until: .accepted)
        try await raise(elm, "Spare laptops for locums", [(.laptop, 2, nil)], until: .rejected)
        try await raise(harbour, "Laptops for the new extended-hours team", [(.laptop, 8, nil)], until: .awaitingNational)
        // Dr Lee claims her own data plan, endorsed by Riverside's practice manager and paid by the commissioner
        if let plan = try await EstateAsset.query(on: db).filter(\.$personID == grace).filter(\.$kind == AssetKind.dataPlan)
            .first()
        {
            let id = try await flow.createDraft(
                organisationID: riverside, requesterID: grace, kind: .claim,
                justification: "Six months of my own data plan used for remote sessions",
                lines: [DraftLine(kind: .dataPlan, quantity: 1, personID: grace, unitCost: 9_000)], assetIDs: [plan.id],
                raisedByManager: false)
            try await flow.submit(id, by: grace)
            try await flow.decide(id, verdict: .approved, at: .practiceManager, by: erin, potID: nil, note: nil)
            try await flow.decide(id, verdict: .approved, at: .commissionerITLead, by: isla, potID: potID, note: nil)
        }
    }
}

/// How far the demo walks a request.
enum DemoStage: Int, Comparable {
    case draft, submitted, awaitingNational, rejected, approved, ordered, dispatched, delivered, accepted

    static func < (lhs: DemoStage, rhs: DemoStage) -> Bool { lhs.rawValue < rhs.rawValue }
}
