import Domain
import Foundation
import Testing

@Suite struct RedFlagTests {
    @Test func everyFlagHasPlainWordsAndAdvice() {
        #expect(RedFlag.allCases.count == 8)
        for flag in RedFlag.allCases {
            #expect(!flag.question.isEmpty && flag.question.count <= 120)
            #expect(!flag.shortName.isEmpty)
            #expect(flag.advice.detail.contains("999"))
        }
        #expect(Set(RedFlag.allCases.map(\.question)).count == 8)
        #expect(RedFlag.chestPain.question == "Chest pain, or pressure or tightness in your chest, that started recently")
    }

    @Test func suicidalThoughtsGetMentalHealthRoutes() {
        // MUT
        let advice = RedFlag.suicidalThoughts.advice
        // validate
        #expect(advice == .call999OrMentalHealth)
        #expect(advice.detail.contains("NHS 111"))
        #expect(advice.detail.contains("mental health option"))
        #expect(advice.detail.contains("116 123"))
        #expect(RedFlag.chestPain.advice == .call999)
        #expect(!UrgentAdvice.call999.detail.contains("116 123"))
    }

    @Test func picksTheMostUrgentAdvice() {
        #expect(RedFlag.advice(for: []) == nil)
        #expect(RedFlag.advice(for: [.suicidalThoughts]) == .call999OrMentalHealth)
        #expect(RedFlag.advice(for: [.seizure]) == .call999)
        #expect(RedFlag.advice(for: [.suicidalThoughts, .heavyBleeding]) == .call999)
    }

    @Test func roundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode([RedFlag.strokeSigns, .labour])
        #expect(String(decoding: data, as: UTF8.self) == #"["strokeSigns","labour"]"#)
        #expect(try JSONDecoder().decode([RedFlag].self, from: data) == [.strokeSigns, .labour])
    }
}
