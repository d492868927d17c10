import Foundation

/// The order of the triage queue: red-flagged requests first, then the more urgent, then within an urgency the
/// promise that breaks soonest (reply-by), then the oldest.
public struct TriageOrder: Sendable, Hashable, Comparable {
    public var redFlagged: Bool
    public var urgency: Urgency
    public var replyBy: Date
    public var receivedAt: Date

    public init(redFlagged: Bool, urgency: Urgency, replyBy: Date = .distantFuture, receivedAt: Date) {
        self.redFlagged = redFlagged
        self.urgency = urgency
        self.replyBy = replyBy
        self.receivedAt = receivedAt
    }

    /// True when `lhs` belongs above `rhs` in the queue.
    public static func < (lhs: TriageOrder, rhs: TriageOrder) -> Bool {
        if lhs.redFlagged != rhs.redFlagged { return lhs.redFlagged }
        if lhs.urgency != rhs.urgency { return lhs.urgency > rhs.urgency }
        if lhs.replyBy != rhs.replyBy { return lhs.replyBy < rhs.replyBy }
        return lhs.receivedAt < rhs.receivedAt
    }

    /// A number a database can sort on: rank descending, then reply-by ascending, then received ascending gives the
    /// same order as `<` (the `priority` column of a request).
    public var rank: Int { (redFlagged ? 10 : 0) + urgency.rank }

    /// For `sorted(by:)`: `requests.sorted { TriageOrder.areInIncreasingOrder($0.order, $1.order) }`.
    public static func areInIncreasingOrder(_ lhs: TriageOrder, _ rhs: TriageOrder) -> Bool { lhs < rhs }
}

/// A warning beside a request's reply-by time in the queue, in words (never colour alone).
public enum ReplyByMark: String, Sendable, Hashable, CaseIterable {
    /// The promise broke: the reply-by time has passed.
    case overdue
    /// The promise breaks within `ReplyByMark.dueSoonWindow`.
    case dueWithinAnHour

    /// How close to its reply-by time an open request is marked as due soon: an hour.
    public static let dueSoonWindow: TimeInterval = 3600

    /// The mark of a request promised a reply by `replyBy`, seen at `now`; none once it is closed, or while its
    /// promise is more than an hour away.
    public static func mark(replyBy: Date, now: Date, isClosed: Bool) -> ReplyByMark? {
        guard !isClosed else { return nil }
        if replyBy <= now { return .overdue }
        if replyBy.timeIntervalSince(now) <= dueSoonWindow { return .dueWithinAnHour }
        return nil
    }

    /// What the queue shows.
    public var displayName: String {
        switch self {
        case .overdue: "Overdue"
        case .dueWithinAnHour: "Due within an hour"
        }
    }
}
