import Foundation

/// The patient, as UK Core describes them.
public struct FHIRPatient: Codable, Sendable, Equatable {
    public var resourceType = "Patient"
    public var meta = FHIRMeta(profile: [UKCoreProfile.patient])
    /// The NHS number, when known; otherwise absent.
    public var identifier: [FHIRIdentifier]?
    public var name: [Name]
    /// "female", "male", "other" or "unknown" (`PatientSex.fhirGender`); absent when not asked.
    public var gender: String?
    public var birthDate: String
    public var address: [Address]?
    public var telecom: [ContactPoint]?

    /// Where the patient lives, as far as the form asks: the postcode.
    public struct Address: Codable, Sendable, Equatable {
        public var use: String?
        public var postalCode: String
        public init(use: String? = "home", postalCode: String) {
            self.use = use
            self.postalCode = postalCode
        }
    }

    /// A person's name: family name and given names.
    public struct Name: Codable, Sendable, Equatable {
        public var use: String?
        public var family: String
        public var given: [String]
        public init(use: String? = "official", family: String, given: [String]) {
            self.use = use
            self.family = family
            self.given = given
        }
    }

    /// A phone number or email address.
    public struct ContactPoint: Codable, Sendable, Equatable {
        /// "phone" or "email".
        public var system: String
        public var value: String
        /// "mobile" or "home".
        public var use: String?
        public init(system: String, value: String, use: String?) {
            self.system = system
            self.value = value
            self.use = use
        }
    }

    public init(
        identifier: [FHIRIdentifier]?, name: [Name], gender: String? = nil, birthDate: String, address: [Address]? = nil,
        telecom: [ContactPoint]?
    ) {
        self.identifier = identifier
        self.name = name
        self.gender = gender
        self.birthDate = birthDate
        self.address = address
        self.telecom = telecom
    }
}

/// The remote consultation itself: finished, virtual.
public struct FHIREncounter: Codable, Sendable, Equatable {
    public var resourceType = "Encounter"
    public var meta = FHIRMeta(profile: [UKCoreProfile.encounter])
    public var status = "finished"
    /// `class` in FHIR: VR (virtual) from v3 ActCode.
    public var encounterClass = FHIRCoding(system: FHIRSystem.actCode, code: "VR", display: "virtual")
    public var subject: FHIRReference
    public var period: FHIRPeriod
    /// What the consultation was about and what came of it, as text.
    public var reasonCode: [FHIRCodeableConcept]?

    public init(subject: FHIRReference, period: FHIRPeriod, reasonCode: [FHIRCodeableConcept]? = nil) {
        self.subject = subject
        self.period = period
        self.reasonCode = reasonCode
    }

    private enum CodingKeys: String, CodingKey {
        case resourceType, meta, status, encounterClass = "class", subject, period, reasonCode
    }
}

/// The patient's answers on the online form.
public struct FHIRQuestionnaireResponse: Codable, Sendable, Equatable {
    public var resourceType = "QuestionnaireResponse"
    public var meta = FHIRMeta(profile: [UKCoreProfile.questionnaireResponse])
    public var status = "completed"
    public var subject: FHIRReference
    public var encounter: FHIRReference?
    public var authored: String
    public var item: [Item]

    /// One question and its answer.
    public struct Item: Codable, Sendable, Equatable {
        public var linkId: String
        public var text: String
        public var answer: [Answer]
        public init(linkId: String, text: String, answer: [Answer]) {
            self.linkId = linkId
            self.text = text
            self.answer = answer
        }
    }

    /// An answer as free text.
    public struct Answer: Codable, Sendable, Equatable {
        public var valueString: String
        public init(valueString: String) { self.valueString = valueString }
    }

    public init(subject: FHIRReference, encounter: FHIRReference?, authored: String, item: [Item]) {
        self.subject = subject
        self.encounter = encounter
        self.authored = authored
        self.item = item
    }
}

/// One message between the practice and the patient.
public struct FHIRCommunication: Codable, Sendable, Equatable {
    public var resourceType = "Communication"
    public var meta = FHIRMeta(profile: [UKCoreProfile.communication])
    public var status = "completed"
    /// "inbound" (from the patient) or "outbound" (to the patient), as text.
    public var category: [FHIRCodeableConcept]?
    /// SMSWRIT, EMAILWRIT or ONLINEWRIT from v3 ParticipationMode.
    public var medium: [FHIRCodeableConcept]?
    public var subject: FHIRReference
    public var encounter: FHIRReference?
    public var sent: String
    /// The patient when the message came from them.
    public var sender: FHIRReference?
    /// The patient when the message went to them.
    public var recipient: [FHIRReference]?
    public var payload: [Payload]

    /// The words of the message.
    public struct Payload: Codable, Sendable, Equatable {
        public var contentString: String
        public init(contentString: String) { self.contentString = contentString }
    }

    public init(
        category: [FHIRCodeableConcept]?, medium: [FHIRCodeableConcept]?, subject: FHIRReference,
        encounter: FHIRReference?, sent: String, sender: FHIRReference?, recipient: [FHIRReference]?, payload: [Payload]
    ) {
        self.category = category
        self.medium = medium
        self.subject = subject
        self.encounter = encounter
        self.sent = sent
        self.sender = sender
        self.recipient = recipient
        self.payload = payload
    }
}
