import Foundation

/// One thing a person needs before they can work remotely: a piece of kit or a credential.
public enum Need: String, CaseIterable, Codable, Sendable, Comparable {
    case laptop
    /// Any computer: a laptop, desktop or tablet.
    case device
    case phone
    case dataPlan = "data_plan"
    case secondFactor = "second_factor"
    case desktopSeat = "desktop_seat"
    case videoAccess = "video_access"
    case headset, webcam, smartcard

    /// The need as staff name it.
    public var displayName: String {
        switch self {
        case .laptop: "Laptop"
        case .device: "Laptop, desktop or tablet"
        case .phone: "Work phone"
        case .dataPlan: "SIM or data plan"
        case .secondFactor: "Second factor enrolled"
        case .desktopSeat: "Desktop pool seat"
        case .videoAccess: "Video consultation access"
        case .headset: "Headset"
        case .webcam: "Webcam"
        case .smartcard: "Smartcard"
        }
    }

    /// The need after "needs", for sentences: "a laptop", "video consultation access".
    var asObject: String {
        switch self {
        case .laptop: "a laptop"
        case .device: "a laptop, desktop or tablet"
        case .phone: "a work phone"
        case .dataPlan: "a SIM or data plan"
        case .secondFactor: "a second factor enrolled"
        case .desktopSeat: "a desktop pool seat"
        case .videoAccess: "video consultation access"
        case .headset: "a headset"
        case .webcam: "a webcam"
        case .smartcard: "a smartcard"
        }
    }

    /// Whether kit meets this need; the others are credentials granted in the system.
    public var isKit: Bool {
        switch self {
        case .secondFactor, .desktopSeat, .videoAccess: false
        default: true
        }
    }

    /// The kind of kit to ask for when this need is missing; a bare "device" is met with a laptop.
    public var kindToRequest: AssetKind? {
        switch self {
        case .laptop, .device: .laptop
        case .phone: .phone
        case .dataPlan: .dataPlan
        case .headset: .headset
        case .webcam: .webcam
        case .smartcard: .smartcard
        case .secondFactor, .desktopSeat, .videoAccess: nil
        }
    }

    /// Whether company kit of these kinds meets this need; always false for a credential.
    public func isMet(by kinds: Set<AssetKind>) -> Bool {
        switch self {
        case .device: kinds.contains(where: \.isDevice)
        default: kindToRequest.map(kinds.contains) ?? false
        }
    }

    public static func < (lhs: Need, rhs: Need) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// `needs` without "device" when "laptop" is there too, since a laptop meets both.
    static func collapsed(_ needs: Set<Need>) -> Set<Need> {
        needs.contains(.laptop) ? needs.subtracting([.device]) : needs
    }
}

/// What a role is entitled to before its holder can work remotely.
public struct EntitlementProfile: Codable, Equatable, Sendable {
    public var role: StaffRole
    public var needs: Set<Need>

    public init(role: StaffRole, needs: Set<Need>) {
        self.role = role
        self.needs = needs
    }

    /// The national default for a role, which a practice may adjust.
    public static func standard(for role: StaffRole) -> EntitlementProfile {
        let needs: Set<Need> =
            switch role {
            case .gp: [.laptop, .secondFactor, .desktopSeat, .headset, .webcam, .videoAccess]
            case .nurse, .pharmacist: [.laptop, .secondFactor, .desktopSeat, .headset, .webcam]
            case .receptionist: [.device, .secondFactor, .desktopSeat, .headset]
            case .practiceManager: [.laptop, .secondFactor, .desktopSeat, .headset]
            case .commissionerITLead, .nationalAdmin, .systemAdmin: [.laptop, .secondFactor]
            }
        return EntitlementProfile(role: role, needs: needs)
    }

    /// What a person holding all these roles needs: every role's needs, with "device" dropped when a
    /// laptop is needed anyway.
    public static func combined(_ profiles: [EntitlementProfile]) -> Set<Need> {
        Need.collapsed(profiles.reduce(into: Set<Need>()) { $0.formUnion($1.needs) })
    }
}

/// What a person has towards working remotely.
public struct PersonKit: Equatable, Sendable {
    /// Kinds of company kit the person has in use; personal devices do not count.
    public var kinds: Set<AssetKind>
    public var hasSecondFactor: Bool
    public var hasDesktopSeat: Bool
    public var hasVideoAccess: Bool

    public init(kinds: Set<AssetKind>, hasSecondFactor: Bool, hasDesktopSeat: Bool, hasVideoAccess: Bool) {
        self.kinds = kinds
        self.hasSecondFactor = hasSecondFactor
        self.hasDesktopSeat = hasDesktopSeat
        self.hasVideoAccess = hasVideoAccess
    }

    /// The needs this person does not yet meet, in `Need` order. "Device" is left out when a laptop is
    /// also needed, so that one laptop is asked for rather than two.
    public func missing(_ needs: Set<Need>) -> [Need] {
        let wanted = Need.collapsed(needs)
        return Need.allCases.filter { wanted.contains($0) && !isMet($0) }
    }

    private func isMet(_ need: Need) -> Bool {
        switch need {
        case .secondFactor: hasSecondFactor
        case .desktopSeat: hasDesktopSeat
        case .videoAccess: hasVideoAccess
        default: need.isMet(by: kinds)
        }
    }
}
