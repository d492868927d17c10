@testable import App
import Domain
import Foundation
import Testing

/// The bank holiday file and the red-flag screen are read at start-up; one that is missing or cannot be read stops
/// the server with a message naming the variable, the file and what is wrong.
struct ShippedFilesTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shipped-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theRepositorysFilesAreFoundAndRead() throws {
        let root = ArchitectureDocTests.packageRoot.path
        let holidays = try BankHolidayFile.load(configured: nil, workingDirectory: root)
        #expect(holidays.contains(CalendarDay("2023-05-08")!), "the coronation, from the file")
        let set = try RedFlagFile.load(configured: nil, workingDirectory: root)
        #expect(!set.screens(for: .child).isEmpty)
    }

    @Test func aBadBankHolidayLineStopsTheServerNamingTheLine() throws {
        let path = try Self.write("# changes\n2027-06-07 proclaimed Something\n")
        do {
            _ = try BankHolidayFile.load(configured: path, workingDirectory: "/")
            Issue.record("a bad line was read")
        } catch {
            #expect(error.variable == "BANK_HOLIDAYS_FILE" && error.problem.contains("line 2"))
        }
    }

    @Test func aMissingOrBrokenRedFlagFileStopsTheServer() throws {
        for configured in ["/nonexistent/red-flags.json", try Self.write("{\"version\": \"1\"")] {
            do {
                _ = try RedFlagFile.load(configured: configured, workingDirectory: "/")
                Issue.record("\(configured) was read")
            } catch {
                #expect(error.variable == "RED_FLAGS_FILE")
            }
        }
    }
}
