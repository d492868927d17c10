import Domain
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import App

/// `import-ods` on a generated epraccur-format file.
@Suite struct ODSImportTests {
    /// 10,000 practices under 20 commissioners, with one malformed line (26 columns) at `badLine`.
    static func generatedFile(rows: Int = 10_000, badLine: Int = 5_000) -> String {
        var lines: [String] = []
        for index in 1...rows {
            if index == badLine {
                lines.append(Array(repeating: "\"x\"", count: 26).joined(separator: ","))
                continue
            }
            let letter = ["A", "B", "C", "D", "E"][index % 5]
            let record = PracticeRecord(
                code: try! ODSCode(String(format: "%@%05d", letter, index), kind: .practice),
                name: "Practice number \(index), \"The Surgery\"", addressLines: ["\(index) High Street", "Town"],
                postcode: "LS1 \(index % 9)AB", opened: CalendarDay("1974-04-01"), closed: nil, status: .active,
                commissionerCode: String(format: "%02dX", index % 20), telephone: "0113 496 \(String(format: "%04d", index % 10000))",
                prescribingSetting: 4)
            lines.append(Epraccur.line(for: record))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    @Test func tenThousandRowsWithProgressIdempotentAndMalformedReported() async throws {
        try await withTestApp { app in
            // setup
            let text = Self.generatedFile()
            var seen: [Int] = []
            // MUT
            let first = try await ODSImport(database: app.db).run(text: text) { done, total in
                #expect(total == 10_000)
                seen.append(done)
            }
            // validate
            #expect(first.rows == 10_000)
            #expect(first.created == 9_999)
            #expect(first.problems.map(\.line) == [5_000])
            #expect(first.problems.first?.message.isEmpty == false)
            #expect(seen.count >= 10)
            #expect(seen == seen.sorted())
            #expect(seen.last == 10_000)
            let practices = try await Organisation.query(on: app.db).filter(\.$kind == OrganisationKind.practice).count()
            #expect(practices == 9_999)
            #expect(try await Organisation.query(on: app.db).filter(\.$kind == OrganisationKind.subICB).count() == 20)
            let sample = try #require(try await Organisation.query(on: app.db).filter(\.$odsCode == "B00001").first())
            #expect(sample.name == "Practice number 1, \"The Surgery\"")
            #expect(sample.parentID != nil)

            // MUT: the same file again changes nothing
            let second = try await ODSImport(database: app.db).run(text: text) { _, _ in }
            #expect(second.created == 0)
            #expect(second.updated == 0)
            #expect(second.unchanged == 9_999)
            #expect(try await Organisation.query(on: app.db).count() == 9_999 + 20)
        }
    }

    @Test func aChangedRowIsUpdated() async throws {
        try await withTestApp { app in
            let text = Self.generatedFile(rows: 30, badLine: 0)
            _ = try await ODSImport(database: app.db).run(text: text) { _, _ in }
            let changed = text.replacingOccurrences(of: "Practice number 7,", with: "Renamed practice 7,")
            let report = try await ODSImport(database: app.db).run(text: changed) { _, _ in }
            #expect(report.updated == 1)
            #expect(report.unchanged == 29)
        }
    }

    @Test func theCommandReadsAFileAndAuditsTheImport() async throws {
        try await withTestApp { app in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("epraccur-\(UUID()).csv").path
            try Self.generatedFile(rows: 50, badLine: 10).write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            app.environment.arguments = ["surgery", "import-ods", path]
            try await app.execute()
            #expect(try await Organisation.query(on: app.db).filter(\.$kind == OrganisationKind.practice).count() == 49)
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == AuditAction.odsImported.rawValue).first()
            #expect(audit?.detail.contains("49 created") == true)
        }
    }
}
