import Domain
import Foundation
import Testing

/// England's bank holidays by rule and the changes file, against the published days off work for 2020–2035.
struct BankHolidaysTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The days off work, month-day, as GOV.UK publishes them for 2020–2027; 2028–2035 are by the standing rules,
    /// checked against an independent calendar (python-holidays, England).
    static let published: [Int: String] = [
        2020: "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28",
        2021: "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28",
        2022: "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
        2023: "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
        2024: "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
        2025: "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
        2026: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
        2027: "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
        2028: "01-03 04-14 04-17 05-01 05-29 08-28 12-25 12-26",
        2029: "01-01 03-30 04-02 05-07 05-28 08-27 12-25 12-26",
        2030: "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26",
        2031: "01-01 04-11 04-14 05-05 05-26 08-25 12-25 12-26",
        2032: "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
        2033: "01-03 04-15 04-18 05-02 05-30 08-29 12-26 12-27",
        2034: "01-02 04-07 04-10 05-01 05-29 08-28 12-25 12-26",
        2035: "01-01 03-23 03-26 05-07 05-28 08-27 12-25 12-26",
    ]

    static func fromTheFile() throws -> EnglandBankHolidays {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("config/bank-holidays-england.txt"), encoding: .utf8)
        return EnglandBankHolidays(changes: try BankHolidayChanges.parse(text))
    }

    @Test(arguments: 2020...2035) func theDaysOffWorkAreThePublishedOnes(year: Int) throws {
        // setup
        let calendar = try Self.fromTheFile()
        // MUT
        let days = calendar.days(in: year).map { String($0.day.iso.dropFirst(5)) }.joined(separator: " ")
        // validate
        #expect(days == Self.published[year])
    }

    @Test func substituteDaysAreNamedForTheHolidayTheyStandFor() throws {
        // 2022: Christmas Day on a Sunday, Boxing Day on the Monday, Christmas kept on the Tuesday
        let days = try Self.fromTheFile().days(in: 2022).filter { $0.day.month == 12 }
        #expect(days.map(\.name) == ["Boxing Day", "Christmas Day (substitute day)"])
    }

    @Test func withoutTheFileTheStandingRulesStillHold() {
        // 2023's coronation came from the file alone
        let bare = EnglandBankHolidays()
        #expect(!bare.contains(CalendarDay("2023-05-08")!))
        #expect(bare.contains(CalendarDay("2023-05-29")!))
        #expect(bare.days(in: 2099).count == 8)
    }

    @Test func aMovedDayLeavesItsOldDayAWorkingDay() throws {
        let calendar = try Self.fromTheFile()
        #expect(!calendar.contains(CalendarDay("2022-05-30")!))
        #expect(calendar.contains(CalendarDay("2022-06-02")!))
        #expect(calendar.days(from: CalendarDay("2022-05-01")!, through: CalendarDay("2022-06-30")!).count == 3)
    }

    @Test func easterForYearsAnyoneCanCheck() {
        let easters = [2024, 2025, 2038, 2285].map { EnglandBankHolidays.easterSunday($0).iso }
        #expect(easters == ["2024-03-31", "2025-04-20", "2038-04-25", "2285-03-22"])
    }

    @Test(arguments: [
        ("2023-05-08", "line 1: after the date, write “added” or “moved from”"),
        ("8 May 2023 added Coronation", "line 1: it does not start with a date like 2023-05-08"),
        ("# note\n\n2023-05-08 added", "line 3: the day added has no name"),
        ("2022-06-02 moved 2022-05-30 Spring", "line 1: write “moved from” and the date it was moved from, like 2022-05-30"),
        ("2022-06-02 moved from 2022-06-02 Spring", "line 1: a day cannot move to itself"),
    ])
    func aLineThatCannotBeReadSaysWhichAndWhy(text: String, message: String) {
        #expect(throws: BankHolidayChanges.LineError.self) { try BankHolidayChanges.parse(text) }
        do {
            _ = try BankHolidayChanges.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }
}
