import Domain
import Foundation
import Testing

@Suite struct TriageRequestRulesTests {
    @Test func allowedMoves() {
        let allowed: Set<String> = [
            "new>inTriage",
            "inTriage>waitingForPatient", "inTriage>booked", "inTriage>closed",
            "waitingForPatient>inTriage", "waitingForPatient>booked", "waitingForPatient>closed",
            "booked>closed", "booked>inTriage",
        ]
        for from in TriageStatus.allCases {
            for to in TriageStatus.allCases {
                #expect(from.canMove(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) → \(to)")
            }
        }
        #expect(TriageStatus.closed.nextStatuses.isEmpty)
        #expect(TriageStatus.new.nextStatuses == [.inTriage])
    }

    @Test func urgencyOrders() {
        #expect(Urgency.routine < .soon && Urgency.soon < .today)
        #expect(Urgency.allCases.sorted(by: >) == [.today, .soon, .routine])
    }

    @Test func everyCaseHasADisplayName() {
        let names =
            RequestKind.allCases.map(\.displayName) + AdminTopic.allCases.map(\.displayName)
            + Urgency.allCases.map(\.displayName) + TriageStatus.allCases.map(\.displayName)
            + BookingMode.allCases.map(\.displayName) + Outcome.allCases.map(\.displayName)
        #expect(names.allSatisfy { !$0.isEmpty })
        #expect(Set(Outcome.allCases.map(\.displayName)).count == Outcome.allCases.count)
        #expect(AdminTopic.fitNote.displayName == "Fit note (sick note)")
    }

    @Test func queueOrderPutsRedFlagsThenUrgencyThenOldest() {
        // setup
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let items: [(String, TriageOrder)] = [
            ("routine old", TriageOrder(redFlagged: false, urgency: .routine, receivedAt: t0)),
            ("today new", TriageOrder(redFlagged: false, urgency: .today, receivedAt: t0 + 600)),
            ("flag routine new", TriageOrder(redFlagged: true, urgency: .routine, receivedAt: t0 + 900)),
            ("today old", TriageOrder(redFlagged: false, urgency: .today, receivedAt: t0 + 60)),
            ("soon", TriageOrder(redFlagged: false, urgency: .soon, receivedAt: t0 - 3600)),
            ("flag today", TriageOrder(redFlagged: true, urgency: .today, receivedAt: t0 + 1200)),
        ]
        // MUT
        let sorted = items.sorted { TriageOrder.areInIncreasingOrder($0.1, $1.1) }.map(\.0)
        // validate
        #expect(sorted == ["flag today", "flag routine new", "today old", "today new", "soon", "routine old"])
        let same = TriageOrder(redFlagged: false, urgency: .soon, receivedAt: t0)
        #expect(!(same < same))
        // the database's order (rank descending, then oldest) is the same order
        let byRank = items.sorted { ($0.1.rank, -$0.1.receivedAt.timeIntervalSince1970) > ($1.1.rank, -$1.1.receivedAt.timeIntervalSince1970) }.map(\.0)
        #expect(byRank == sorted)
    }
}
