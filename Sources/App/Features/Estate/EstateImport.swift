import Fluent
import Foundation

/// One CSV import of assets, running in the background; its page shows progress and errors by line.
final class EstateImport: Model, @unchecked Sendable {
    static let schema = "estate_imports"

    /// Where an import stands.
    enum Status: String, Sendable, StoredText {
        case running, finished, failed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "by_id") var byID: UUID
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "file_name") var fileName: String
    @Typed(key: "status") var status: Status
    @Field(key: "total_rows") var totalRows: Int
    @Field(key: "processed_rows") var processedRows: Int
    @Field(key: "created_count") var createdCount: Int
    @Field(key: "updated_count") var updatedCount: Int
    @Field(key: "unchanged_count") var unchangedCount: Int
    @Field(key: "error_count") var errorCount: Int
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalField(key: "failure") var failure: String?

    init() {}

    init(byID: UUID, organisationID: UUID, fileName: String, at: Date) {
        self.createdAt = at
        self.byID = byID
        self.organisationID = organisationID
        self.fileName = fileName
        self.status = .running
        self.totalRows = 0
        self.processedRows = 0
        self.createdCount = 0
        self.updatedCount = 0
        self.unchangedCount = 0
        self.errorCount = 0
    }
}

/// A row an import could not take, by its line in the file.
final class EstateImportRejectedLine: Model, @unchecked Sendable {
    static let schema = "estate_import_errors"

    @ID(key: .id) var id: UUID?
    @Field(key: "import_id") var importID: UUID
    @Field(key: "line") var line: Int
    @Field(key: "message") var message: String

    init() {}

    init(importID: UUID, line: Int, message: String) {
        self.importID = importID
        self.line = line
        self.message = message
    }
}
