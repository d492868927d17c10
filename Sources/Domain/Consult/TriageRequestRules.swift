import Foundation

/// What the patient is asking for: help with a health problem, or admin.
public enum RequestKind: String, CaseIterable, Codable, Sendable {
    case medical
    case admin

    public var displayName: String {
        switch self {
        case .medical: "Medical problem"
        case .admin: "Admin request"
        }
    }
}

/// The kind of admin request, so that reception can route it without reading it twice.
public enum AdminTopic: String, CaseIterable, Codable, Sendable {
    case fitNote
    case repeatPrescription
    case testResults
    case other

    public var displayName: String {
        switch self {
        case .fitNote: "Fit note (sick note)"
        case .repeatPrescription: "Repeat prescription"
        case .testResults: "Test results"
        case .other: "Something else"
        }
    }
}

/// How soon the practice should act on a request, as set by whoever triages it.
public enum Urgency: String, CaseIterable, Codable, Sendable, Comparable {
    case routine
    case soon
    case today

    public var displayName: String {
        switch self {
        case .routine: "Routine"
        case .soon: "Soon (within 2 to 3 days)"
        case .today: "Today"
        }
    }

    /// 0 for routine, 1 for soon, 2 for today: the part of `TriageOrder.rank` that urgency gives.
    var rank: Int {
        switch self {
        case .routine: 0
        case .soon: 1
        case .today: 2
        }
    }

    public static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.rank < rhs.rank }
}

/// Where a request stands in the triage queue.
public enum TriageStatus: String, CaseIterable, Codable, Sendable {
    case new
    case inTriage
    case waitingForPatient
    case booked
    case closed

    public var displayName: String {
        switch self {
        case .new: "New"
        case .inTriage: "In triage"
        case .waitingForPatient: "Waiting for patient"
        case .booked: "Booked"
        case .closed: "Closed"
        }
    }

    /// Whether a request may go from this status to `next`. Staying put is not a move (false);
    /// a closed request stays closed: the patient sends a new one.
    public func canMove(to next: TriageStatus) -> Bool {
        switch (self, next) {
        case (.new, .inTriage): true
        case (.inTriage, .waitingForPatient), (.inTriage, .booked), (.inTriage, .closed): true
        case (.waitingForPatient, .inTriage), (.waitingForPatient, .booked), (.waitingForPatient, .closed): true
        case (.booked, .closed), (.booked, .inTriage): true
        default: false
        }
    }

    /// Every status this one may move to, in the order of `allCases`.
    public var nextStatuses: [TriageStatus] { Self.allCases.filter { canMove(to: $0) } }
}

/// How a booked consultation takes place.
public enum BookingMode: String, CaseIterable, Codable, Sendable {
    case video
    case phone
    case faceToFace

    public var displayName: String {
        switch self {
        case .video: "Video call"
        case .phone: "Phone call"
        case .faceToFace: "Face to face"
        }
    }
}

/// What came of a request when it was closed; written back to the patient record.
public enum Outcome: String, CaseIterable, Codable, Sendable {
    case selfCare
    case prescriptionIssued
    case adviceGiven
    case appointmentBooked
    case referred
    case signposted
    case other

    public var displayName: String {
        switch self {
        case .selfCare: "Self-care advice"
        case .prescriptionIssued: "Prescription issued"
        case .adviceGiven: "Advice given"
        case .appointmentBooked: "Appointment booked"
        case .referred: "Referred"
        case .signposted: "Signposted to another service"
        case .other: "Other"
        }
    }
}
