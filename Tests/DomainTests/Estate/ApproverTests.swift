import Domain
import Testing

/// Which steps of the approval chain a person may decide.
struct ApproverTests {
    private func approver(
        _ kind: OrganisationKind, _ roles: Set<StaffRole>, actsForRequester: Bool = false, commissionsRequester: Bool = false
    ) -> Approver {
        Approver(
            actingKind: kind, roles: roles, permissions: StaffRole.permissions(for: roles), actsForRequester: actsForRequester,
            commissionsRequester: commissionsRequester)
    }

    @Test func thePracticesManagerDecidesTheFirstStepOnly() {
        #expect(approver(.practice, [.practiceManager], actsForRequester: true).steps == [.practiceManager])
        // another practice's manager decides nothing
        #expect(approver(.practice, [.practiceManager]).steps.isEmpty)
        // a GP of the practice decides nothing
        #expect(approver(.practice, [.gp], actsForRequester: true).steps.isEmpty)
    }

    @Test func aCommissionersITLeadDecidesOnlyForPracticesItCommissions() {
        #expect(approver(.icb, [.commissionerITLead], commissionsRequester: true).steps == [.commissionerITLead])
        #expect(approver(.subICB, [.commissionerITLead], commissionsRequester: true).steps == [.commissionerITLead])
        #expect(approver(.icb, [.commissionerITLead]).steps.isEmpty)
        // the role alone is not enough when acting for a practice
        #expect(approver(.practice, [.commissionerITLead], actsForRequester: true, commissionsRequester: true).steps.isEmpty)
    }

    @Test func aNationalAdminDecidesTheNationalStepWhenActingNationally() {
        #expect(approver(.national, [.nationalAdmin]).steps == [.national])
        #expect(approver(.icb, [.nationalAdmin], commissionsRequester: true).steps == [.commissionerITLead])
    }
}
