import Domain
import Foundation
import Testing

/// Medians, percentiles, and bucketing by UK day for the monthly activity figures.
struct ActivityFiguresTests {
    /// A moment on the UK wall clock.
    static func uk(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB_POSIX")
        formatter.timeZone = .london
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!
    }

    static func request(
        _ at: String, _ category: RequestCategory = .clinical, channel: RequestChannel = .patient, urgency: Urgency = .routine,
        flagged: Bool = false, triagedAfterMinutes: Double? = nil, outcome: Outcome? = nil
    ) -> RequestFact {
        let received = uk(at)
        return RequestFact(
            receivedAt: received, category: category, channel: channel, urgency: urgency, redFlagged: flagged,
            firstTriagedAt: triagedAfterMinutes.map { received.addingTimeInterval($0 * 60) }, outcome: outcome)
    }

    @Test func theMedianOfAnOddCountIsTheMiddleAndOfAnEvenCountTheMeanOfTheTwo() {
        #expect(DurationSummary([5, 1, 3]).medianSeconds == 3)
        #expect(DurationSummary([4, 1, 3, 2]).medianSeconds == 2.5)
        #expect(DurationSummary([7]).medianSeconds == 7)
    }

    @Test func theNinetiethPercentileIsByNearestRank() {
        // 1...10: rank ceil(0.9 × 10) = 9; 1...20: rank 18; 1...11: rank ceil(9.9) = 10
        #expect(DurationSummary((1...10).map(Double.init)).ninetiethSeconds == 9)
        #expect(DurationSummary((1...20).map(Double.init)).ninetiethSeconds == 18)
        #expect(DurationSummary((1...11).map(Double.init)).ninetiethSeconds == 10)
        #expect(DurationSummary([42]).ninetiethSeconds == 42)
    }

    @Test func nothingToMeasureIsNoFigureNotZero() {
        let summary = DurationSummary([])
        #expect(summary.count == 0)
        #expect(summary.medianSeconds == nil)
        #expect(summary.ninetiethSeconds == nil)
        #expect(DurationSummary.words(nil) == "none")
    }

    @Test func durationsReadAsPeopleSayThem() {
        #expect(DurationSummary.words(20) == "under a minute")
        #expect(DurationSummary.words(14 * 60 + 59) == "14 min")
        #expect(DurationSummary.words(2 * 3600 + 5 * 60) == "2 h 05 min")
        #expect(DurationSummary.words(3 * 86_400 + 3600) == "3 days 1 h")
    }

    @Test func aRepeatPrescriptionIsMedicationAndOtherAdminIsAdmin() {
        #expect(RequestCategory(kind: .medical, adminTopic: nil) == .clinical)
        #expect(RequestCategory(kind: .admin, adminTopic: .repeatPrescription) == .medication)
        #expect(RequestCategory(kind: .admin, adminTopic: .fitNote) == .admin)
        #expect(RequestCategory(kind: .admin, adminTopic: nil) == .admin)
    }

    @Test func monthsReadOnlyTheirOwnFormAndSpanUKMidnights() throws {
        #expect(ActivityMonth("2026-13") == nil)
        #expect(ActivityMonth("2026-1") == nil)
        #expect(ActivityMonth("2026-011") == nil)
        #expect(ActivityMonth("２０２６-11") == nil)
        let june = try #require(ActivityMonth("2026-06"))
        #expect(june.days.count == 30)
        #expect(june.displayText == "June 2026")
        #expect(june.description == "2026-06")
        // 1 June 2026 is in summer time: midnight in the UK is 23:00 UTC the day before
        #expect(june.interval.lowerBound == Date(timeIntervalSince1970: 1_780_268_400))
        #expect(ActivityMonth("2026-12")!.next == ActivityMonth("2027-01"))
        #expect(ActivityMonth("2026-01")!.previous == ActivityMonth("2025-12"))
        // March 2026 has the clocks going forward: 31 days less one hour
        let march = ActivityMonth("2026-03")!.interval
        #expect(march.upperBound.timeIntervalSince(march.lowerBound) == 31 * 86_400 - 3600)
    }

    @Test func requestsAreBucketedByUKDayNotUTCDay() throws {
        // setup: 00:30 on 1 June is 23:30 UTC on 31 May; 23:30 on 30 June is 22:30 UTC the same day
        let june = try #require(ActivityMonth("2026-06"))
        let requests = [
            Self.request("2026-06-01 00:30"), Self.request("2026-06-30 23:30"), Self.request("2026-05-31 23:59"),
            Self.request("2026-07-01 00:00"),
        ]
        // MUT
        let activity = PracticeActivity(month: june, requests: requests, videos: [], tallies: [])
        // validate
        #expect(activity.total.requests == 2)
        #expect(activity.days.first?.counts.requests == 1)
        #expect(activity.days.last?.counts.requests == 1)
        #expect(activity.days.count == 30)
    }

    @Test func aMonthCountsTypesChannelsUrgencyOutcomesAndRedFlags() throws {
        // setup
        let november = try #require(ActivityMonth("2026-11"))
        let requests = [
            Self.request("2026-11-02 09:00", .clinical, urgency: .today, flagged: true, triagedAfterMinutes: 10, outcome: .adviceGiven),
            Self.request("2026-11-02 10:00", .medication, channel: .proxy, triagedAfterMinutes: 30, outcome: .prescriptionIssued),
            Self.request("2026-11-03 11:00", .admin, channel: .staffOnBehalf, urgency: .soon, triagedAfterMinutes: 60),
            Self.request("2026-11-03 12:00", .clinical),
        ]
        let tallies = [
            FormTally(day: CalendarDay("2026-11-02")!, adviceShown: 3, refused: 1, throttled: 2),
            FormTally(day: CalendarDay("2026-10-31")!, adviceShown: 50),
        ]
        // MUT
        let total = PracticeActivity(month: november, requests: requests, videos: [], tallies: tallies).total
        // validate
        #expect(total.requests == 4)
        #expect(total.byCategory == [.clinical: 2, .medication: 1, .admin: 1])
        #expect(total.byChannel == [.patient: 2, .proxy: 1, .staffOnBehalf: 1])
        #expect(total.byUrgency == [.routine: 2, .today: 1, .soon: 1])
        #expect(total.outcomes == [.adviceGiven: 1, .prescriptionIssued: 1])
        #expect(total.adviceShown == 3)
        #expect(total.sentAfterAdvice == 1)
        #expect(total.refused == 1)
        #expect(total.throttled == 2)
        #expect(total.untriaged == 1)
        #expect(total.timeToFirstTriage == DurationSummary([600, 1800, 3600]))
        #expect(total.timeToFirstTriage.medianSeconds == 1800)
        #expect(total.timeToFirstTriage.ninetiethSeconds == 3600)
    }

    @Test func videoIsBookedOnItsSlotDayAndHeldOnlyWhenThePatientWasSeen() throws {
        // setup
        let november = try #require(ActivityMonth("2026-11"))
        let slot = Self.uk("2026-11-04 10:00")
        let videos = [
            VideoFact(slotAt: slot, callStartedAt: slot, endedAt: slot.addingTimeInterval(600), outcome: .adviceGiven),
            VideoFact(slotAt: slot, callStartedAt: slot, endedAt: slot.addingTimeInterval(1200), outcome: .switchedToPhone),
            VideoFact(slotAt: slot, callStartedAt: nil, endedAt: slot, outcome: .didNotAttend),
            VideoFact(slotAt: slot, callStartedAt: nil, endedAt: nil, outcome: nil),
            VideoFact(slotAt: Self.uk("2026-12-01 09:00"), callStartedAt: nil, endedAt: nil, outcome: nil),
        ]
        // MUT
        let activity = PracticeActivity(month: november, requests: [], videos: videos, tallies: [])
        // validate
        #expect(activity.total.videoBooked == 4)
        #expect(activity.total.videoHeld == 2)
        #expect(activity.total.videoLength.medianSeconds == 900)
        #expect(activity.days[3].counts.videoBooked == 4)
    }

    @Test func theCSVHasADayRowForEveryDayAndATotalWithTheSameColumns() throws {
        // setup
        let february = try #require(ActivityMonth("2027-02"))
        let activity = PracticeActivity(
            month: february, requests: [Self.request("2027-02-10 09:00", triagedAfterMinutes: 90)], videos: [], tallies: [])
        // MUT
        let csv = ActivityCSV.document([("L81008", "=Riverside, Surgery", activity)])
        // validate
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 + 28 + 1)
        #expect(
            lines[0].hasPrefix(
                "ods_code,practice,date,requests,type_clinical,type_medication,type_admin,channel_patient,channel_proxy,channel_staff_on_behalf"
            ))
        #expect(lines[10].hasPrefix("L81008,\"'=Riverside, Surgery\",2027-02-10,1,1,0,0,1,0,0,1,0,0,1,0,90,90,"))
        #expect(lines.last!.contains(",total,1,"))
        #expect(lines[1].contains(",2027-02-01,0,") && lines[1].contains(",0,0,,,"))
    }
}
