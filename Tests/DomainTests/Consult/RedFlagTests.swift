import Domain
import Foundation
import Testing

/// The red-flag screen in `config/red-flags.json`: complete against the published lists, worded for each person,
/// short enough to tap through on a phone, and read strictly.
@Suite struct RedFlagTests {
    static func fromTheFile() throws -> RedFlagSet {
        try RedFlagSet.parse(Data(contentsOf: BankHolidaysTests.packageRoot.appendingPathComponent("config/red-flags.json")))
    }

    @Test func theFileAsksWhatThePublishedListsAskFor() throws {
        let set = try Self.fromTheFile()
        #expect(!set.version.isEmpty && !set.sources.isEmpty)
        let adult = Set(set.screens(for: .adult).flatMap(\.questions).map(\.flag))
        let child = Set(set.screens(for: .child).flatMap(\.questions).map(\.flag))
        // the issue's list: sepsis, non-blanching rash, anaphylaxis, baby under 3 months with 38°C, collapse, confusion,
        // sudden severe headache, severe abdominal pain (and in pregnancy), testicular pain, head injury, burns,
        // sudden loss of vision, overdose; with the earlier chest pain, stroke, breathing, choking, bleeding, fits,
        // suicidal thoughts and labour
        let everyone: Set<RedFlag> = [
            .sepsis, .nonBlanchingRash, .anaphylaxis, .collapse, .suddenConfusion, .suddenHeadache, .severeAbdominalPain,
            .testicularPain, .headInjury, .severeBurn, .visionLoss, .overdose, .severeBreathlessness, .choking, .heavyBleeding,
            .seizure, .suicidalThoughts,
        ]
        #expect(everyone.isSubset(of: adult), "adult set lacks \(everyone.subtracting(adult))")
        #expect(everyone.isSubset(of: child), "child set lacks \(everyone.subtracting(child))")
        #expect(adult.isSuperset(of: [.chestPain, .strokeSigns, .labour]))
        #expect(child.contains(.babyFever) && !adult.contains(.babyFever))
        #expect(!child.contains(.labour))
        // every known flag is asked of someone
        #expect(adult.union(child) == Set(RedFlag.allCases))
    }

    @Test func threeLevelsAndAFewScreensEach() throws {
        let set = try Self.fromTheFile()
        for audience in RedFlagSet.Audience.allCases {
            let screens = set.screens(for: audience)
            #expect((2...5).contains(screens.count), "a few screens to tap through")
            #expect(screens.allSatisfy { $0.questions.count <= 8 }, "each screen fits a phone")
            let levels = Set(screens.flatMap(\.questions).map(\.level))
            #expect(levels == [.emergency, .today])
            #expect(screens.flatMap(\.questions).allSatisfy { $0.text.count <= 200 })
        }
        #expect(set.level(of: .chestPain, for: .adult) == .emergency)
        #expect(set.level(of: .worseningFast, for: .child) == .today)
        #expect(set.level(of: .babyFever, for: .adult) == nil)
    }

    @Test func everyPersonHasTheirOwnLeadIn() throws {
        let set = try Self.fromTheFile()
        #expect(set.leadIn(for: .me).contains("Do you"))
        #expect(set.leadIn(for: .child).contains("your child"))
        #expect(set.leadIn(for: .caredFor).contains("the person"))
        #expect(RequestSubject.child.audience == .child && RequestSubject.caredFor.audience == .adult)
    }

    @Test(arguments: [
        (#"{"version":"","status":"","clinicalReviewer":"","reviewedOn":"","sources":[],"leadIn":{},"sets":{}}"#, "no version"),
        (#"{"version":"1","status":"","clinicalReviewer":"","reviewedOn":"","sources":[],"leadIn":{"me":"a","child":"b","caredFor":"c"},"sets":{"adult":[{"title":"t","questions":[{"flag":"madeUp","level":"emergency","text":"x"}]}]}}"#, "not a red-flag set"),
        (#"{"version":"1","status":"","clinicalReviewer":"","reviewedOn":"","sources":[],"leadIn":{"me":"a","child":"b"},"sets":{}}"#, "no lead-in for caredFor"),
        (#"{"version":"1","status":"","clinicalReviewer":"","reviewedOn":"","sources":[],"leadIn":{"me":"a","child":"b","caredFor":"c"},"sets":{"adult":[{"title":"t","questions":[{"flag":"choking","level":"emergency","text":"x"},{"flag":"choking","level":"today","text":"y"}]}],"child":[{"title":"t","questions":[{"flag":"choking","level":"emergency","text":"x"}]}]}}"#, "asks choking twice"),
        (#"{"version":"1","status":"","clinicalReviewer":"","reviewedOn":"","sources":[],"leadIn":{"me":"a","child":"b","caredFor":"c"},"sets":{"adult":[{"title":"t","questions":[{"flag":"choking","level":"emergency","text":"x"}]}]}}"#, "child set has no questions"),
    ])
    func aFileThatCannotBeUsedSaysWhy(_ json: String, _ expected: String) {
        do {
            _ = try RedFlagSet.parse(Data(json.utf8))
            Issue.record("read a file that should be refused")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func adviceTakesTheMostUrgentAnswer() {
        #expect(UrgentAdvice.advice(for: [:]) == nil)
        #expect(UrgentAdvice.advice(for: [.worseningFast: .today]) == .contactToday)
        #expect(UrgentAdvice.advice(for: [.suicidalThoughts: .emergency]) == .call999OrMentalHealth)
        #expect(UrgentAdvice.advice(for: [.suicidalThoughts: .emergency, .heavyBleeding: .emergency]) == .call999)
        #expect(UrgentAdvice.advice(for: [.worseningFast: .today, .seizure: .emergency]) == .call999)
        #expect(UrgentAdvice.call999OrMentalHealth.detail.contains("116 123"))
        #expect(!UrgentAdvice.call999.detail.contains("116 123"))
        #expect(UrgentAdvice.contactToday.detail.contains("111") && !UrgentAdvice.contactToday.isEmergency)
    }
}
