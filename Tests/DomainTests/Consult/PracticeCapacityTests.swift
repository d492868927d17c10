import Domain
import Foundation
import Testing

/// A moment given in UTC, so that tests state the DST offset themselves.
func consultUTC(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    return formatter.date(from: text)!
}

@Suite struct PracticeCapacityTests {
    let practice = PracticeCapacity.typicalPractice

    @Test func weekdaysAreRight() throws {
        #expect(Weekday(try #require(CalendarDay("2026-11-26"))) == .thursday)
        #expect(Weekday(try #require(CalendarDay("2026-03-29"))) == .sunday)
        #expect(Weekday(try #require(CalendarDay("1969-12-29"))) == .monday)
        #expect(Weekday(try #require(CalendarDay("2027-01-01"))) == .friday)
    }

    @Test func bankHolidaysComeFromTheRulesForAnyYear() {
        // 2031: Good Friday 11 April, Easter Monday 14 April; Christmas Day is a Thursday, Boxing Day a Friday.
        for day in ["2031-04-11", "2031-04-14", "2031-12-25", "2031-12-26"] {
            #expect(practice.hours(on: CalendarDay(day)!) == nil, "\(day)")
        }
        #expect(practice.hours(on: CalendarDay("2031-04-15")!) == CoreHours.hours)
    }

    @Test func openingHoursReadClockTimes() {
        #expect(DailyHours(opens: "08:00", closes: "18:30") == DailyHours(opens: 480, closes: 1110))
        #expect(DailyHours(opens: "18:30", closes: "08:00") == nil)
        #expect(DailyHours(opens: "8:00", closes: "18:30") == nil)
        #expect(DailyHours(opens: "00:00", closes: "24:00") != nil)
        #expect(DailyHours.minutes("24:01") == nil)
    }

    @Test func openDuringHoursInSummerAndWinter() {
        // 23 October 2026 is a Friday in BST: 08:00 in London is 07:00 UTC.
        #expect(practice.intake(at: consultUTC("2026-10-23T07:00:00Z")) == .open)
        #expect(
            practice.intake(at: consultUTC("2026-10-23T06:59:00Z"))
                == .closed(.outsideHours(nextOpening: consultUTC("2026-10-23T07:00:00Z"))))
        // 18:30 BST is 17:30 UTC: closed from then.
        #expect(practice.intake(at: consultUTC("2026-10-23T17:29:00Z")) == .open)
        // After the clocks go back on Sunday 25 October, Monday opens at 08:00 GMT.
        #expect(
            practice.intake(at: consultUTC("2026-10-23T17:30:00Z"))
                == .closed(.outsideHours(nextOpening: consultUTC("2026-10-26T08:00:00Z"))))
        #expect(practice.intake(at: consultUTC("2026-10-26T08:00:00Z")) == .open)
    }

    @Test func springForwardWeekend() {
        // Friday 27 March 2026 is GMT; Monday 30 March is BST, so 08:00 there is 07:00 UTC.
        #expect(practice.nextOpening(after: consultUTC("2026-03-27T19:00:00Z")) == consultUTC("2026-03-30T07:00:00Z"))
        #expect(practice.nextOpening(after: consultUTC("2026-03-29T01:30:00Z")) == consultUTC("2026-03-30T07:00:00Z"))
        // Sent Friday morning with a promise of one working day: close of Monday, 18:30 BST.
        let oneDay = PracticeCapacity(openingHours: practice.openingHours, replyPromise: .workingDays(1))
        #expect(oneDay.replyBy(receivedAt: consultUTC("2026-03-27T10:00:00Z")) == consultUTC("2026-03-30T17:30:00Z"))
    }

    @Test func fridayRequestsCountMondayAndTuesday() {
        // Friday 6 November 2026, 17:00 GMT → day 0 Friday, day 1 Monday, day 2 Tuesday.
        #expect(practice.replyBy(receivedAt: consultUTC("2026-11-06T17:00:00Z")) == consultUTC("2026-11-10T18:30:00Z"))
        // Friday evening counts as arriving Monday: day 2 is Wednesday.
        #expect(practice.replyBy(receivedAt: consultUTC("2026-11-06T19:00:00Z")) == consultUTC("2026-11-11T18:30:00Z"))
        // Saturday likewise.
        #expect(practice.replyBy(receivedAt: consultUTC("2026-11-07T12:00:00Z")) == consultUTC("2026-11-11T18:30:00Z"))
        // Before opening on a working day counts that day as day 0.
        #expect(practice.replyBy(receivedAt: consultUTC("2026-11-09T06:00:00Z")) == consultUTC("2026-11-11T18:30:00Z"))
    }

    @Test func christmas2026() {
        // Thursday 24 December, 10:00: 25 and 28 December are bank holidays, so day 1 is Tuesday 29, day 2 Wednesday 30.
        #expect(practice.replyBy(receivedAt: consultUTC("2026-12-24T10:00:00Z")) == consultUTC("2026-12-30T18:30:00Z"))
        // Christmas Day itself: closed, back on Tuesday 29 December.
        let christmas = practice.intake(at: consultUTC("2026-12-25T10:00:00Z"))
        #expect(christmas == .closed(.bankHoliday(nextOpening: consultUTC("2026-12-29T08:00:00Z"))))
        // Boxing Day is a Saturday: outside hours, not a closed day.
        #expect(
            practice.intake(at: consultUTC("2026-12-26T10:00:00Z"))
                == .closed(.outsideHours(nextOpening: consultUTC("2026-12-29T08:00:00Z"))))
        // Sent on Christmas Day: day 0 Tuesday 29, day 2 Thursday 31 December.
        #expect(practice.replyBy(receivedAt: consultUTC("2026-12-25T10:00:00Z")) == consultUTC("2026-12-31T18:30:00Z"))
        // Wednesday 30 December → day 1 Thursday 31, (1 January holiday), day 2 Monday 4 January 2027.
        #expect(practice.replyBy(receivedAt: consultUTC("2026-12-30T09:00:00Z")) == consultUTC("2027-01-04T18:30:00Z"))
    }

    @Test func easterWeekend2026() {
        // Thursday 2 April 17:00 BST; Good Friday and Easter Monday are shut: day 1 Tuesday 7, day 2 Wednesday 8 April.
        #expect(practice.replyBy(receivedAt: consultUTC("2026-04-02T16:00:00Z")) == consultUTC("2026-04-08T17:30:00Z"))
    }

    @Test func thereIsNoCapOnRequests() throws {
        // The contract forbids capping requests in core hours: settings saved with a cap before read without one.
        var stored = try JSONSerialization.jsonObject(with: JSONEncoder().encode(practice)) as! [String: Any]
        stored["dailyCap"] = 1
        stored["closedDays"] = ["2026-11-06"]
        let read = try JSONDecoder().decode(PracticeCapacity.self, from: JSONSerialization.data(withJSONObject: stored))
        #expect(read.intake(at: consultUTC("2026-11-06T09:00:00Z")) == .open)
    }

    @Test func anAgreedClosureShutsThatWorkingDayOnly() {
        // Wednesday 11 November 2026, protected learning time agreed with the ICB.
        let closure = AgreedClosure(day: CalendarDay("2026-11-11")!, reason: "Protected learning time", agreedBy: "A Patel, ICB")
        let closing = practice.with(bankHolidays: EnglandBankHolidays(), closures: [closure])
        #expect(
            closing.intake(at: consultUTC("2026-11-11T10:00:00Z"))
                == .closed(.closedDay(nextOpening: consultUTC("2026-11-12T08:00:00Z"))))
        #expect(closing.intake(at: consultUTC("2026-11-12T10:00:00Z")) == .open)
        // The promise skips the closed day: Tuesday 10th → day 1 Thursday 12th, day 2 Friday 13th.
        #expect(closing.replyBy(receivedAt: consultUTC("2026-11-10T10:00:00Z")) == consultUTC("2026-11-13T18:30:00Z"))
    }

    @Test func coreHoursAreAFloor() {
        let short = OpeningHours(
            monday: DailyHours(opens: "08:30", closes: "18:30"), tuesday: CoreHours.hours, wednesday: DailyHours(opens: "07:00", closes: "18:00"),
            thursday: DailyHours(opens: "07:00", closes: "20:00"), friday: nil, saturday: DailyHours(opens: "09:00", closes: "12:00"))
        #expect(CoreHours.shortfall(of: short) == [.monday, .wednesday, .friday])
        #expect(CoreHours.shortfall(of: OpeningHours.weekdays(CoreHours.hours)).isEmpty)
        let widened = CoreHours.widened(short)
        #expect(CoreHours.shortfall(of: widened).isEmpty)
        #expect(widened[.thursday] == DailyHours(opens: "07:00", closes: "20:00"), "wider hours stay wider")
        #expect(widened[.wednesday] == DailyHours(opens: "07:00", closes: "18:30"))
        #expect(widened[.saturday] == DailyHours(opens: "09:00", closes: "12:00"), "weekends are the practice's choice")
    }

    @Test func storedHoursShorterThanCoreHoursAreAnErrorNotADefault() throws {
        var short = practice
        short.openingHours[.monday] = DailyHours(opens: "09:00", closes: "17:00")
        let json = try JSONEncoder().encode(short)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PracticeCapacity.self, from: json) }
    }

    @Test func aClosureNeedsAWorkingDayAReasonAndWhoAgreed() {
        let today = CalendarDay("2026-11-09")!
        func check(_ day: String, _ reason: String = "Training", _ who: String = "A Patel, ICB") -> AgreedClosure.Problem? {
            if case .failure(let problem) = AgreedClosure.check(
                day: CalendarDay(day)!, reason: reason, agreedBy: who, today: today, bankHolidays: EnglandBankHolidays())
            { return problem }
            return nil
        }
        #expect(check("2026-11-11") == nil)
        #expect(check("2026-11-14") == .notAWorkingDay(CalendarDay("2026-11-14")!))
        #expect(check("2026-12-25") == .notAWorkingDay(CalendarDay("2026-12-25")!))
        #expect(check("2026-11-06") == .inThePast(CalendarDay("2026-11-06")!))
        #expect(check("2026-11-11", "  ") == .noReason)
        #expect(check("2026-11-11", "Training", "") == .noAgreement)
        #expect(check("2026-11-11", String(repeating: "x", count: 201)) == .tooLong(field: "closureReason", limit: 200))
    }

    @Test func closedMessagesGiveTheTimeAnd111() {
        let reasons: [ClosedReason] = [
            .outsideHours(nextOpening: consultUTC("2026-03-30T07:00:00Z")),
            .closedDay(nextOpening: consultUTC("2026-03-30T07:00:00Z")),
            .bankHoliday(nextOpening: consultUTC("2026-03-30T07:00:00Z")),
        ]
        for reason in reasons {
            #expect(reason.message.contains("8:00am on Monday 30 March 2026"))
            #expect(reason.message.contains("NHS 111"))
            #expect(reason.message.contains("999"))
        }
        #expect(Set(reasons.map(\.message)).count == 3)
        for reason in reasons {
            let open = reason.messageWhileTakingRequests
            #expect(open.contains("You can still send a request") && open.contains("8:00am on Monday 30 March 2026"))
            #expect(open.contains("NHS 111") && open.contains("999"))
            #expect(!open.contains("not taking"), "it never says no above a form that works")
        }
        #expect(
            practice.replyPromiseText(receivedAt: consultUTC("2026-11-06T17:00:00Z"))
                == "We will reply by 6:30pm on Tuesday 10 November 2026.")
    }

    @Test func aPracticeThatNeverOpens() {
        let shut = PracticeCapacity(openingHours: OpeningHours(), replyPromise: .workingDays(2))
        #expect(shut.nextOpening(after: consultUTC("2026-11-06T17:00:00Z")) == .distantFuture)
        guard case .closed(let reason) = shut.intake(at: consultUTC("2026-11-06T12:00:00Z")) else {
            Issue.record("a practice with no hours should be closed")
            return
        }
        #expect(reason.message.contains("Call the practice"))
    }

    @Test func roundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(practice)
        #expect(try JSONDecoder().decode(PracticeCapacity.self, from: data) == practice)
    }
}
