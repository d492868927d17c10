import Foundation

/// The red-flag screen as a clinician reviewed it: a version, who reviewed it and when, the published lists it follows,
/// and for adults and for children a few screens of questions, each question a flag and its level. Read from
/// `config/red-flags.json`, a file reviewed like code; each request stores the version it was screened with.
public struct RedFlagSet: Sendable, Hashable, Decodable {
    public enum Audience: String, Sendable, Hashable, Codable, CaseIterable { case adult, child }

    /// One question as the patient reads it.
    public struct Question: Sendable, Hashable, Decodable {
        public var flag: RedFlag
        public var level: RedFlagLevel
        public var text: String
    }

    /// One screen: a few questions under a heading, answered together.
    public struct Screen: Sendable, Hashable, Decodable {
        public var title: String
        public var questions: [Question]
    }

    public var version: String
    public var status: String
    public var clinicalReviewer: String
    public var reviewedOn: String
    public var sources: [String]
    public var leadIn: [String: String]
    public var sets: [String: [Screen]]

    /// The screens for `audience`, in order.
    public func screens(for audience: Audience) -> [Screen] { sets[audience.rawValue] ?? [] }

    /// "Does your child have any of these now?"
    public func leadIn(for subject: RequestSubject) -> String { leadIn[subject.rawValue] ?? "" }

    /// The level of `flag` for `audience`, nil when that set does not ask it.
    public func level(of flag: RedFlag, for audience: Audience) -> RedFlagLevel? {
        screens(for: audience).lazy.flatMap(\.questions).first { $0.flag == flag }?.level
    }

    /// Why a file cannot be used, said so that whoever edited it can put it right.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads and checks the file: every flag known, each asked once per audience, a lead-in for every subject, at
    /// least one screen per audience, no empty question, and a version.
    public static func parse(_ data: Data) throws(Problem) -> RedFlagSet {
        let set: RedFlagSet
        do { set = try JSONDecoder().decode(RedFlagSet.self, from: data) } catch {
            throw Problem(description: "it is not a red-flag set: \(error)")
        }
        guard !set.version.trimmingCharacters(in: .whitespaces).isEmpty else { throw Problem(description: "it has no version") }
        for subject in RequestSubject.allCases where set.leadIn(for: subject).isEmpty {
            throw Problem(description: "it has no lead-in for \(subject.rawValue)")
        }
        for name in set.sets.keys where Audience(rawValue: name) == nil {
            throw Problem(description: "its set \(name) is neither adult nor child")
        }
        for audience in Audience.allCases {
            let screens = set.screens(for: audience)
            guard !screens.isEmpty, screens.allSatisfy({ !$0.questions.isEmpty }) else {
                throw Problem(description: "the \(audience.rawValue) set has no questions on a screen")
            }
            var seen = Set<RedFlag>()
            for question in screens.flatMap(\.questions) {
                guard seen.insert(question.flag).inserted else {
                    throw Problem(description: "the \(audience.rawValue) set asks \(question.flag.rawValue) twice")
                }
                guard !question.text.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw Problem(description: "the \(audience.rawValue) set's \(question.flag.rawValue) has no words")
                }
            }
        }
        return set
    }
}
