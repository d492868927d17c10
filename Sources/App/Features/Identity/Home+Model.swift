import Domain
import Fluent
import Foundation

/// The home page: a greeting, where the person works today, links to their work, and how they signed in.
enum Home {
    /// How this session was signed in, and whether CIS2 is linked.
    struct SignInSummary: Sendable, Equatable {
        /// "NHS Care Identity" or "password and authenticator code".
        var method: String
        /// The level CIS2 vouched for, and the level asked for; nil for password sign-in.
        var level: AssuranceLevel?
        var requested: AssuranceLevel?
        /// CIS2 is configured here, so the page offers to link it (or says it is linked).
        var offersCIS2: Bool = false
        var cis2Linked: Bool = false
    }

    struct Model: Sendable {
        /// The signed-in person's name.
        var name: String
        /// Their engagements active today, with their organisations.
        var engagements: [StaffContext.ActiveEngagement]
        var signIn: SignInSummary

        init(name: String, engagements: [StaffContext.ActiveEngagement], signIn: SignInSummary = .init(method: "password and authenticator code")) {
            self.name = name
            self.engagements = engagements
            self.signIn = signIn
        }

        /// The page for a signed-in person; `offersCIS2` when CIS2 is configured.
        static func load(for staff: StaffContext, offersCIS2: Bool, on db: any Database) async throws -> Model {
            let session = staff.session
            let byCIS2 = session.signInMethod == OIDCProviderConfig.Kind.cis2.rawValue
            var summary = SignInSummary(
                method: byCIS2 ? "NHS Care Identity" : "password and authenticator code",
                level: byCIS2 ? session.assurance : nil,
                requested: session.requestedLevel.flatMap(AssuranceLevel.init(acr:)), offersCIS2: offersCIS2)
            if offersCIS2 {
                summary.cis2Linked = try await ExternalIdentity.query(on: db)
                    .filter(\.$provider == OIDCProviderConfig.Kind.cis2.rawValue).filter(\.$person.$id == staff.person.requireID()).count() > 0
            }
            return Model(name: staff.person.name, engagements: staff.engagements, signIn: summary)
        }
    }
}
