import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

/// An error as a log line at the default level may carry it: its type, and for a database error the SQLSTATE, the
/// constraint, table and column, never the values. PostgreSQL's error says "Key (reference)=(…) already exists" or
/// "Failing row contains (…)", and its query carries the bound values, a patient's name among them: those go only to
/// debug lines (`String(reflecting:)`), which are off by default.
struct LoggedError: CustomStringConvertible, Sendable {
    let description: String

    init(_ error: any Error) {
        description = Self.describe(error)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let postgres as PSQLError:
            guard let server = postgres.serverInfo else { return "PSQLError \(postgres.code)" }
            let named: [(String, PSQLError.ServerInfo.Field)] = [
                ("sqlstate", .sqlState), ("constraint", .constraintName), ("table", .tableName), ("column", .columnName),
            ]
            let parts = named.compactMap { name, field in server[field].map { "\(name)=\(safe($0))" } }
            return (["PSQLError \(postgres.code)"] + parts).joined(separator: " ")
        case let sqlite as SQLiteError:
            // "UNIQUE constraint failed: triage_requests.reference" names columns only; other messages may quote text
            let message = sqlite.message
            let namesOnly = message.hasSuffix("constraint failed") || message.contains("constraint failed: ")
            return "SQLiteError \(sqlite.reason)" + (namesOnly ? ": \(safe(message))" : "")
        case let stored as StoredValueError:
            return "StoredValueError table=\(stored.table) column=\(stored.column)"
        case let fluent as FluentError:
            if case .invalidField(let name, _, let underlying) = fluent {
                return "FluentError.invalidField \(name): \(describe(underlying))"
            }
            return "FluentError"
        case let abort as any AbortError:
            return "\(type(of: abort)) \(abort.status.code)"
        default:
            return String(describing: type(of: error))
        }
    }

    /// Names only: letters, digits, and the punctuation of identifiers; anything else becomes "?".
    private static func safe(_ text: String) -> String {
        String(text.prefix(200).map { $0.isLetter || $0.isNumber || "_.:- ".contains($0) ? $0 : "?" })
    }
}
