import Foundation

/// One person and what they still need before they can work remotely; `missing` is empty when they
/// are ready.
public struct PersonGap: Sendable {
    public var personID: UUID
    public var name: String
    public var missing: [Need]

    public init(personID: UUID, name: String, missing: [Need]) {
        self.personID = personID
        self.name = name
        self.missing = missing
    }
}

/// One line of a draft kit request; costs are in pence.
public struct DraftLine: Equatable, Sendable {
    public var kind: AssetKind
    public var quantity: Int
    /// The person the kit is for, or nil for stock.
    public var personID: UUID?
    public var unitCost: Int

    public init(kind: AssetKind, quantity: Int = 1, personID: UUID? = nil, unitCost: Int) {
        self.kind = kind
        self.quantity = quantity
        self.personID = personID
        self.unitCost = unitCost
    }

    public var lineCost: Int { quantity * unitCost }
}

/// Turns readiness gaps into a draft request: the kit to order, the credentials to grant and a
/// plain justification for the approvers.
public enum GapRequest {
    /// One line per person per missing kind of kit, at its typical cost, in person order then need
    /// order. Credentials are not lines, and "laptop" with "device" asks for one laptop.
    public static func lines(for gaps: [PersonGap]) -> [DraftLine] {
        gaps.flatMap { gap in
            kinds(missing: gap.missing).map { DraftLine(kind: $0, quantity: 1, personID: gap.personID, unitCost: $0.typicalUnitCost) }
        }
    }

    /// The credentials to grant, such as second-factor enrolment, in person order then need order.
    public static func credentialActions(for gaps: [PersonGap]) -> [(personID: UUID, need: Need)] {
        gaps.flatMap { gap in
            Set(gap.missing).sorted().filter { !$0.isKit }.map { (personID: gap.personID, need: $0) }
        }
    }

    /// A short, deterministic case for the approvers, counting people rather than naming them. Pass a
    /// gap for every member of staff, including those who are ready (with nothing missing), so that the
    /// total is right: "12 of 20 staff at Riverside Surgery cannot work remotely: 5 need a laptop,
    /// 3 a headset and 1 a webcam. The kit requested costs £3,925.00 in all."
    public static func justification(for gaps: [PersonGap], organisation: String) -> String {
        let notReady = gaps.filter { !$0.missing.isEmpty }
        guard !gaps.isEmpty else { return "No staff are recorded at \(organisation) yet." }
        guard !notReady.isEmpty else {
            return "All \(gaps.count) staff at \(organisation) can already work remotely."
        }
        var counts: [Need: Int] = [:]
        for gap in notReady {
            // a laptop is what is asked for where any device would do, so the two are counted together
            for need in Set(Need.collapsed(Set(gap.missing)).map { $0 == .device ? .laptop : $0 }) { counts[need, default: 0] += 1 }
        }
        let parts = counts.keys.sorted().enumerated().map { index, need in
            let count = counts[need]!
            let verb = index > 0 ? "" : count == 1 ? " needs" : " need"
            return "\(count)\(verb) \(need.asObject)"
        }
        var text = "\(notReady.count) of \(gaps.count) staff at \(organisation) cannot work remotely: "
        text += EnglishList.joined(parts, "and") + "."
        let cost = lines(for: notReady).reduce(0) { $0 + $1.lineCost }
        if cost > 0 { text += " The kit requested costs \(Pounds.text(cost)) in all." }
        return text
    }

    /// The kinds of kit to ask for, once each, in need order.
    private static func kinds(missing: [Need]) -> [AssetKind] {
        var seen: Set<AssetKind> = []
        return Set(missing).sorted().compactMap(\.kindToRequest).filter { seen.insert($0).inserted }
    }
}
