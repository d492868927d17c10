import Foundation

/// When a patient's or guest's video consultation link works: from 30 minutes before the slot, so that there is time
/// for the camera and microphone check, until 2 hours after it, so that a clinician running late still reaches them.
public struct VideoLinkPolicy: Sendable, Equatable {
    public var opensBefore: TimeInterval
    public var closesAfter: TimeInterval

    public init(opensBefore: TimeInterval = 30 * 60, closesAfter: TimeInterval = 2 * 3600) {
        self.opensBefore = max(opensBefore, 0)
        self.closesAfter = max(closesAfter, 0)
    }

    /// Opens 30 minutes before the slot, expires 2 hours after it.
    public static let standard = VideoLinkPolicy()

    public func opensAt(slot: Date) -> Date { slot.addingTimeInterval(-opensBefore) }

    /// The first moment the link no longer works.
    public func expiresAt(slot: Date) -> Date { slot.addingTimeInterval(closesAfter) }

    /// Whether a link for a consultation at `slot` works at `now`: open from `opensAt` (inclusive) to `expiresAt`
    /// (exclusive).
    public func check(slot: Date, now: Date) -> VideoLinkVerdict {
        if now < opensAt(slot: slot) { return .tooEarly(opensAt: opensAt(slot: slot)) }
        if now >= expiresAt(slot: slot) { return .expired }
        return .open
    }
}

/// Whether a video consultation link works right now, and what the patient reads when it does not.
public enum VideoLinkVerdict: Sendable, Equatable {
    case tooEarly(opensAt: Date)
    case open
    case expired

    /// What the patient reads on the link's page, or nil when the link is open. Times are UK time (Europe/London);
    /// the date is added when the link opens on another day than `now`.
    public func message(now: Date) -> String? {
        switch self {
        case .open:
            return nil
        case .tooEarly(let opensAt):
            let when = LondonClock.sameDay(opensAt, now) ? LondonClock.time(opensAt) : LondonClock.timeAndDate(opensAt)
            return "Your video consultation opens at \(when). Come back then."
        case .expired:
            return "This video consultation link has expired: links work until 2 hours after the appointment time. "
                + "Call the practice if you still need to speak to someone. "
                + "If you need help now, call NHS 111; in an emergency, call 999."
        }
    }
}

/// Times and dates as a patient in the UK reads them, on the London clock (GMT in winter, BST in summer), without
/// depending on the machine's locale data.
enum LondonClock {
    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .london
        return calendar
    }

    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// `14:30`.
    static func time(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let hour = parts.hour ?? 0
        let minute = parts.minute ?? 0
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    /// `14:30 on Tuesday 2 June`.
    static func timeAndDate(_ date: Date) -> String {
        let parts = calendar.dateComponents([.weekday, .day, .month], from: date)
        let weekday = weekdays[((parts.weekday ?? 1) - 1) % 7]
        let month = months[((parts.month ?? 1) - 1) % 12]
        return "\(time(date)) on \(weekday) \(parts.day ?? 1) \(month)"
    }

    static func sameDay(_ lhs: Date, _ rhs: Date) -> Bool { calendar.isDate(lhs, inSameDayAs: rhs) }
}
