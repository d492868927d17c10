import Foundation

/// How the patient would like the practice to reach them.
public enum ContactPreference: String, CaseIterable, Codable, Sendable {
    case sms, email, phone

    public var displayName: String {
        switch self {
        case .sms: "Text message"
        case .email: "Email"
        case .phone: "Phone call"
        }
    }
}

/// The patient's own details as typed into the online form, before any checks. Every field is what the browser
/// sent, or nil when it sent nothing.
public struct PatientDetailsInput: Sendable, Equatable {
    public var givenName: String?
    public var familyName: String?
    /// "1980-04-28", or "28/04/1980" (the caller may join separate day, month and year boxes either way).
    public var dateOfBirth: String?
    public var nhsNumber: String?
    /// "SW1A 1AA" in any case and spacing.
    public var postcode: String?
    /// `PatientSex.rawValue`: "female", "male", "other" or "not-said".
    public var sex: String?
    public var mobile: String?
    public var email: String?
    /// "sms", "email" or "phone".
    public var contactPreference: String?
    public var bestTimes: String?
    /// "yes" when the consent box is ticked.
    public var consent: String?

    public init(
        givenName: String? = nil, familyName: String? = nil, dateOfBirth: String? = nil, nhsNumber: String? = nil,
        postcode: String? = nil, sex: String? = nil, mobile: String? = nil, email: String? = nil, contactPreference: String? = nil,
        bestTimes: String? = nil, consent: String? = nil
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.nhsNumber = nhsNumber
        self.postcode = postcode
        self.sex = sex
        self.mobile = mobile
        self.email = email
        self.contactPreference = contactPreference
        self.bestTimes = bestTimes
        self.consent = consent
    }

    /// Checks every field at once, so that the form can show every problem together.
    public func validate(today: CalendarDay) -> Result<PatientDetails, PatientDetailsProblems> {
        var problems: [PatientDetailsProblems.Problem] = []
        func note(_ field: PatientDetailsField, _ message: String) { problems.append(.init(field: field, message: message)) }

        let given = PatientDetailsRules.name(givenName, label: "first name")
        if case .failure(let message) = given { note(.givenName, message) }
        let family = PatientDetailsRules.name(familyName, label: "last name")
        if case .failure(let message) = family { note(.familyName, message) }

        let birth = PatientDetailsRules.dateOfBirth(dateOfBirth, today: today)
        if case .failure(let message) = birth { note(.dateOfBirth, message) }

        var nhs: NHSNumber?
        if let text = PatientDetailsRules.present(nhsNumber) {
            do { nhs = try NHSNumber(text) } catch {
                note(.nhsNumber, "Check your NHS number: it has 10 digits, like 999 000 0018. If you do not know it, leave it blank.")
            }
        }

        let postcodeText = PatientDetailsRules.present(postcode)
        let postcodeValue = postcodeText.flatMap(Postcode.init)
        if postcodeText == nil {
            note(.postcode, "Enter your postcode, like SW1A 1AA.")
        } else if postcodeValue == nil {
            note(.postcode, "Enter a UK postcode, like SW1A 1AA.")
        }
        let sexValue = PatientDetailsRules.present(sex).flatMap { PatientSex(rawValue: $0.lowercased()) }
        if sexValue == nil { note(.sex, "Choose your sex, or prefer not to say.") }

        let mobileText = PatientDetailsRules.present(mobile)
        let mobileE164 = mobileText.flatMap(PatientDetailsRules.ukMobile)
        if mobileText != nil && mobileE164 == nil {
            note(.mobile, "Enter a UK mobile number, like 07700 900123 or +44 7700 900123.")
        }
        let emailText = PatientDetailsRules.present(email)
        let emailValue = emailText.flatMap(PatientDetailsRules.email)
        if emailText != nil && emailValue == nil {
            note(.email, "Enter your email address in the right form, like name@example.com.")
        }

        let preference = PatientDetailsRules.present(contactPreference).flatMap { ContactPreference(rawValue: $0.lowercased()) }
        switch preference {
        case nil:
            note(.contactPreference, "Choose how you would like the practice to contact you.")
        case .sms?, .phone?:
            if mobileText == nil {
                note(.mobile, "Enter your mobile number so that the practice can \(preference == .sms ? "text" : "call") you.")
            }
        case .email?:
            if emailText == nil { note(.email, "Enter your email address so that the practice can email you.") }
        }

        var times: String?
        if let text = PatientDetailsRules.present(bestTimes) {
            do throws(FreeTextProblem) { times = try FreeText.clean(text, limit: 500) } catch { note(.bestTimes, error.message) }
        }

        if PatientDetailsRules.present(consent)?.lowercased() != "yes" {
            note(.consent, "Tick the box to agree that the practice may use these details to deal with your request.")
        }

        guard problems.isEmpty, case .success(let givenName) = given, case .success(let familyName) = family,
            case .success(let dateOfBirth) = birth, let preference, let postcodeValue, let sexValue
        else { return .failure(PatientDetailsProblems(problems: problems)) }
        return .success(
            PatientDetails(
                givenName: givenName, familyName: familyName, dateOfBirth: dateOfBirth, nhsNumber: nhs,
                postcode: postcodeValue, sex: sexValue, mobileE164: mobileE164, email: emailValue, contactPreference: preference,
                bestTimes: times.flatMap { $0.isEmpty ? nil : $0 }))
    }
}

/// The patient's details, checked and normalised: names trimmed, the mobile number in +447… form.
public struct PatientDetails: Sendable, Equatable, Codable {
    public var givenName: String
    public var familyName: String
    public var dateOfBirth: CalendarDay
    public var nhsNumber: NHSNumber?
    public var postcode: Postcode
    public var sex: PatientSex
    /// "+447700900123".
    public var mobileE164: String?
    public var email: String?
    public var contactPreference: ContactPreference
    public var bestTimes: String?

    public init(
        givenName: String, familyName: String, dateOfBirth: CalendarDay, nhsNumber: NHSNumber?, postcode: Postcode, sex: PatientSex,
        mobileE164: String?, email: String?, contactPreference: ContactPreference, bestTimes: String?
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.nhsNumber = nhsNumber
        self.postcode = postcode
        self.sex = sex
        self.mobileE164 = mobileE164
        self.email = email
        self.contactPreference = contactPreference
        self.bestTimes = bestTimes
    }
}

/// A field of the patient's details form; the raw value is the form field's name.
public enum PatientDetailsField: String, CaseIterable, Codable, Sendable {
    case givenName, familyName, dateOfBirth, nhsNumber, postcode, sex, mobile, email, contactPreference, bestTimes, consent
}

/// Everything wrong with the details a patient typed, field by field, in form order.
public struct PatientDetailsProblems: Error, Sendable, Equatable {
    /// One thing for the patient to fix.
    public struct Problem: Sendable, Equatable {
        public let field: PatientDetailsField
        public let message: String
    }

    public let problems: [Problem]

    /// The first message for `field`, to show beside it.
    public func message(for field: PatientDetailsField) -> String? {
        problems.first { $0.field == field }?.message
    }

    /// The fields with problems, each once.
    public var fields: Set<PatientDetailsField> { Set(problems.map(\.field)) }
}
