import Foundation

/// Builds the FHIR bundle for one finished remote consultation from plain values, so that the app's own models
/// never leak into the record format.
public enum FHIRWriteBack {
    /// Who the patient is, as the practice knows them.
    public struct PatientInput: Sendable, Equatable {
        public var givenName: String
        public var familyName: String
        public var dateOfBirth: CalendarDay
        public var nhsNumber: NHSNumber?
        /// "+447700900123".
        public var mobileE164: String?
        public var email: String?
        /// Absent on requests sent before the form asked.
        public var postcode: Postcode?
        public var sex: PatientSex?

        public init(
            givenName: String, familyName: String, dateOfBirth: CalendarDay, nhsNumber: NHSNumber?, mobileE164: String?,
            email: String?, postcode: Postcode? = nil, sex: PatientSex? = nil
        ) {
            self.postcode = postcode
            self.sex = sex
            self.givenName = givenName
            self.familyName = familyName
            self.dateOfBirth = dateOfBirth
            self.nhsNumber = nhsNumber
            self.mobileE164 = mobileE164
            self.email = email
        }
    }

    /// When the consultation ran, and what came of it in words (the outcome's display name and any note).
    public struct EncounterInput: Sendable, Equatable {
        public var start: Date
        public var end: Date
        public var summary: String?

        public init(start: Date, end: Date, summary: String? = nil) {
            self.start = start
            self.end = end
            self.summary = summary
        }
    }

    /// One message sent to the patient or received from them.
    public struct MessageInput: Sendable, Equatable {
        /// Which way the message went and by what route.
        public enum Route: Sendable, Equatable {
            case smsToPatient
            case emailToPatient
            case replyFromPatient
        }

        public var route: Route
        public var text: String
        public var sentAt: Date

        public init(route: Route, text: String, sentAt: Date) {
            self.route = route
            self.text = text
            self.sentAt = sentAt
        }
    }

    /// The bundle: the Patient, the Encounter, the QuestionnaireResponse (when there are answers) and one Communication
    /// per message, each under a fresh "urn:uuid:" that the others reference.
    public static func bundle(
        patient: PatientInput, encounter: EncounterInput, answers: [(question: String, answer: String)], answeredAt: Date,
        messages: [MessageInput], timestamp: Date = Date(), newID: () -> UUID = { UUID() }
    ) -> FHIRBundle {
        func fullUrl() -> String { "urn:uuid:\(newID().uuidString.lowercased())" }
        let patientURL = fullUrl(), encounterURL = fullUrl()
        let subject = FHIRReference(reference: patientURL)
        let encounterReference = FHIRReference(reference: encounterURL)

        var entries = [
            FHIRBundleEntry(fullUrl: patientURL, resource: .patient(fhirPatient(patient))),
            FHIRBundleEntry(
                fullUrl: encounterURL,
                resource: .encounter(
                    FHIREncounter(
                        subject: subject, period: FHIRPeriod(start: dateTime(encounter.start), end: dateTime(encounter.end)),
                        reasonCode: encounter.summary.map { [FHIRCodeableConcept(text: $0)] }))),
        ]
        if !answers.isEmpty {
            let items = answers.enumerated().map { index, pair in
                FHIRQuestionnaireResponse.Item(
                    linkId: String(index + 1), text: pair.question, answer: [.init(valueString: pair.answer)])
            }
            let response = FHIRQuestionnaireResponse(
                subject: subject, encounter: encounterReference, authored: dateTime(answeredAt), item: items)
            entries.append(FHIRBundleEntry(fullUrl: fullUrl(), resource: .questionnaireResponse(response)))
        }
        for message in messages {
            let inbound = message.route == .replyFromPatient
            let mode: (code: String, display: String) =
                switch message.route {
                case .smsToPatient: ("SMSWRIT", "SMS message")
                case .emailToPatient: ("EMAILWRIT", "email")
                case .replyFromPatient: ("ONLINEWRIT", "online written")
                }
            let communication = FHIRCommunication(
                category: [FHIRCodeableConcept(text: inbound ? "inbound" : "outbound")],
                medium: [
                    FHIRCodeableConcept(coding: [
                        FHIRCoding(system: FHIRSystem.participationMode, code: mode.code, display: mode.display)
                    ])
                ],
                subject: subject, encounter: encounterReference, sent: dateTime(message.sentAt),
                sender: inbound ? subject : nil, recipient: inbound ? nil : [subject],
                payload: [.init(contentString: message.text)])
            entries.append(FHIRBundleEntry(fullUrl: fullUrl(), resource: .communication(communication)))
        }
        return FHIRBundle(timestamp: dateTime(timestamp), entry: entries)
    }

    private static func fhirPatient(_ patient: PatientInput) -> FHIRPatient {
        var telecom: [FHIRPatient.ContactPoint] = []
        if let mobile = patient.mobileE164 { telecom.append(.init(system: "phone", value: mobile, use: "mobile")) }
        if let email = patient.email { telecom.append(.init(system: "email", value: email, use: "home")) }
        return FHIRPatient(
            identifier: patient.nhsNumber.map { [FHIRIdentifier(system: FHIRSystem.nhsNumber, value: $0.digits)] },
            name: [.init(family: patient.familyName, given: [patient.givenName])],
            gender: patient.sex?.fhirGender,
            birthDate: patient.dateOfBirth.iso,
            address: patient.postcode.map { [FHIRPatient.Address(postalCode: $0.text)] },
            telecom: telecom.isEmpty ? nil : telecom)
    }

    /// A FHIR dateTime in UTC: "2026-03-27T10:00:00Z".
    static func dateTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
