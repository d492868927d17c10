import Domain
import Testing

@Suite struct StaffRoleTests {
    @Test func displayNamesAndRawValues() {
        #expect(StaffRole.allCases.map(\.displayName) == [
            "GP", "Nurse", "Pharmacist", "Receptionist", "Practice manager", "Commissioner IT lead", "National admin",
            "System admin",
        ])
        #expect(StaffRole.practiceManager.rawValue == "practice_manager")
        #expect(StaffRole.commissionerITLead.rawValue == "commissioner_it_lead")
        #expect(EngagementKind.allCases.map(\.displayName) == ["Permanent", "Locum", "Returning GP"])
    }

    @Test(arguments: [StaffRole.gp, .nurse, .pharmacist])
    func cliniciansConsultButDoNotAdminister(role: StaffRole) {
        #expect(role.permissions == [.viewStaff, .viewOrganisations, .triageRequests, .consultByVideo, .openDesktop, .viewOwnKit])
    }

    @Test func receptionistTriagesButDoesNotConsult() {
        let permissions = StaffRole.receptionist.permissions
        #expect(permissions == [.viewStaff, .viewOrganisations, .triageRequests, .openDesktop, .viewOwnKit])
        #expect(!permissions.contains(.consultByVideo))
    }

    @Test func practiceManagerHasReceptionPlusAdministration() {
        let permissions = StaffRole.practiceManager.permissions
        #expect(permissions.isSuperset(of: StaffRole.receptionist.permissions))
        #expect(
            permissions.subtracting(StaffRole.receptionist.permissions)
                == [
                    .inviteStaff, .endEngagements, .viewAudit, .manageAPITokens, .viewEstate, .manageEstate, .manageOnlineRequests,
                    .viewActivity,
                ])
    }

    @Test func commissionerFundsButCannotTriage() {
        let permissions = StaffRole.commissionerITLead.permissions
        #expect(permissions.contains(.approveFunding))
        #expect(permissions.contains(.manageDesktopPools))
        #expect(!permissions.contains(.approveNationalFunding))
        #expect(!permissions.contains(.triageRequests))
        #expect(!permissions.contains(.openDesktop))
    }

    @Test func nationalAdminApprovesNationalFunding() {
        let permissions = StaffRole.nationalAdmin.permissions
        #expect(
            permissions == [
                .viewOrganisations, .viewOwnKit, .viewEstate, .approveFunding, .approveNationalFunding, .viewAudit, .inviteStaff, .viewStaff,
                .viewActivity,
            ])
    }

    @Test func systemAdminHasEverything() {
        #expect(StaffRole.systemAdmin.permissions == Set(Permission.allCases))
        #expect(StaffRole.allCases.filter { $0 != .systemAdmin }.allSatisfy { !$0.permissions.contains(.manageOrganisations) })
    }

    @Test func permissionsForSeveralRolesAreTheUnion() {
        // MUT
        let combined = StaffRole.permissions(for: [.receptionist, .commissionerITLead])
        // validate
        #expect(combined == StaffRole.receptionist.permissions.union(StaffRole.commissionerITLead.permissions))
        #expect(StaffRole.permissions(for: [StaffRole]()).isEmpty)
        #expect(StaffRole.permissions(for: Set([StaffRole.gp])) == StaffRole.gp.permissions)
    }
}
