import Foundation

/// Why the practice's duty clinician is alerted about a request. Each reason is alerted once per request.
public enum DutyAlertReason: String, CaseIterable, Codable, Sendable {
    /// An urgent request (red-flagged or "today") nobody has claimed after the practice's set minutes of opening hours.
    case unclaimedUrgent
    /// An open request whose reply-by time is within the hour (or has passed): the promise is about to break.
    case promiseDueSoon
    /// A red-flagged or urgent request that arrived while the practice was closed and is still with the practice (it names
    /// no out-of-hours provider, or the request could not be routed there).
    case urgentWhileClosed

    /// What the alert says, without clinical detail.
    public var displayName: String {
        switch self {
        case .unclaimedUrgent: "Urgent and not yet claimed"
        case .promiseDueSoon: "Reply due within the hour"
        case .urgentWhileClosed: "Urgent, sent while the practice was closed"
        }
    }
}

/// What the duty alert check needs to know of a request.
public struct DutyAlertFacts: Sendable, Hashable {
    public var urgency: Urgency
    public var redFlagged: Bool
    public var status: TriageStatus
    public var claimed: Bool
    public var receivedAt: Date
    public var replyBy: Date
    public var receivedWhileClosed: Bool
    /// Still handled by the patient's own practice (not routed to a hub or out-of-hours provider).
    public var withOwnPractice: Bool

    public init(
        urgency: Urgency, redFlagged: Bool, status: TriageStatus, claimed: Bool, receivedAt: Date, replyBy: Date,
        receivedWhileClosed: Bool, withOwnPractice: Bool = true
    ) {
        self.withOwnPractice = withOwnPractice
        self.urgency = urgency
        self.redFlagged = redFlagged
        self.status = status
        self.claimed = claimed
        self.receivedAt = receivedAt
        self.replyBy = replyBy
        self.receivedWhileClosed = receivedWhileClosed
    }

    /// Red-flagged or to be answered today.
    public var isUrgent: Bool { redFlagged || urgency == .today }
}

/// When the duty clinician is alerted: the practice's settings and hours.
public struct DutyAlertRule: Sendable, Hashable {
    /// Minutes of opening hours an urgent request may wait unclaimed (at least one: a request sent while closed has
    /// waited none until the practice opens).
    public var unclaimedMinutes: Int
    public var capacity: PracticeCapacity

    /// 30 minutes, unless the practice sets otherwise.
    public static let defaultUnclaimedMinutes = 30

    public init(unclaimedMinutes: Int, capacity: PracticeCapacity) {
        self.unclaimedMinutes = unclaimedMinutes
        self.capacity = capacity
    }

    /// The reasons to alert about a request at `now` (before leaving out those alerted already).
    public func reasons(for request: DutyAlertFacts, now: Date) -> [DutyAlertReason] {
        guard request.status != .closed else { return [] }
        var reasons: [DutyAlertReason] = []
        let unclaimed = request.status == .new && !request.claimed
        if request.isUrgent, unclaimed, request.receivedWhileClosed, request.withOwnPractice {
            reasons.append(.urgentWhileClosed)
        }
        if request.isUrgent, unclaimed,
            capacity.workingMinutes(from: request.receivedAt, to: now) >= max(unclaimedMinutes, 1)
        {
            reasons.append(.unclaimedUrgent)
        }
        if ReplyByMark.mark(replyBy: request.replyBy, now: now, isClosed: false) != nil { reasons.append(.promiseDueSoon) }
        return reasons
    }
}
