import Foundation
import SQLKit

/// One row of a plain SQL query, its columns read by name and decoded as Fluent's own SQL rows decode them: for the
/// reads every request makes, where building and reflecting Fluent's models cost more than the database does.
struct PlainRow {
    let row: any SQLRow

    init(_ row: any SQLRow) { self.row = row }

    func value<T: Decodable>(_ column: String, _: T.Type) throws -> T { try row.decode(column: column, as: T.self) }

    func optional<T: Decodable>(_ column: String, _: T.Type) throws -> T? {
        try row.decodeNil(column: column) ? nil : row.decode(column: column, as: T.self)
    }

    /// A value stored as text (`StoredText`); text this version does not know is a `StoredValueError` naming the table,
    /// the row and the column (the column's name without the query's table letter, `e_role` → `role`).
    func typed<T: StoredText>(_ column: String, table: String, id: UUID) throws -> T {
        let text = try value(column, String.self)
        guard let value = T(storedText: text) else {
            throw StoredValueError(table: table, row: id, column: column.split(separator: "_", maxSplits: 1).last.map(String.init) ?? column, value: text)
        }
        return value
    }

    func optionalTyped<T: StoredText>(_ column: String, table: String, id: UUID) throws -> T? {
        try row.decodeNil(column: column) ? nil : typed(column, table: table, id: id) as T
    }
}
