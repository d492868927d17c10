import Foundation

/// What a person asked for when making an API token, as typed: checked field by field so that every problem is
/// named at once.
public struct APITokenDraft: Sendable, Equatable {
    public var name: String?
    public var access: String?
    public var areas: [String]
    public var lifetimeDays: String?

    public init(name: String?, access: String?, areas: [String], lifetimeDays: String?) {
        self.name = name
        self.access = access
        self.areas = areas
        self.lifetimeDays = lifetimeDays
    }

    /// A draft that passed every check.
    public struct Checked: Sendable, Equatable {
        public let name: String
        public let scope: APITokenScope
        public let lifetime: APITokenLifetime
    }

    /// One field's problem; `field` is the form field's name.
    public struct Problem: Sendable, Equatable {
        public let field: String
        public let message: String
    }

    public static let maximumNameLength = 100

    /// Every problem found in a draft, in the order of the form's fields.
    public struct Problems: Error, Sendable, Equatable {
        public let all: [Problem]
    }

    /// The checked token; throws every problem found.
    public func validate() throws(Problems) -> Checked {
        var problems: [Problem] = []
        let trimmedName = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedName.isEmpty || trimmedName.count > Self.maximumNameLength || trimmedName.contains(where: \.isNewline) {
            problems.append(Problem(field: "name", message: "Give the token a name of up to \(Self.maximumNameLength) characters, such as the system that will use it."))
        }
        let chosenAccess = access.flatMap { APITokenAccess(rawValue: $0) }
        if chosenAccess == nil {
            problems.append(Problem(field: "access", message: "Choose whether the token may only read, or read and write."))
        }
        let chosenAreas = Set(areas.compactMap { APIArea(rawValue: $0) })
        if chosenAreas.count != Set(areas).count {
            problems.append(Problem(field: "areas", message: "Tick only the areas listed on this page."))
        } else if chosenAreas.isEmpty {
            problems.append(Problem(field: "areas", message: APITokenScopeError.noAreas.message))
        }
        var lifetime: APITokenLifetime?
        do { lifetime = try APITokenLifetime(text: lifetimeDays) } catch {
            problems.append(Problem(field: "lifetimeDays", message: error.message))
        }
        guard problems.isEmpty, let chosenAccess, let lifetime, let scope = try? APITokenScope(access: chosenAccess, areas: chosenAreas)
        else { throw Problems(all: problems) }
        return Checked(name: trimmedName, scope: scope, lifetime: lifetime)
    }
}
