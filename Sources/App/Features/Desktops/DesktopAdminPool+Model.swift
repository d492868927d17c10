import Domain
import Fluent
import Foundation

/// One pool's administration: utilisation, hosts and their health, who sits where, the line, and adding a host.
enum DesktopAdminPool {
    /// What the page shows, as of `now`.
    struct Model: Sendable {
        var pool: DesktopPool
        /// The program that cleans a seat between people, from the pool's file on the server; nil: none.
        var resetProgram: String?
        var hosts: [DesktopHost]
        var seats: [DesktopSeat]
        /// The waiting line, first first.
        var line: [DesktopWaitingEntry]
        /// The names of the people in seats and in line.
        var names: [UUID: String]
        /// The pool's samples of the last 24 hours, oldest first.
        var samples: [DesktopPoolSample]
        var hostForm: DesktopHostForm
        var errors: [FormError]
        var now: Date

        /// Checks the person manages this pool, then finds its hosts, seats, line and the last day's samples.
        static func load(
            _ id: UUID, hostForm: DesktopHostForm, errors: [FormError], for staff: StaffContext, now: Date, on db: any Database
        ) async throws -> Model {
            let scope = try await DesktopAdminScope.load(for: staff, on: db)
            let pool = try await scope.pool(id, on: db)
            let poolID = try pool.requireID()
            let hosts = try await DesktopHost.query(on: db).filter(\.$poolID == poolID).sort(\.$name).all()
            let seats = try await DesktopSeat.query(on: db).filter(\.$poolID == poolID).sort(\.$name).all()
            let line = try await DesktopWaitingEntry.query(on: db).filter(\.$poolID == poolID).sort(\.$position).all()
            let peopleIDs = Set(seats.compactMap(\.personID) + line.map(\.personID))
            let people = try await Person.query(on: db).filter(\.$id ~~ peopleIDs).all()
            let names = Dictionary(uniqueKeysWithValues: people.compactMap { person in person.id.map { ($0, person.name) } })
            let samples = try await DesktopPoolSample.query(on: db).filter(\.$poolID == poolID)
                .filter(\.$minute >= now.addingTimeInterval(-24 * 3600)).sort(\.$minute).all()
            return Model(
                pool: pool, resetProgram: try pool.reset?.program, hosts: hosts, seats: seats, line: line, names: names, samples: samples,
                hostForm: hostForm, errors: errors, now: now)
        }
    }
}
