import Foundation

/// A FHIR R4 Bundle of type "collection": what one remote consultation writes back to the patient record.
public struct FHIRBundle: Codable, Sendable, Equatable {
    public var resourceType = "Bundle"
    public var type = "collection"
    /// When the bundle was put together (FHIR instant).
    public var timestamp: String?
    public var entry: [FHIRBundleEntry]

    public init(timestamp: String?, entry: [FHIRBundleEntry]) {
        self.timestamp = timestamp
        self.entry = entry
    }

    /// Pretty JSON with sorted keys and unescaped slashes, so that the same bundle always gives the same bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> FHIRBundle {
        try JSONDecoder().decode(FHIRBundle.self, from: data)
    }
}

/// One resource in a bundle, named by a "urn:uuid:…" that references inside the bundle point to.
public struct FHIRBundleEntry: Codable, Sendable, Equatable {
    public var fullUrl: String
    public var resource: FHIRResource

    public init(fullUrl: String, resource: FHIRResource) {
        self.fullUrl = fullUrl
        self.resource = resource
    }
}

/// The resources a write-back carries, told apart by their `resourceType`.
public enum FHIRResource: Codable, Sendable, Equatable {
    case patient(FHIRPatient)
    case encounter(FHIREncounter)
    case questionnaireResponse(FHIRQuestionnaireResponse)
    case communication(FHIRCommunication)

    public var resourceType: String {
        switch self {
        case .patient(let value): value.resourceType
        case .encounter(let value): value.resourceType
        case .questionnaireResponse(let value): value.resourceType
        case .communication(let value): value.resourceType
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        let type = try container.decode(String.self, forKey: .resourceType)
        switch type {
        case "Patient": self = .patient(try FHIRPatient(from: decoder))
        case "Encounter": self = .encounter(try FHIREncounter(from: decoder))
        case "QuestionnaireResponse": self = .questionnaireResponse(try FHIRQuestionnaireResponse(from: decoder))
        case "Communication": self = .communication(try FHIRCommunication(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .resourceType, in: container, debugDescription: "Unsupported FHIR resource type \(type).")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .patient(let value): try value.encode(to: encoder)
        case .encounter(let value): try value.encode(to: encoder)
        case .questionnaireResponse(let value): try value.encode(to: encoder)
        case .communication(let value): try value.encode(to: encoder)
        }
    }

    private enum TypeKey: String, CodingKey { case resourceType }
}

/// The UK Core profiles that the resources claim.
public enum UKCoreProfile {
    public static let base = "https://fhir.hl7.org.uk/StructureDefinition/"
    public static let patient = base + "UKCore-Patient"
    public static let encounter = base + "UKCore-Encounter"
    public static let questionnaireResponse = base + "UKCore-QuestionnaireResponse"
    public static let communication = base + "UKCore-Communication"
}

/// FHIR code systems and identifier systems used in the write-back.
public enum FHIRSystem {
    public static let nhsNumber = "https://fhir.nhs.uk/Id/nhs-number"
    public static let actCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
    public static let participationMode = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode"
}

/// `meta.profile`.
public struct FHIRMeta: Codable, Sendable, Equatable {
    public var profile: [String]
    public init(profile: [String]) { self.profile = profile }
}

/// A business identifier such as the NHS number.
public struct FHIRIdentifier: Codable, Sendable, Equatable {
    public var system: String
    public var value: String
    public init(system: String, value: String) {
        self.system = system
        self.value = value
    }
}

/// A reference to another resource in the bundle, by its fullUrl.
public struct FHIRReference: Codable, Sendable, Equatable {
    public var reference: String
    public init(reference: String) { self.reference = reference }
}

/// One code from a code system.
public struct FHIRCoding: Codable, Sendable, Equatable {
    public var system: String?
    public var code: String?
    public var display: String?
    public init(system: String?, code: String?, display: String?) {
        self.system = system
        self.code = code
        self.display = display
    }
}

/// Codes and/or text for one concept.
public struct FHIRCodeableConcept: Codable, Sendable, Equatable {
    public var coding: [FHIRCoding]?
    public var text: String?
    public init(coding: [FHIRCoding]? = nil, text: String? = nil) {
        self.coding = coding
        self.text = text
    }
}

/// A start and end as FHIR dateTimes.
public struct FHIRPeriod: Codable, Sendable, Equatable {
    public var start: String?
    public var end: String?
    public init(start: String?, end: String?) {
        self.start = start
        self.end = end
    }
}
