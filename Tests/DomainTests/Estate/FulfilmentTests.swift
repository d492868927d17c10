import Domain
import Foundation
import XCTest

final class FulfilmentTests: XCTestCase {
    /// Each kind's allowed moves, written out independently of the code.
    let table: [EstateRequestKind: [EstateRequestStatus: Set<EstateRequestStatus>]] = [
        .kit: [
            .draft: [.awaitingApproval, .withdrawn],
            .awaitingApproval: [.approved, .rejected, .withdrawn],
            .approved: [.ordered],
            .ordered: [.dispatched],
            .dispatched: [.delivered],
            .delivered: [.accepted],
            .accepted: [.returned],
        ],
        .claim: [
            .draft: [.awaitingApproval, .withdrawn],
            .awaitingApproval: [.approved, .rejected, .reimbursed, .withdrawn],
            .approved: [.reimbursed],
        ],
    ]

    func testEveryPairOfStatusesForEachKind() {
        for kind in EstateRequestKind.allCases {
            for from in EstateRequestStatus.allCases {
                for to in EstateRequestStatus.allCases {
                    let allowed = table[kind]![from, default: []].contains(to)
                    do {
                        try Fulfilment.check(kind: kind, from: from, to: to, tracking: "JD014600006281234567")
                        XCTAssertTrue(allowed, "\(kind) \(from) → \(to) should be refused")
                    } catch {
                        XCTAssertFalse(allowed, "\(kind) \(from) → \(to) should be allowed")
                    }
                }
            }
        }
    }

    func testAKitRequestWalksToAcceptance() throws {
        let path: [EstateRequestStatus] = [.draft, .awaitingApproval, .approved, .ordered, .dispatched, .delivered, .accepted, .returned]
        for (from, to) in zip(path, path.dropFirst()) {
            try Fulfilment.check(kind: .kit, from: from, to: to, tracking: "TRK-1")
        }
    }

    func testDispatchNeedsATrackingReference() throws {
        for tracking in [nil, "", "  \t"] as [String?] {
            assertEstateThrows(FulfilmentError.trackingRequired) {
                try Fulfilment.check(kind: .kit, from: .ordered, to: .dispatched, tracking: tracking)
            }
        }
        try Fulfilment.check(kind: .kit, from: .ordered, to: .dispatched, tracking: "JD0146")
        try Fulfilment.check(kind: .kit, from: .dispatched, to: .delivered, tracking: nil)
    }

    func testClaimsAreReimbursedNotOrdered() throws {
        try Fulfilment.check(kind: .claim, from: .approved, to: .reimbursed, tracking: nil)
        try Fulfilment.check(kind: .claim, from: .awaitingApproval, to: .reimbursed, tracking: nil)
        for to in [EstateRequestStatus.ordered, .dispatched, .delivered, .accepted, .returned] {
            assertEstateThrows(FulfilmentError.claimsAreNotOrdered) {
                try Fulfilment.check(kind: .claim, from: .approved, to: to, tracking: "TRK")
            }
        }
        assertEstateThrows(FulfilmentError.notAllowed(from: .approved, to: .reimbursed)) {
            try Fulfilment.check(kind: .kit, from: .approved, to: .reimbursed, tracking: nil)
        }
    }

    func testStayingPutAndSkippingAreRefused() {
        assertEstateThrows(FulfilmentError.notAllowed(from: .ordered, to: .ordered)) {
            try Fulfilment.check(kind: .kit, from: .ordered, to: .ordered, tracking: nil)
        }
        assertEstateThrows(FulfilmentError.notAllowed(from: .approved, to: .delivered)) {
            try Fulfilment.check(kind: .kit, from: .approved, to: .delivered, tracking: nil)
        }
        assertEstateThrows(FulfilmentError.notAllowed(from: .approved, to: .withdrawn)) {
            try Fulfilment.check(kind: .kit, from: .approved, to: .withdrawn, tracking: nil)
        }
    }

    func testStatusFollowsTheApprovalChain() {
        XCTAssertEqual(Fulfilment.status(after: .awaiting(.national), kind: .kit), .awaitingApproval)
        XCTAssertEqual(Fulfilment.status(after: .awaiting(.practiceManager), kind: .claim), .awaitingApproval)
        XCTAssertEqual(Fulfilment.status(after: .approved, kind: .kit), .approved)
        XCTAssertEqual(Fulfilment.status(after: .approved, kind: .claim), .reimbursed)
        XCTAssertEqual(Fulfilment.status(after: .rejected(at: .commissionerITLead), kind: .kit), .rejected)
        XCTAssertEqual(Fulfilment.status(after: .rejected(at: .practiceManager), kind: .claim), .rejected)
    }

    func testLinesMustBeThereAndSensible() throws {
        assertEstateThrows(FulfilmentError.emptyRequest) { try Fulfilment.validateLines([]) }
        for bad in [0, -1, 501, Int.max] {
            let lines = [DraftLine(kind: .laptop, unitCost: 75_000), DraftLine(kind: .headset, quantity: bad, unitCost: 4_000)]
            assertEstateThrows(FulfilmentError.badQuantity(bad)) { try Fulfilment.validateLines(lines) }
        }
        try Fulfilment.validateLines([
            DraftLine(kind: .headset, quantity: 1, unitCost: 4_000), DraftLine(kind: .webcam, quantity: 500, unitCost: 5_000),
        ])
    }

    func testCostAddsUpTheLines() {
        XCTAssertEqual(Fulfilment.cost(of: []), 0)
        let lines = [DraftLine(kind: .laptop, quantity: 2, unitCost: 75_000), DraftLine(kind: .headset, quantity: 3, unitCost: 4_000)]
        XCTAssertEqual(Fulfilment.cost(of: lines), 162_000)
    }

    func testNamesAndMessages() {
        XCTAssertEqual(
            EstateRequestStatus.allCases.map(\.displayName),
            [
                "Draft", "Awaiting approval", "Approved", "Rejected", "Ordered", "Dispatched", "Delivered", "Accepted", "Returned",
                "Reimbursed", "Withdrawn",
            ])
        XCTAssertEqual(EstateRequestStatus.awaitingApproval.rawValue, "awaiting_approval")
        XCTAssertEqual(
            FulfilmentError.notAllowed(from: .ordered, to: .delivered).description,
            "A request that is ordered cannot be marked delivered. "
                + "Mark it dispatched, with the courier's tracking reference, when it is sent.")
        XCTAssertTrue(FulfilmentError.notAllowed(from: .rejected, to: .approved).description.contains("raise a new request"))
        XCTAssertTrue(FulfilmentError.notAllowed(from: .ordered, to: .ordered).description.contains("already ordered"))
        XCTAssertTrue(FulfilmentError.trackingRequired.description.contains("tracking reference"))
        XCTAssertTrue(FulfilmentError.claimsAreNotOrdered.description.contains("marked reimbursed"))
        XCTAssertTrue(FulfilmentError.emptyRequest.description.contains("Add the kit"))
        XCTAssertTrue(FulfilmentError.badQuantity(0).description.contains("from 1 to 500, not 0"))
    }
}
