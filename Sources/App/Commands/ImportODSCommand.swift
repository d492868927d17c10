import Domain
import Fluent
import Foundation
import Vapor

/// `surgery import-ods FILE`: loads the public GP practice file (epraccur: no header, 27 columns).
struct ImportODSCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Path to epraccur.csv")
        var file: String
    }

    var help: String { "Imports or updates organisations from the public practice file (epraccur.csv)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard FileManager.default.isReadableFile(atPath: signature.file) else {
            throw CommandLineProblem(description: "Cannot read \(signature.file). Give the path to epraccur.csv.")
        }
        guard let data = FileManager.default.contents(atPath: signature.file), let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw CommandLineProblem(description: "\(signature.file) is not a text file.")
        }
        let console = context.console
        let report = try await ODSImport(database: context.application.db).run(text: text) { done, total in
            console.output("Imported \(done) of \(total) rows (\(total == 0 ? 100 : done * 100 / total)%)", style: .plain, newLine: true)
        }
        for problem in report.problems.prefix(100) { console.warning("Line \(problem.line): \(problem.message)") }
        if report.problems.count > 100 { console.warning("… and \(report.problems.count - 100) more malformed lines.") }
        console.print(report.summary)
        try await context.application.auditTrail.append(
            AuditRecord(action: .odsImported, recordType: "file", recordID: URL(fileURLWithPath: signature.file).lastPathComponent, detail: report.summary),
            on: context.application.db)
    }
}
