import Foundation

/// What a person does in an organisation; each role brings a set of permissions.
public enum StaffRole: String, CaseIterable, Codable, Sendable {
    case gp, nurse, pharmacist, receptionist
    case practiceManager = "practice_manager"
    case commissionerITLead = "commissioner_it_lead"
    case nationalAdmin = "national_admin"
    case systemAdmin = "system_admin"

    /// The role as staff name it.
    public var displayName: String {
        switch self {
        case .gp: "GP"
        case .nurse: "Nurse"
        case .pharmacist: "Pharmacist"
        case .receptionist: "Receptionist"
        case .practiceManager: "Practice manager"
        case .commissionerITLead: "Commissioner IT lead"
        case .nationalAdmin: "National admin"
        case .systemAdmin: "System admin"
        }
    }

    /// What a person in this role may do.
    public var permissions: Set<Permission> {
        switch self {
        case .gp, .nurse, .pharmacist:
            [.viewStaff, .viewOrganisations, .triageRequests, .consultByVideo, .openDesktop, .viewOwnKit]
        case .receptionist:
            Self.receptionistPermissions
        case .practiceManager:
            Self.receptionistPermissions.union([
                .inviteStaff, .endEngagements, .viewAudit, .manageAPITokens, .viewEstate, .manageEstate, .manageOnlineRequests, .viewActivity,
            ])
        case .commissionerITLead:
            [
                .viewStaff, .viewOrganisations, .viewAudit, .viewOwnKit, .viewEstate, .manageEstate, .approveFunding,
                .manageDesktopPools, .manageAPITokens, .inviteStaff, .viewActivity,
            ]
        case .nationalAdmin:
            [
                .viewOrganisations, .viewOwnKit, .viewEstate, .approveFunding, .approveNationalFunding, .viewAudit, .inviteStaff, .viewStaff,
                .viewActivity,
            ]
        case .systemAdmin:
            Set(Permission.allCases)
        }
    }

    private static let receptionistPermissions: Set<Permission> = [
        .viewStaff, .viewOrganisations, .triageRequests, .openDesktop, .viewOwnKit,
    ]

    /// Everything a person holding all of `roles` may do.
    public static func permissions(for roles: some Sequence<StaffRole>) -> Set<Permission> {
        roles.reduce(into: Set<Permission>()) { $0.formUnion($1.permissions) }
    }
}

/// How a person is engaged: locums and returners are as much staff as permanent employees.
public enum EngagementKind: String, CaseIterable, Codable, Sendable {
    case permanent, locum, returner

    /// The kind as staff name it.
    public var displayName: String {
        switch self {
        case .permanent: "Permanent"
        case .locum: "Locum"
        case .returner: "Returning GP"
        }
    }
}

/// One thing a person may do in the system.
public enum Permission: String, CaseIterable, Codable, Sendable {
    case viewStaff, inviteStaff, endEngagements, viewAudit, manageAPITokens, viewOrganisations, manageOrganisations
    /// `viewOwnKit`: one's own kit, devices and claims; `viewEstate`: other people's kit and readiness, for those who
    /// manage or fund the estate of the organisations they act for.
    case triageRequests, consultByVideo, openDesktop, manageDesktopPools, viewOwnKit, viewEstate, manageEstate, approveFunding
    case approveNationalFunding
    /// Set the practice's hours, cap, reply promise and message templates for online requests.
    case manageOnlineRequests
    /// Read the monthly online and video consultation activity of the practices in scope (counts, no patients).
    case viewActivity
}
