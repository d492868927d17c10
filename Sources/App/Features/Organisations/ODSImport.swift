import Domain
import Fluent
import Foundation

/// Upserts organisations from epraccur lines: idempotent, batch by batch, keeping every good row when some are bad.
struct ODSImport {
    let database: any Database
    var batchSize = 500

    /// One malformed line.
    struct Problem: Sendable, Equatable {
        var line: Int
        var message: String
    }

    /// What an import did.
    struct Report: Sendable {
        var rows = 0
        var created = 0
        var updated = 0
        var unchanged = 0
        var problems: [Problem] = []

        var summary: String {
            "\(rows) rows: \(created) created, \(updated) updated, \(unchanged) unchanged, \(problems.count) malformed."
        }
    }

    func run(text: String, progress: (_ done: Int, _ total: Int) -> Void) async throws -> Report {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var numbered: [(Int, String)] = []
        for (index, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            numbered.append((index + 1, line))
        }
        var report = Report()
        report.rows = numbered.count
        var known = try await existingOrganisations()
        var done = 0
        let step = max(1, numbered.count / 20)
        var nextProgress = step
        for start in stride(from: 0, to: numbered.count, by: batchSize) {
            let batch = numbered[start..<min(start + batchSize, numbered.count)]
            var records: [PracticeRecord] = []
            for (line, text) in batch {
                do { records.append(try Epraccur.record(from: text)) } catch {
                    report.problems.append(Problem(line: line, message: error.message))
                }
            }
            let parsed = records
            let (knownAfter, reportAfter) = try await database.writeTransaction { [known, report] tx in
                var known = known
                var report = report
                for record in parsed {
                    try await upsert(record, known: &known, report: &report, on: tx)
                }
                return (known, report)
            }
            known = knownAfter
            report = reportAfter
            done += batch.count
            if done >= nextProgress || done == numbered.count {
                progress(done, numbered.count)
                nextProgress = done + step
            }
        }
        if numbered.isEmpty { progress(0, 0) }
        return report
    }

    private func existingOrganisations() async throws -> [String: Organisation] {
        var map: [String: Organisation] = [:]
        for org in try await Organisation.query(on: database).all() { map[org.odsCode] = org }
        return map
    }

    private static func kind(for setting: Int?) -> OrganisationKind {
        switch setting {
        case 2, 3: .outOfHours
        case 12: .urgentCare
        default: .practice
        }
    }

    private func upsert(_ record: PracticeRecord, known: inout [String: Organisation], report: inout Report, on db: any Database) async throws {
        var parentID: UUID?
        if let code = record.commissionerCode, let commissioner = try? ODSCode(anyKind: code) {
            if let existing = known[commissioner.value] {
                parentID = existing.id
            } else {
                let stub = Organisation(odsCode: commissioner.value, name: "Commissioner \(commissioner.value)", kind: .subICB)
                try await stub.create(on: db)
                known[commissioner.value] = stub
                parentID = stub.id
            }
        }
        let org = known[record.code.value] ?? Organisation(odsCode: record.code.value, name: record.name, kind: Self.kind(for: record.prescribingSetting))
        let isNew = org.id == nil
        let before = isNew ? nil : Self.fingerprint(org)
        org.name = record.name
        org.kind = Self.kind(for: record.prescribingSetting)
        org.address = record.addressLines.isEmpty ? nil : record.addressLines.joined(separator: ", ")
        org.postcode = record.postcode.isEmpty ? nil : record.postcode
        org.telephone = record.telephone
        org.status = record.status
        org.openedOn = record.opened
        org.closedOn = record.closed
        org.parentID = parentID
        if isNew {
            try await org.create(on: db)
            known[org.odsCode] = org
            report.created += 1
        } else if before != Self.fingerprint(org) {
            try await org.save(on: db)
            report.updated += 1
        } else {
            report.unchanged += 1
        }
    }

    private static func fingerprint(_ org: Organisation) -> [String?] {
        [org.name, org.kind.rawValue, org.address, org.postcode, org.telephone, org.status.rawValue, org.openedOn?.iso, org.closedOn?.iso, org.parentID?.uuidString]
    }
}
