import Foundation
import Vapor

/// A stored value the code does not know: said with its table, row and value, never replaced by a default.
struct StoredValueError: AbortError, CustomStringConvertible {
    var table: String
    var row: UUID?
    var column: String
    var value: String

    var status: HTTPResponseStatus { .internalServerError }
    var reason: String { "Something stored here cannot be read. The service desk has been told; please try again later." }
    var description: String {
        "\(table).\(column) of row \(row?.uuidString ?? "(new)") holds \(value.prefix(200)), which this version does not know"
    }
}
