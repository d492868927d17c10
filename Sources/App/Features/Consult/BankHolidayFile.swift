import Domain
import Foundation
import Vapor

/// England's bank holidays for this server: the standing rules and the one-off changes in the file an admin updates
/// (`config/bank-holidays-england.txt`, or `BANK_HOLIDAYS_FILE`), read once at start-up. A file that cannot be found
/// or read stops the server with the line at fault, so that a proclaimed day is never silently missed.
enum BankHolidayFile {
    static let defaultPath = "config/bank-holidays-england.txt"

    static func load(configured: String?, workingDirectory: String) throws(ConfigError) -> EnglandBankHolidays {
        let (path, data) = try SiteAssets.readShipped(
            defaultPath, configured: configured, variable: "BANK_HOLIDAYS_FILE", what: "the file of one-off bank holiday changes",
            workingDirectory: workingDirectory)
        do {
            return EnglandBankHolidays(changes: try BankHolidayChanges.parse(String(decoding: data, as: UTF8.self)))
        } catch {
            throw ConfigError(variable: "BANK_HOLIDAYS_FILE", problem: "\(path), \(error.description)")
        }
    }
}

extension Application {
    private struct BankHolidaysKey: StorageKey { typealias Value = EnglandBankHolidays }

    /// England's bank holidays, read from the file by `configure`; the standing rules alone before that.
    var bankHolidays: EnglandBankHolidays {
        get { storage[BankHolidaysKey.self] ?? EnglandBankHolidays() }
        set { storage[BankHolidaysKey.self] = newValue }
    }
}
