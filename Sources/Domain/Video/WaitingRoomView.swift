import Foundation

/// All that one waiting patient is told about the line: their own place, their estimated wait and the clinician's
/// running-late message. It holds nothing else (no other patient's id, name or slot, nor how long the line is), so
/// no page or socket message built from it can leak another patient.
public struct WaitingRoomView: Sendable, Equatable, Codable {
    /// 1 is next.
    public let place: Int
    /// Seconds.
    public let estimatedWait: TimeInterval
    public let runningLateMessage: String?

    public init(place: Int, estimatedWait: TimeInterval, runningLateMessage: String?) {
        self.place = place
        self.estimatedWait = estimatedWait
        self.runningLateMessage = runningLateMessage
    }

    /// "You are next." or "You are number 3 in the line."
    public var placeText: String {
        place <= 1 ? "You are next." : "You are number \(place) in the line."
    }

    /// "Estimated wait: less than 5 minutes." or "Estimated wait: about 1 hour 15 minutes.", rounded up to 5 minutes.
    public var waitText: String {
        let minutes = Int((max(estimatedWait, 0) / 60).rounded(.up))
        if minutes < 5 { return "Estimated wait: less than 5 minutes." }
        let rounded = (minutes + 4) / 5 * 5
        let hours = rounded / 60
        let rest = rounded % 60
        let hourText = hours == 0 ? "" : hours == 1 ? "1 hour" : "\(hours) hours"
        let minuteText = rest == 0 ? "" : "\(rest) minutes"
        return "Estimated wait: about \([hourText, minuteText].filter { !$0.isEmpty }.joined(separator: " "))."
    }

    /// The lines the waiting page shows, in order.
    public var lines: [String] {
        [placeText, waitText] + (runningLateMessage.map { ["Message from your clinician: \($0)"] } ?? [])
    }
}
