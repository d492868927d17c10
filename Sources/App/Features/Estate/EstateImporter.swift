import Domain
import Fluent
import Foundation
import Vapor

/// Imports assets from CSV in the background, in batches that each commit with the import's progress. Rows are
/// keyed by tag: a new tag creates an asset, a changed row updates it with a history row, an identical row changes
/// nothing, so importing the same file twice leaves the estate as the first import did.
struct EstateImporter: Sendable {
    let db: any Database
    let scope: EstateScope
    let byID: UUID
    var batchSize = 500
    /// Told the rows processed after each committed batch (tests watch progress through it).
    var progress: (@Sendable (Int) -> Void)?

    /// Parses and applies `text`, recording progress and errors by line on `importID`.
    func run(_ text: String, importID: UUID) async {
        do {
            let parsed = AssetCSV.parse(text)
            try await db.writeTransaction { tx in
                guard let record = try await EstateImport.find(importID, on: tx) else { return }
                record.totalRows = parsed.rows.count + parsed.errors.count
                record.processedRows = parsed.errors.count
                record.errorCount = parsed.errors.count
                try await record.save(on: tx)
                try await parsed.errors.map { EstateImportRejectedLine(importID: importID, line: $0.line, message: $0.message) }.create(on: tx)
            }
            let rows = parsed.rows
            for start in stride(from: 0, to: rows.count, by: batchSize) {
                let processed = try await apply(Array(rows[start..<min(start + batchSize, rows.count)]), importID: importID)
                progress?(processed)
            }
            try await finish(importID, failure: nil)
        } catch {
            try? await finish(
                importID, failure: "The import stopped: \(error). Rows before the stop were kept; import the file again to finish.")
        }
    }

    private func finish(_ importID: UUID, failure: String?) async throws {
        try await db.writeTransaction { tx in
            guard let record = try await EstateImport.find(importID, on: tx) else { return }
            record.status = failure == nil ? .finished : .failed
            record.failure = failure
            record.finishedAt = Date()
            try await record.save(on: tx)
        }
    }

    /// One batch in one transaction, with the import's counters.
    private func apply(_ batch: [(line: Int, row: AssetRow)], importID: UUID) async throws -> Int {
        let now = Date()
        let codes = Set(batch.map(\.row.ownerODS))
        let emails = Set(batch.compactMap(\.row.personEmail))
        return try await db.writeTransaction { tx in
            let organisations = try await Organisation.query(on: tx).filter(\.$odsCode ~~ codes).all()
            let orgByCode = Dictionary(organisations.map { ($0.odsCode, $0) }, uniquingKeysWith: { a, _ in a })
            let people = emails.isEmpty ? [] : try await Person.query(on: tx).filter(\.$email ~~ emails).all()
            let personByEmail = Dictionary(people.map { ($0.email, $0) }, uniquingKeysWith: { a, _ in a })
            let existing = try await EstateAsset.query(on: tx).filter(\.$tag ~~ batch.map(\.row.tag)).all()
            let assetByTag = Dictionary(existing.map { ($0.tag, $0) }, uniquingKeysWith: { a, _ in a })
            let codeByOrg = try await ownerCodes(of: existing, known: organisations, on: tx)
            let emailByPerson = try await personEmails(of: existing, known: people, on: tx)
            var errors: [EstateImportRejectedLine] = []
            var created: [EstateAsset] = []
            var changes: [EstateAssetChange] = []
            var unchanged = 0
            for (line, row) in batch {
                guard let owner = orgByCode[row.ownerODS], let ownerID = owner.id, scope.contains(ownerID) else {
                    errors.append(
                        .init(
                            importID: importID, line: line,
                            message: "line \(line): owner_ods \(row.ownerODS) is not an organisation you can see."))
                    continue
                }
                var personID: UUID?
                if let email = row.personEmail {
                    guard let person = personByEmail[email] else {
                        errors.append(
                            .init(
                                importID: importID, line: line,
                                message: "line \(line): person_email \(email) is not a member of staff here."))
                        continue
                    }
                    personID = person.id
                }
                guard let asset = assetByTag[row.tag] else {
                    let asset = EstateAsset()
                    asset.id = UUID()
                    asset.apply(row, ownerID: ownerID, personID: personID)
                    created.append(asset)
                    changes.append(.init(assetID: asset.id!, at: now, byID: byID, source: "import", summary: "created"))
                    continue
                }
                guard scope.contains(asset.ownerID) else {
                    errors.append(
                        .init(
                            importID: importID, line: line,
                            message: "line \(line): tag \(row.tag) belongs to an organisation you cannot see."))
                    continue
                }
                let before = asset.row(ownerODS: codeByOrg[asset.ownerID] ?? "", personEmail: asset.personID.flatMap { emailByPerson[$0] })
                let differences = row.changes(from: before)
                guard !differences.isEmpty else {
                    unchanged += 1
                    continue
                }
                asset.apply(row, ownerID: ownerID, personID: personID)
                try await asset.save(on: tx)
                changes.append(
                    .init(
                        assetID: try asset.requireID(), at: now, byID: byID, source: "import", summary: differences.joined(separator: "; "))
                )
            }
            if !created.isEmpty { try await created.create(on: tx) }
            if !changes.isEmpty { try await changes.create(on: tx) }
            if !errors.isEmpty { try await errors.create(on: tx) }
            guard let record = try await EstateImport.find(importID, on: tx) else { return 0 }
            record.processedRows += batch.count
            record.createdCount += created.count
            record.updatedCount += changes.count - created.count
            record.unchangedCount += unchanged
            record.errorCount += errors.count
            try await record.save(on: tx)
            return record.processedRows
        }
    }

    private func ownerCodes(of assets: [EstateAsset], known: [Organisation], on db: any Database) async throws -> [UUID: String] {
        var codes = Dictionary(known.compactMap { org in org.id.map { ($0, org.odsCode) } }, uniquingKeysWith: { a, _ in a })
        let missing = Set(assets.map(\.ownerID)).subtracting(codes.keys)
        if !missing.isEmpty {
            for org in try await Organisation.query(on: db).filter(\.$id ~~ missing).all() { codes[org.id!] = org.odsCode }
        }
        return codes
    }

    private func personEmails(of assets: [EstateAsset], known: [Person], on db: any Database) async throws -> [UUID: String] {
        var emails = Dictionary(known.compactMap { person in person.id.map { ($0, person.email) } }, uniquingKeysWith: { a, _ in a })
        let missing = Set(assets.compactMap(\.personID)).subtracting(emails.keys)
        if !missing.isEmpty {
            for person in try await Person.query(on: db).filter(\.$id ~~ missing).all() { emails[person.id!] = person.email }
        }
        return emails
    }
}

extension EstateAsset {
    /// The asset as a CSV row, for export and to compare with an imported row.
    func row(ownerODS: String, personEmail: String?) -> AssetRow {
        AssetRow(
            tag: tag, serial: serial, kind: kind, make: make, model: model, ownerODS: ownerODS, funder: funder,
            personEmail: personEmail, location: location, state: state, encryption: encryption,
            operatingSystem: operatingSystem, osEndOfSupport: osEndOfSupport, lastSeen: lastSeen, personal: personal,
            certificate: certificate)
    }

    /// Takes every field of an imported row.
    func apply(_ row: AssetRow, ownerID: UUID, personID: UUID?) {
        tag = row.tag
        serial = row.serial
        kind = row.kind
        make = row.make
        model = row.model
        self.ownerID = ownerID
        funder = row.funder
        self.personID = personID
        location = row.location
        state = row.state
        encryption = row.encryption
        operatingSystem = row.operatingSystem
        osEndOfSupport = row.osEndOfSupport
        lastSeen = row.lastSeen
        personal = row.personal
        certificate = row.certificate
    }
}
