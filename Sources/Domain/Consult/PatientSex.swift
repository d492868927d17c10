import Foundation

/// The patient's sex as the NHS asks it on a form, stored by these raw values. Each maps to the FHIR
/// AdministrativeGender code that UK Core and PDS use (male | female | other | unknown).
public enum PatientSex: String, CaseIterable, Codable, Sendable {
    case female, male, other
    /// "Prefer not to say": recorded as unknown, never guessed.
    case notSaid = "not-said"

    /// What the form's option says.
    public var displayName: String {
        switch self {
        case .female: "Female"
        case .male: "Male"
        case .other: "Other"
        case .notSaid: "Prefer not to say"
        }
    }

    /// The code in `Patient.gender` (http://hl7.org/fhir/administrative-gender).
    public var fhirGender: String {
        switch self {
        case .female: "female"
        case .male: "male"
        case .other: "other"
        case .notSaid: "unknown"
        }
    }
}
