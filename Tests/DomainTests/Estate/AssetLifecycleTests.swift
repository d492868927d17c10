import Domain
import Foundation
import XCTest

final class AssetLifecycleTests: XCTestCase {
    /// The lifecycle written out independently of the code, as the table in the specification.
    let table: [AssetState: Set<AssetState>] = [
        .onOrder: [.inStock],
        .inStock: [.allocated, .inRepair, .retired, .lost, .stolen],
        .allocated: [.inTransit, .inUse, .inStock],
        .inTransit: [.inUse, .inStock, .lost, .stolen],
        .inUse: [.inRepair, .lost, .stolen, .returned],
        .inRepair: [.inUse, .inStock, .retired],
        .lost: [.returned, .retired],
        .stolen: [.returned, .retired],
        .returned: [.inStock, .retired],
        .retired: [.disposed],
        .disposed: [],
    ]

    func testAllowedNextMatchesTheTable() {
        for state in AssetState.allCases {
            XCTAssertEqual(state.allowedNext, table[state], "\(state)")
        }
    }

    func testEveryPairOfStatesIsCheckedAgainstTheTable() {
        for from in AssetState.allCases {
            for to in AssetState.allCases {
                let allowed = from == to || table[from]!.contains(to)
                do {
                    try AssetMove.check(from: from, to: to, certificate: "WEEE-2025-0042", personID: UUID())
                    XCTAssertTrue(allowed, "\(from) → \(to) should be refused")
                } catch {
                    XCTAssertFalse(allowed, "\(from) → \(to) should be allowed")
                    XCTAssertEqual(error, .notAllowed(from: from, to: to))
                }
            }
        }
    }

    func testStayingPutIsAlwaysAllowed() throws {
        for state in AssetState.allCases {
            try AssetMove.check(from: state, to: state, certificate: nil, personID: nil)
        }
    }

    func testDisposalWithoutACertificateIsRefused() throws {
        for certificate in [nil, "", "   ", "\n"] as [String?] {
            assertEstateThrows(AssetMoveError.certificateRequired) {
                try AssetMove.check(from: .retired, to: .disposed, certificate: certificate, personID: nil)
            }
        }
        try AssetMove.check(from: .retired, to: .disposed, certificate: "WEEE-2025-0042", personID: nil)
    }

    func testAnUnlistedMoveIsRefusedBeforeAnythingElse() {
        assertEstateThrows(AssetMoveError.notAllowed(from: .inUse, to: .disposed)) {
            try AssetMove.check(from: .inUse, to: .disposed, certificate: nil, personID: nil)
        }
    }

    func testAllocationTransitAndUseNeedAPerson() throws {
        let moves: [(AssetState, AssetState)] = [
            (.inStock, .allocated), (.allocated, .inTransit), (.inTransit, .inUse), (.inRepair, .inUse),
        ]
        for (from, to) in moves {
            assertEstateThrows(AssetMoveError.personRequired(to)) {
                try AssetMove.check(from: from, to: to, certificate: nil, personID: nil)
            }
            try AssetMove.check(from: from, to: to, certificate: nil, personID: UUID())
        }
        // Repair, loss and return do not name a person.
        try AssetMove.check(from: .inUse, to: .inRepair, certificate: nil, personID: nil)
        try AssetMove.check(from: .inUse, to: .stolen, certificate: nil, personID: nil)
        try AssetMove.check(from: .inUse, to: .returned, certificate: nil, personID: nil)
    }

    func testWhoHoldsAndWhatIsActive() {
        XCTAssertEqual(Set(AssetState.allCases.filter(\.holdsPerson)), [.allocated, .inTransit, .inUse, .inRepair])
        XCTAssertEqual(Set(AssetState.allCases.filter { !$0.isActive }), [.retired, .disposed])
    }

    func testNamesAndParsing() {
        XCTAssertEqual(
            AssetState.allCases.map(\.displayName),
            ["On order", "In stock", "Allocated", "In transit", "In use", "In repair", "Lost", "Stolen", "Returned", "Retired", "Disposed"])
        XCTAssertEqual(
            AssetState.allCases.map(\.rawValue),
            ["on_order", "in_stock", "allocated", "in_transit", "in_use", "in_repair", "lost", "stolen", "returned", "retired", "disposed"])
        for state in AssetState.allCases {
            XCTAssertEqual(AssetState.parse(state.rawValue.uppercased()), state)
            XCTAssertEqual(AssetState.parse(" \(state.displayName.lowercased()) "), state)
        }
        XCTAssertNil(AssetState.parse("in-use"))
        XCTAssertNil(AssetState.parse(""))
    }

    func testMessagesSayWhatToDoNext() {
        XCTAssertEqual(
            AssetMoveError.notAllowed(from: .inUse, to: .inStock).description,
            "An asset that is in use cannot move straight to in stock. From in use it may move to in repair, lost, stolen or returned.")
        XCTAssertEqual(
            AssetMoveError.notAllowed(from: .onOrder, to: .inUse).description,
            "An asset that is on order cannot move straight to in use. From on order it may move to in stock.")
        XCTAssertTrue(AssetMoveError.notAllowed(from: .disposed, to: .inStock).description.contains("disposal is final"))
        XCTAssertTrue(AssetMoveError.certificateRequired.description.contains("Enter the certificate reference"))
        XCTAssertEqual(
            AssetMoveError.personRequired(.inTransit).description,
            "An asset that is in transit must be with a named person. Choose who holds it, then try again.")
    }
}
