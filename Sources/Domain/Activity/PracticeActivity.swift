import Foundation

/// One practice's online and video consultation activity for a month, the figures the 2026/27 contract asks for.
/// Every figure is by UK day: a request sent at 00:30 BST on 1 June is June's, and so are its triage and outcome.
public struct PracticeActivity: Sendable, Hashable {
    /// The figures of one day.
    public struct Day: Sendable, Hashable {
        public var day: CalendarDay
        public var counts: ActivityCounts
    }

    public var month: ActivityMonth
    /// Every day of the month, in order, including days with nothing.
    public var days: [Day]
    /// The whole month.
    public var total: ActivityCounts

    /// Buckets each fact by its UK day; facts outside the month are left out.
    public init(month: ActivityMonth, requests: [RequestFact], videos: [VideoFact], tallies: [FormTally]) {
        self.month = month
        var byDay: [CalendarDay: ActivityCounts] = [:]
        let inMonth = { (day: CalendarDay) in ActivityMonth(day) == month }
        for request in requests {
            let day = CalendarDay(request.receivedAt)
            if inMonth(day) { byDay[day, default: ActivityCounts()].add(request) }
        }
        for tally in tallies where inMonth(tally.day) {
            byDay[tally.day, default: ActivityCounts()].add(tally)
        }
        for video in videos {
            let day = CalendarDay(video.slotAt)
            if inMonth(day) { byDay[day, default: ActivityCounts()].add(video) }
        }
        days = month.days.map { Day(day: $0, counts: byDay[$0] ?? ActivityCounts()) }
        total = days.reduce(into: ActivityCounts()) { $0.merge($1.counts) }
    }
}

/// The figures of a day or a month: counts, and the waits and call lengths their medians come from.
public struct ActivityCounts: Sendable, Hashable {
    public var requests = 0
    public var byCategory: [RequestCategory: Int] = [:]
    public var byChannel: [RequestChannel: Int] = [:]
    public var byUrgency: [Urgency: Int] = [:]
    /// Seconds from arrival to the first human triage, of the requests triaged so far.
    public var triageWaits: [Double] = []
    /// Requests nobody has claimed or changed yet.
    public var untriaged = 0
    /// Outcomes of the requests closed so far.
    public var outcomes: [Outcome: Int] = [:]
    /// Times the 999/111 advice was shown after a red flag.
    public var adviceShown = 0
    /// Requests sent with a red flag after its advice was shown.
    public var sentAfterAdvice = 0
    /// Forms refused because the practice was closed to online requests.
    public var refused = 0
    /// Forms refused because one client or contact had sent too many.
    public var throttled = 0
    /// Video consultations whose slot fell on the day.
    public var videoBooked = 0
    public var videoHeld = 0
    /// Seconds from admission to the end, of held calls whose length is known.
    public var videoLengths: [Double] = []

    public init() {}

    public var timeToFirstTriage: DurationSummary { DurationSummary(triageWaits) }
    public var videoLength: DurationSummary { DurationSummary(videoLengths) }

    mutating func add(_ request: RequestFact) {
        requests += 1
        byCategory[request.category, default: 0] += 1
        byChannel[request.channel, default: 0] += 1
        byUrgency[request.urgency, default: 0] += 1
        if request.redFlagged { sentAfterAdvice += 1 }
        if let wait = request.secondsToFirstTriage { triageWaits.append(wait) } else if request.firstTriagedAt == nil { untriaged += 1 }
        if let outcome = request.outcome { outcomes[outcome, default: 0] += 1 }
    }

    mutating func add(_ tally: FormTally) {
        adviceShown += tally.adviceShown
        refused += tally.refused
        throttled += tally.throttled
    }

    mutating func add(_ video: VideoFact) {
        videoBooked += 1
        guard video.wasHeld else { return }
        videoHeld += 1
        if let length = video.lengthSeconds { videoLengths.append(length) }
    }

    mutating func merge(_ other: Self) {
        requests += other.requests
        byCategory.merge(other.byCategory, uniquingKeysWith: +)
        byChannel.merge(other.byChannel, uniquingKeysWith: +)
        byUrgency.merge(other.byUrgency, uniquingKeysWith: +)
        triageWaits += other.triageWaits
        untriaged += other.untriaged
        outcomes.merge(other.outcomes, uniquingKeysWith: +)
        adviceShown += other.adviceShown
        sentAfterAdvice += other.sentAfterAdvice
        refused += other.refused
        throttled += other.throttled
        videoBooked += other.videoBooked
        videoHeld += other.videoHeld
        videoLengths += other.videoLengths
    }
}
