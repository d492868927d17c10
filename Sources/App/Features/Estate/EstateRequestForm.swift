import Domain
import Fluent
import Foundation
import Vapor

/// A new request for kit: up to three lines and a justification.
struct EstateRequestForm: Content {
    var justification: String = ""
    var kind1: String = ""
    var quantity1: String = "1"
    var person1: String = ""
    var kind2: String = ""
    var quantity2: String = "1"
    var person2: String = ""
    var kind3: String = ""
    var quantity3: String = "1"
    var person3: String = ""

    var entries: [(index: Int, kind: String, quantity: String, person: String)] {
        [(1, kind1, quantity1, person1), (2, kind2, quantity2, person2), (3, kind3, quantity3, person3)]
    }

    /// The lines at today's prices, or what is wrong with each field.
    func lines(at organisation: Organisation, on db: any Database, today: CalendarDay) async throws -> ([DraftLine], [FormError]) {
        let staff = try await EstateRequestForm.staff(at: organisation, on: db, today: today)
        var lines: [DraftLine] = []
        var errors: [FormError] = []
        if justification.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(.init(field: "justification", message: "Say why the kit is needed."))
        }
        for entry in entries where !entry.kind.isEmpty {
            guard let kind = AssetKind.parse(entry.kind) else {
                errors.append(.init(field: "kind\(entry.index)", message: "Choose a kind of kit for line \(entry.index)."))
                continue
            }
            guard let quantity = Int(entry.quantity.trimmingCharacters(in: .whitespaces)), (1...500).contains(quantity) else {
                errors.append(.init(field: "quantity\(entry.index)", message: "Line \(entry.index): enter how many, from 1 to 500."))
                continue
            }
            var personID: UUID?
            if !entry.person.isEmpty {
                guard let id = UUID(uuidString: entry.person), staff.contains(where: { $0.id == id }) else {
                    errors.append(.init(field: "person\(entry.index)", message: "Line \(entry.index): choose someone who works here."))
                    continue
                }
                personID = id
            }
            lines.append(DraftLine(kind: kind, quantity: quantity, personID: personID, unitCost: kind.typicalUnitCost))
        }
        if lines.isEmpty, errors.isEmpty { errors.append(.init(field: "kind1", message: "Add at least one line.")) }
        return (lines, errors)
    }

    /// The people with an active engagement at the organisation, by name.
    static func staff(at organisation: Organisation, on db: any Database, today: CalendarDay) async throws -> [Person] {
        let engagements = try await Engagement.query(on: db).filter(\.$organisation.$id == organisation.requireID()).with(\.$person).all()
        var seen = Set<UUID>()
        return engagements.filter { $0.isActive(on: today) }.map(\.person)
            .filter { person in person.id.map { seen.insert($0).inserted } ?? false }
            .sorted { $0.name < $1.name }
    }
}
