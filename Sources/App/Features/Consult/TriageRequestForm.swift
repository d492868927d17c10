import Foundation
import Vapor

/// What the patient's form sent, before any checks.
struct TriageRequestForm: Content {
    var submission: String?
    var redFlags: String?
    /// Who the request is for (`RequestSubject`), the screen's version and the server's proof that it was answered.
    var subject: String?
    var screenVersion: String?
    var screenProof: String?
    var kind: String?
    var adminTopic: String?
    var description: String?
    var givenName: String?
    var familyName: String?
    var dobDay: String?
    var dobMonth: String?
    var dobYear: String?
    var nhsNumber: String?
    var postcode: String?
    var sex: String?
    var mobile: String?
    var email: String?
    var contactPreference: String?
    var bestTimes: String?
    var consent: String?
    var photos: [File]?

    /// "yyyy-mm-dd" from the three date fields, or what was typed if it does not fit.
    var dateOfBirthText: String {
        let day = (dobDay ?? "").trimmingCharacters(in: .whitespaces)
        let month = (dobMonth ?? "").trimmingCharacters(in: .whitespaces)
        let year = (dobYear ?? "").trimmingCharacters(in: .whitespaces)
        guard let d = Int(day), let m = Int(month), let y = Int(year) else { return "\(year)-\(month)-\(day)" }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}
