import Foundation

/// How a video consultation ended, as the clinician records it when they end the call.
public enum ConsultationOutcome: String, CaseIterable, Codable, Sendable {
    case adviceGiven
    case selfCare
    case prescriptionIssued
    case faceToFaceBooked
    case referred
    case signposted
    case switchedToPhone
    case didNotAttend

    public var displayName: String {
        switch self {
        case .adviceGiven: "Advice given"
        case .selfCare: "Self-care advice"
        case .prescriptionIssued: "Prescription issued"
        case .faceToFaceBooked: "Face-to-face appointment booked"
        case .referred: "Referred"
        case .signposted: "Signposted to another service"
        case .switchedToPhone: "Switched to a phone call"
        case .didNotAttend: "Did not attend"
        }
    }

    /// True when the patient was seen by video, so that a clinical outcome makes sense.
    public var patientWasSeen: Bool {
        switch self {
        case .adviceGiven, .selfCare, .prescriptionIssued, .faceToFaceBooked, .referred, .signposted: true
        case .switchedToPhone, .didNotAttend: false
        }
    }

    /// The triage outcome this closes the request with, or nil when the request stays open: after a switch to phone
    /// the clinician records the outcome of the phone call, and after a missed call the practice decides what next.
    public var triageOutcome: Outcome? {
        switch self {
        case .adviceGiven: .adviceGiven
        case .selfCare: .selfCare
        case .prescriptionIssued: .prescriptionIssued
        case .faceToFaceBooked: .appointmentBooked
        case .referred: .referred
        case .signposted: .signposted
        case .switchedToPhone, .didNotAttend: nil
        }
    }

    /// What ending the video consultation does to the triage request it was booked from.
    public var requestFollowUp: RequestFollowUp {
        switch self {
        case .switchedToPhone: .continueAs(.phone)
        case .didNotAttend: .returnToTriage(note: "Did not attend the video consultation.")
        default: triageOutcome.map { .close($0) } ?? .returnToTriage(note: displayName)
        }
    }
}

/// What happens to a triage request when the video consultation booked from it ends.
public enum RequestFollowUp: Sendable, Equatable {
    /// Close the request with this outcome; it is written back to the patient record.
    case close(Outcome)
    /// The request stays booked, now in this mode; the clinician closes it once that consultation is over.
    case continueAs(BookingMode)
    /// The request goes back to the triage queue with this note, so that the practice decides whether to rebook.
    case returnToTriage(note: String)

    /// The status the request moves to from `.booked`.
    public var status: TriageStatus {
        switch self {
        case .close: .closed
        case .continueAs: .booked
        case .returnToTriage: .inTriage
        }
    }
}
