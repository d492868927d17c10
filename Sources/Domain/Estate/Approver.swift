import Foundation

/// A person about to decide a kit request, as the approval chain sees them: what they act for and may do. Which steps
/// they may decide follows from that alone, so the request pages and the decision itself ask the same rule.
public struct Approver: Equatable, Sendable {
    /// The kind of organisation the person is acting for now.
    public var actingKind: OrganisationKind
    /// Roles held at the acting organisation.
    public var roles: Set<StaffRole>
    /// What those roles allow.
    public var permissions: Set<Permission>
    /// The person acts for the practice that raised the request.
    public var actsForRequester: Bool
    /// The acting organisation commissions the practice that raised the request.
    public var commissionsRequester: Bool

    public init(
        actingKind: OrganisationKind, roles: Set<StaffRole>, permissions: Set<Permission>, actsForRequester: Bool,
        commissionsRequester: Bool
    ) {
        self.actingKind = actingKind
        self.roles = roles
        self.permissions = permissions
        self.actsForRequester = actsForRequester
        self.commissionsRequester = commissionsRequester
    }

    /// The steps this person may decide: the requesting practice's manager the first; a commissioner's IT lead (an ICB
    /// or sub-ICB commissioning the practice) the second; a national approver the third.
    public var steps: Set<ApprovalStep> {
        var steps = Set<ApprovalStep>()
        if actsForRequester, roles.contains(.practiceManager) { steps.insert(.practiceManager) }
        if permissions.contains(.approveFunding), actingKind == .subICB || actingKind == .icb, commissionsRequester {
            steps.insert(.commissionerITLead)
        }
        if permissions.contains(.approveNationalFunding), actingKind == .national { steps.insert(.national) }
        return steps
    }
}
