import Foundation

/// The patient data this service keeps only for a while. The patient's record (in the practice's clinical system)
/// is the lasting copy; these are working copies, removed once their period has passed.
public enum RetainedData: String, CaseIterable, Codable, Sendable {
    /// Photos patients sent with a request or a reply.
    case photos
    /// The words of messages to and from patients (the row stays: when, how, delivered or not).
    case messageBodies
    /// Reply links (only their digests are stored), once they have expired.
    case replyLinks
    /// A video consultation's patient name, number called, invitation address, guests' names and links (the row
    /// stays: slot, times and outcome, for the activity figures).
    case videoDetails

    public var displayName: String {
        switch self {
        case .photos: "Photos sent by patients"
        case .messageBodies: "Message text to and from patients"
        case .replyLinks: "Reply links"
        case .videoDetails: "Video consultation details"
        }
    }

    /// The period used when the configuration says nothing, in days.
    public var defaultDays: Int {
        switch self {
        case .photos: 90
        case .messageBodies: 365
        case .replyLinks: 30
        case .videoDetails: 90
        }
    }

    /// From when the period counts, as the admin page says it.
    public var countedFrom: String {
        switch self {
        case .photos, .messageBodies: "after the request is closed (never while it is open)"
        case .replyLinks: "after the link expired"
        case .videoDetails: "after the consultation's slot"
        }
    }

    /// Why the default is what it is.
    public var reason: String {
        switch self {
        case .photos:
            "A clinician files any photo that matters in the patient's record when closing the request. Ninety days "
                + "covers a late write-back and questions about the request, and photos are the most sensitive data held."
        case .messageBodies:
            "What a patient was told is evidence if they complain, and the NHS complaints regulations allow twelve "
                + "months to do so. The record holds the clinical summary; the time, channel and delivery stay for the figures."
        case .replyLinks:
            "A link works for seven days only and is stored as a digest; a month more lets the practice trace a "
                + "patient's 'my link did not work' and no longer."
        case .videoDetails:
            "The outcome goes to the record when the call ends; the patient's name and the number called are needed "
                + "only around the appointment and for questions soon after. Slot, times and outcome stay for the figures."
        }
    }

    /// The variable that sets the period, in days.
    public var environmentVariable: String {
        switch self {
        case .photos: "RETENTION_PHOTOS_DAYS"
        case .messageBodies: "RETENTION_MESSAGE_BODIES_DAYS"
        case .replyLinks: "RETENTION_REPLY_LINKS_DAYS"
        case .videoDetails: "RETENTION_VIDEO_DETAILS_DAYS"
        }
    }
}

/// How many days each kind of data is kept; what the nightly retention run removes is what is past its period.
public struct RetentionPolicy: Sendable, Hashable {
    /// The shortest period allowed: a practice must be able to finish with a request before its data goes.
    public static let shortestDays = 7
    /// The longest: beyond ten years the working copy is a second record, which it must not become.
    public static let longestDays = 3650

    public private(set) var days: [RetainedData: Int]

    /// Every default; `overrides` replaces some.
    public init(_ overrides: [RetainedData: Int] = [:]) {
        days = Dictionary(uniqueKeysWithValues: RetainedData.allCases.map { ($0, overrides[$0] ?? $0.defaultDays) })
    }

    public func days(for data: RetainedData) -> Int { days[data] ?? data.defaultDays }

    /// Data of this kind dated before this moment is past its period.
    public func cutoff(for data: RetainedData, now: Date) -> Date {
        now.addingTimeInterval(-Double(days(for: data)) * 86_400)
    }
}

/// When a nightly job next runs: at a fixed time on the UK wall clock, so that it stays in the quiet hours through
/// summer time.
public struct NightlySchedule: Sendable, Hashable {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// The first run strictly after `now`.
    public func next(after now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .london
        let today = CalendarDay(now)
        for offset in 0...2 {
            let day = today.adding(days: offset)
            let parts = DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
            if let time = calendar.date(from: parts), time > now { return time }
        }
        return now.addingTimeInterval(86_400)
    }
}
