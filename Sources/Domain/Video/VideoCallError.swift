import Foundation

/// Why a video consultation cannot do what was asked of it.
public enum VideoCallError: Error, Equatable, Sendable {
    case alreadyEnded(ConsultationOutcome)
    case alreadyWaiting
    case alreadyInCall
    case notArrived
    case stillInCall
    case notInCall
    case useSwitchToPhone
    case patientAttended
    case patientNotSeen(ConsultationOutcome)
    case notAdmitted
    case callNotStarted
    case roomFull

    /// What to tell the clinician or receptionist.
    public var message: String {
        switch self {
        case .alreadyEnded(let outcome):
            "This video consultation has already ended (\(outcome.displayName)). Book a new one if the patient still needs to be seen."
        case .alreadyWaiting:
            "The patient is already in the waiting room."
        case .alreadyInCall:
            "The patient is already in the call."
        case .notArrived:
            "The patient is not in the waiting room yet. They join by opening the link in their text or email; "
                + "if they cannot, switch to phone."
        case .stillInCall:
            "The patient is in the call. Send them back to the waiting room or end the call first."
        case .notInCall:
            "The patient is not in the call, so they cannot be sent back to the waiting room."
        case .useSwitchToPhone:
            "Use \"Switch to phone\" to carry on by phone, so that the change is recorded and the number to call is shown."
        case .patientAttended:
            "The patient came to the waiting room, so this is not a \"did not attend\". "
                + "Admit them, switch to phone, or end with what was done."
        case .patientNotSeen(let outcome):
            "The patient has not joined, so the consultation cannot end with \"\(outcome.displayName)\". "
                + "Record \"Did not attend\", or switch to phone."
        case .notAdmitted:
            "The patient stays in the waiting room until the clinician admits them."
        case .callNotStarted:
            "The call has not started yet. A guest can join once the clinician has brought the patient into the call: "
                + "ask them to try their link again then."
        case .roomFull:
            "The call already has \(VideoCallState.maximumParticipants) people, the most a video call can hold. "
                + "Someone must leave before anyone else can join."
        }
    }
}
