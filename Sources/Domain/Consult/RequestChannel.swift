import Foundation

/// Who filled in an online request: the patient, someone on their behalf (a parent, a carer), or practice staff
/// typing it in for a patient who phoned or walked in. Requests stored before this was recorded count as `.patient`.
public enum RequestChannel: String, CaseIterable, Codable, Sendable {
    case patient
    case proxy
    case staffOnBehalf

    public var displayName: String {
        switch self {
        case .patient: "Patient"
        case .proxy: "Proxy (parent or carer)"
        case .staffOnBehalf: "Staff on behalf of the patient"
        }
    }
}
