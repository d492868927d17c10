import Domain
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import App

/// CSV import: 100,000 rows with progress, malformed rows reported by line and the rest kept, and a second import
/// of the same file changing nothing. The upload page and the export speak the same format.
@Suite struct EstateImportTests {
    /// 100,000 data rows for practice A; the rows at `bad` lines are malformed in different ways.
    static func file(rows: Int, bad: [Int: String]) -> String {
        var lines = [AssetCSV.header.joined(separator: ",")]
        lines.reserveCapacity(rows + 1)
        let kinds = ["laptop", "headset", "webcam", "phone", "data_plan", "hardware_token"]
        for index in 1...rows {
            let line = index + 1
            if let broken = bad[line] {
                lines.append(broken)
                continue
            }
            let kind = kinds[index % kinds.count]
            lines.append(
                "IMP-\(String(format: "%06d", index)),SN\(index),\(kind),Dell,Latitude \(index % 7),\(TestWorld.codeA),practice,,Store \(index % 3),in_stock,encrypted,Windows 11,2031-10-14,2026-11-20,no,"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let bad: [Int: String] = [
        10: "IMP-BAD-1,SN,lapptop,Dell,X,A81001,practice,,,in_stock,encrypted,,,,no,",
        500: "IMP-BAD-2,too,few,fields",
        7_000: "IMP-BAD-3,SN,laptop,Dell,X,A81001,practice,nobody@nowhere.test,,in_use,encrypted,,,,no,",
        65_432: "IMP-BAD-4,SN,laptop,Dell,X,\(TestWorld.codeB),practice,,,in_stock,encrypted,,,,no,",
        99_999: "IMP-BAD-5,SN,laptop,Dell,X,A81001,practice,,,disposed,encrypted,,,,no,",
    ]

    @Test func aHundredThousandRowsWithProgressErrorsByLineAndNothingChangedTheSecondTime() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            let text = Self.file(rows: 100_000, bad: Self.bad)
            let manager = try #require(try await Person.find(world.managerA.id, on: app.db))
            let session = StaffSession(personID: world.managerA.id, tokenDigest: "x", now: Date(), sourceAddress: nil)
            let staff = try #require(try await StaffContext.load(person: manager, session: session, on: app.db, now: Date()))
            let seen = NIOLockedValueBox<[Int]>([])
            func run() async throws -> EstateImport {
                let record = EstateImport(byID: world.managerA.id, organisationID: world.practiceA, fileName: "estate.csv", at: Date())
                try await record.create(on: app.db)
                var importer = EstateImporter(
                    db: app.db, scope: try await EstateScope.load(for: staff, on: app.db), byID: world.managerA.id)
                importer.progress = { processed in seen.withLockedValue { $0.append(processed) } }
                await importer.run(text, importID: try record.requireID())
                return try #require(try await EstateImport.find(try record.requireID(), on: app.db))
            }
            // MUT: the first import
            let first = try await run()
            let progressFirst = seen.withLockedValue { $0 }
            let historyAfterFirst = try await EstateAssetChange.query(on: app.db).count()
            let sample = try #require(try await EstateAsset.query(on: app.db).filter(\.$tag == "IMP-054321").first())
            // validate: every good row kept, every bad one reported by its line, progress shown as it went
            #expect(first.status.rawValue == "finished")
            #expect(first.totalRows == 100_000)
            #expect(first.createdCount == 99_995 && first.updatedCount == 0 && first.errorCount == 5)
            #expect(progressFirst.count >= 100 && progressFirst == progressFirst.sorted() && progressFirst.last == 100_000)
            #expect(progressFirst.first! < 100_000 / 2, "progress is told before the end")
            let errors = try await EstateImportRejectedLine.query(on: app.db).filter(\.$importID == first.requireID()).sort(\.$line).all()
            #expect(errors.map(\.line) == [10, 500, 7_000, 65_432, 99_999])
            #expect(errors[0].message.contains("lapptop") && errors[3].message.contains(TestWorld.codeB))
            #expect(errors[4].message.contains("certificate"))
            #expect(sample.kind.rawValue == "phone" && sample.location == "Store 0" && sample.osEndOfSupport == "2031-10-14")
            // MUT: the same file again
            seen.withLockedValue { $0 = [] }
            let second = try await run()
            // validate: nothing changed
            #expect(second.createdCount == 0 && second.updatedCount == 0 && second.unchangedCount == 99_995 && second.errorCount == 5)
            #expect(try await EstateAssetChange.query(on: app.db).count() == historyAfterFirst)
            #expect(try await EstateAsset.query(on: app.db).count() == 99_995 + 1)
        }
    }

    @Test func theUploadShowsProgressAndAChangedRowKeepsItsHistory() async throws {
        try await withTestApp { app in
            // setup
            let world = try await TestWorld.make(on: app)
            var manager = try await TestBrowser.signedIn(app, personID: world.managerA.id)
            let exported = try await manager.get(SiteURL.estateAssetsCSV.path)
            let edited =
                exported.body.string.replacingOccurrences(of: "Marker-A Make", with: "Marker-A Remade")
                + "NEW-1,SN-N1,headset,Jabra,Evolve2,\(TestWorld.codeA),practice,,,in_stock,unknown,,,,no,\r\nNEW-2,,laptop,,,,practice,,,in_stock,,,,,no,\r\n"
            // MUT
            let uploaded = try await manager.postMultipart(SiteURL.estateImports.path) { body in
                body.file("file", filename: "assets.csv", contentType: "text/csv", data: Array(edited.utf8))
            }
            await app.estateWork.drain(seconds: 60)
            let page = try await manager.get(uploaded.location)
            let empty = try await manager.postMultipart(SiteURL.estateImports.path) { _ in }
            // validate
            #expect(exported.headers.contentType?.subType == "csv")
            #expect(AssetCSV.parse(exported.body.string).rows.map(\.row.tag) == ["ALPHA-0001"])
            #expect(uploaded.status == .seeOther && uploaded.location.hasPrefix("/estate/imports/"))
            let html = page.body.string
            #expect(html.contains("<progress") && html.contains("Import finished."))
            #expect(html.contains("line 4: owner_ods"), "the row without an owner is refused by line: \(html)")
            let asset = try #require(try await EstateAsset.find(world.estateAssetA, on: app.db))
            #expect(asset.make == "Marker-A Remade")
            let history = try await EstateAssetChange.query(on: app.db).filter(\.$assetID == world.estateAssetA).all()
            #expect(
                history.contains { $0.summary.contains("Marker-A Make") && $0.summary.contains("Marker-A Remade") && $0.source == "import" }
            )
            #expect(try await EstateAsset.query(on: app.db).filter(\.$tag == "NEW-1").count() == 1)
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Choose a CSV file"))
        }
    }
}
