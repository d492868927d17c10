import Domain

// The Domain values stored as text in App's tables, each by its raw value.

extension AdminTopic: StoredText {}
extension DutyAlertReason: StoredText {}
extension DesktopHostProtocol: StoredText {}
extension RDPSignIn: StoredText {}
extension AssetKind: StoredText {}
extension ApprovalStep: StoredText {}
extension ApprovalVerdict: StoredText {}
extension AssetState: StoredText {}
extension BookingMode: StoredText {}
extension ConsultationOutcome: StoredText {}
extension ContactPreference: StoredText {}
extension EncryptionStatus: StoredText {}
extension EngagementKind: StoredText {}
extension Funder: StoredText {}
extension EstateRequestKind: StoredText {}
extension EstateRequestStatus: StoredText {}
extension Need: StoredText {}
extension OrganisationKind: StoredText {}
extension Outcome: StoredText {}
extension PatientSex: StoredText {}
extension PracticeStatus: StoredText {}
extension RedFlag: StoredText {}
extension RequestChannel: StoredText {}
extension RequestKind: StoredText {}
extension RequestSubject: StoredText {}
extension StaffRole: StoredText {}
extension TriageStatus: StoredText {}
extension Urgency: StoredText {}

/// A desktop host's state, stored by the name of its case.
extension HostState: StoredText {
    init?(storedText: String) {
        switch storedText {
        case "enabled": self = .enabled
        case "draining": self = .draining
        case "disabled": self = .disabled
        default: return nil
        }
    }

    var storedText: String {
        switch self {
        case .enabled: "enabled"
        case .draining: "draining"
        case .disabled: "disabled"
        }
    }
}

/// A desktop pool's placement, stored by the name of its case.
extension PlacementPolicy: StoredText {
    init?(storedText: String) {
        switch storedText {
        case "breadthFirst": self = .breadthFirst
        case "depthFirst": self = .depthFirst
        default: return nil
        }
    }

    var storedText: String {
        switch self {
        case .breadthFirst: "breadthFirst"
        case .depthFirst: "depthFirst"
        }
    }
}

/// A date of birth, an engagement's first or last day, a practice's opening date: stored as "2026-11-26".
extension CalendarDay: StoredText {
    init?(storedText: String) { self.init(storedText) }
    var storedText: String { iso }
}

/// A postcode, stored as written the Royal Mail way ("SW1A 1AA").
extension Postcode: StoredText {
    init?(storedText: String) { self.init(storedText) }
    var storedText: String { text }
}

/// A desktop pool's clipboard policy, stored by the name of its case ("off", "fromDesktop", "toDesktop", "both").
extension ClipboardPolicy: StoredText {}
