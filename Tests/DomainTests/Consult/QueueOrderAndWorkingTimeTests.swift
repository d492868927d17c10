import Domain
import Foundation
import Testing

/// The queue's order, its reply-by marks, working time and the duty clinician's alerts.
@Suite struct QueueOrderAndWorkingTimeTests {
    let practice = PracticeCapacity.typicalPractice

    @Test func withinAnUrgencyTheSoonestPromiseComesFirst() {
        // setup
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let items: [(String, TriageOrder)] = [
            ("routine, due late", TriageOrder(redFlagged: false, urgency: .routine, replyBy: t0 + 9000, receivedAt: t0 - 7200)),
            ("routine, due early", TriageOrder(redFlagged: false, urgency: .routine, replyBy: t0 + 3000, receivedAt: t0)),
            ("soon", TriageOrder(redFlagged: false, urgency: .soon, replyBy: t0 + 99_000, receivedAt: t0)),
            ("today, same promise, newer", TriageOrder(redFlagged: false, urgency: .today, replyBy: t0 + 5000, receivedAt: t0 + 60)),
            ("today, same promise, older", TriageOrder(redFlagged: false, urgency: .today, replyBy: t0 + 5000, receivedAt: t0)),
            ("flag routine", TriageOrder(redFlagged: true, urgency: .routine, replyBy: t0 + 1, receivedAt: t0)),
            ("flag today", TriageOrder(redFlagged: true, urgency: .today, replyBy: t0 + 8000, receivedAt: t0)),
        ]
        // MUT
        let sorted = items.sorted { TriageOrder.areInIncreasingOrder($0.1, $1.1) }.map(\.0)
        // validate
        #expect(
            sorted == [
                "flag today", "flag routine", "today, same promise, older", "today, same promise, newer", "soon",
                "routine, due early", "routine, due late",
            ])
        // the database's order (rank descending, then reply-by, then received) is the same order
        let byColumns = items.sorted {
            ($0.1.rank, -$0.1.replyBy.timeIntervalSince1970, -$0.1.receivedAt.timeIntervalSince1970)
                > ($1.1.rank, -$1.1.replyBy.timeIntervalSince1970, -$1.1.receivedAt.timeIntervalSince1970)
        }.map(\.0)
        #expect(byColumns == sorted)
    }

    @Test func marksSayOverdueAndDueWithinAnHour() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ReplyByMark.mark(replyBy: now - 1, now: now, isClosed: false) == .overdue)
        #expect(ReplyByMark.mark(replyBy: now, now: now, isClosed: false) == .overdue)
        #expect(ReplyByMark.mark(replyBy: now + 60, now: now, isClosed: false) == .dueWithinAnHour)
        #expect(ReplyByMark.mark(replyBy: now + 3600, now: now, isClosed: false) == .dueWithinAnHour)
        #expect(ReplyByMark.mark(replyBy: now + 3601, now: now, isClosed: false) == nil)
        #expect(ReplyByMark.mark(replyBy: now - 99, now: now, isClosed: true) == nil)
        #expect(ReplyByMark.dueWithinAnHour.displayName == "Due within an hour")
    }

    @Test func workingMinutesSkipTheWeekend() {
        // Friday 6 November 2026 17:00 GMT to Monday 9 November 09:00: 90 minutes on Friday, 60 on Monday.
        #expect(practice.workingMinutes(from: consultUTC("2026-11-06T17:00:00Z"), to: consultUTC("2026-11-09T09:00:00Z")) == 150)
        // all weekend: nothing
        #expect(practice.workingMinutes(from: consultUTC("2026-11-07T09:00:00Z"), to: consultUTC("2026-11-08T20:00:00Z")) == 0)
        // backwards: nothing
        #expect(practice.workingMinutes(from: consultUTC("2026-11-09T09:00:00Z"), to: consultUTC("2026-11-06T17:00:00Z")) == 0)
    }

    @Test func workingMinutesSkipABankHoliday() {
        // Good Friday 3 April and Easter Monday 6 April 2026 (BST): Thursday 18:00 BST to Tuesday 08:30 BST is 30 + 30.
        #expect(practice.workingMinutes(from: consultUTC("2026-04-02T17:00:00Z"), to: consultUTC("2026-04-07T07:30:00Z")) == 60)
    }

    @Test func workingMinutesAcrossAClockChange() {
        // Friday 27 March 2026 18:00 GMT to Monday 30 March 08:30 BST: 30 + 30 minutes, the lost hour not counted.
        #expect(practice.workingMinutes(from: consultUTC("2026-03-27T18:00:00Z"), to: consultUTC("2026-03-30T07:30:00Z")) == 60)
        // open all of Sunday 29 March, the day the clocks go forward: 23 hours of opening
        var sundays = practice
        sundays.openingHours.byWeekday[.sunday] = DailyHours(opens: 0, closes: 24 * 60)
        #expect(sundays.workingMinutes(from: consultUTC("2026-03-28T12:00:00Z"), to: consultUTC("2026-03-30T00:00:00Z")) == 23 * 60)
        // and 25 on Sunday 25 October, when they go back
        #expect(sundays.workingMinutes(from: consultUTC("2026-10-24T12:00:00Z"), to: consultUTC("2026-10-26T01:00:00Z")) == 25 * 60)
    }

    @Test func theStartOfWorkingTimeMatchesWorkingMinutes() {
        let now = consultUTC("2026-11-09T09:00:00Z")  // Monday 09:00 GMT
        // 60 minutes back is Monday's opening; 150 is Friday 17:00
        #expect(practice.startOfWorkingMinutes(60, before: now) == consultUTC("2026-11-09T08:00:00Z"))
        let friday = practice.startOfWorkingMinutes(150, before: now)
        #expect(friday == consultUTC("2026-11-06T17:00:00Z"))
        #expect(practice.workingMinutes(from: friday, to: now) == 150)
        // a working day of core hours back from Monday 09:00 is Friday 08:30 + ... : 60 Monday + 570 Friday
        let day = practice.startOfWorkingMinutes(630, before: now)
        #expect(day == consultUTC("2026-11-06T09:00:00Z"))
        #expect(practice.startOfWorkingMinutes(0, before: now) == now)
    }

    @Test func dutyAlertsForUnclaimedUrgentAndPromisesAboutToBreak() {
        // setup: Monday 9 November 2026, an urgent request at 09:00 GMT, a rule of 30 minutes
        let rule = DutyAlertRule(unclaimedMinutes: 30, capacity: practice)
        let received = consultUTC("2026-11-09T09:00:00Z")
        var facts = DutyAlertFacts(
            urgency: .today, redFlagged: false, status: .new, claimed: false, receivedAt: received,
            replyBy: consultUTC("2026-11-09T18:30:00Z"), receivedWhileClosed: false)
        // MUT + validate
        #expect(rule.reasons(for: facts, now: received + 29 * 60).isEmpty)
        #expect(rule.reasons(for: facts, now: received + 30 * 60) == [.unclaimedUrgent])
        #expect(rule.reasons(for: facts, now: consultUTC("2026-11-09T17:45:00Z")) == [.unclaimedUrgent, .promiseDueSoon])
        facts.claimed = true
        #expect(rule.reasons(for: facts, now: received + 3600).isEmpty)
        facts.status = .closed
        #expect(rule.reasons(for: facts, now: consultUTC("2026-11-09T19:00:00Z")).isEmpty)
        // a routine request is never "unclaimed urgent", but its promise still counts
        let routine = DutyAlertFacts(
            urgency: .routine, redFlagged: false, status: .inTriage, claimed: true, receivedAt: received,
            replyBy: received + 7200, receivedWhileClosed: false)
        #expect(rule.reasons(for: routine, now: received + 3700) == [.promiseDueSoon])
    }

    @Test func urgentWhileClosedAlertsAtOnceUnlessRoutedOutOfHours() {
        // Saturday 7 November 2026, a red flag: no working minutes have passed, yet the duty clinician hears at once
        let saturday = consultUTC("2026-11-07T12:00:00Z")
        let facts = DutyAlertFacts(
            urgency: .today, redFlagged: true, status: .new, claimed: false, receivedAt: saturday,
            replyBy: consultUTC("2026-11-09T18:30:00Z"), receivedWhileClosed: true)
        let rule = DutyAlertRule(unclaimedMinutes: 30, capacity: practice)
        #expect(rule.reasons(for: facts, now: saturday) == [.urgentWhileClosed])
        // routed to the out-of-hours provider: that service has it, and the practice's duty clinician is not called
        var routed = facts
        routed.withOwnPractice = false
        #expect(rule.reasons(for: routed, now: saturday).isEmpty)
        // still unclaimed 30 minutes after Monday's opening: alerted again, for that reason
        #expect(rule.reasons(for: facts, now: consultUTC("2026-11-09T08:30:00Z")) == [.urgentWhileClosed, .unclaimedUrgent])
    }
}
