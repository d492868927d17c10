import Vapor

/// Every path of the site, used both to register a route and to build a link.
enum SiteURL: Sendable {
    case home
    case login, secondFactor, enrol, logout, logoutEverywhere
    case actingFor
    case organisations, organisation(ods: String)
    case staff, staffInvite, engagementEnd(id: UUID)
    case invitation(token: String)
    case audit
    case apiTokens, apiTokenRevoke(id: UUID)
    case consult, desktops, estate
    case stylesheet
    case healthz, readyz, metrics, openAPI

    /// The parameter names used in routes; the route-walking test maps each to a record.
    enum Parameter: String, CaseIterable {
        case odsCode, engagementID, invitationToken, apiTokenID
    }

    var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .secondFactor: "/login/second-factor"
        case .enrol: "/login/enrol"
        case .logout: "/logout"
        case .logoutEverywhere: "/logout/everywhere"
        case .actingFor: "/acting-for"
        case .organisations: "/organisations"
        case .organisation(let ods): "/organisations/\(ods.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ods)"
        case .staff: "/staff"
        case .staffInvite: "/staff/invite"
        case .engagementEnd(let id): "/staff/engagements/\(id.uuidString)/end"
        case .invitation(let token): "/invitations/\(token)"
        case .audit: "/audit"
        case .apiTokens: "/settings/api-tokens"
        case .apiTokenRevoke(let id): "/settings/api-tokens/\(id.uuidString)/revoke"
        case .consult: "/consult"
        case .desktops: "/desktops"
        case .estate: "/estate"
        case .stylesheet: "/assets/site.css"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        case .openAPI: "/api/openapi.json"
        }
    }

    /// Route components, with `:name` parameters where the path holds a record's key.
    var pathComponents: [PathComponent] {
        switch self {
        case .organisation: ["organisations", .parameter(Parameter.odsCode.rawValue)]
        case .engagementEnd: ["staff", "engagements", .parameter(Parameter.engagementID.rawValue), "end"]
        case .invitation: ["invitations", .parameter(Parameter.invitationToken.rawValue)]
        case .apiTokenRevoke: ["settings", "api-tokens", .parameter(Parameter.apiTokenID.rawValue), "revoke"]
        default: path.pathComponents
        }
    }
}

/// Paths of the JSON API under `/api/v1`.
enum APIURL: Sendable {
    case organisation, organisationByCode, engagements, invitations, auditEvents

    static let prefix: [PathComponent] = ["api", "v1"]

    var pathComponents: [PathComponent] {
        switch self {
        case .organisation: ["organisation"]
        case .organisationByCode: ["organisations", .parameter(SiteURL.Parameter.odsCode.rawValue)]
        case .engagements: ["engagements"]
        case .invitations: ["invitations"]
        case .auditEvents: ["audit-events"]
        }
    }
}

extension Request {
    /// A route parameter named in `SiteURL.Parameter`, or 404.
    func parameter(_ name: SiteURL.Parameter) throws -> String {
        guard let value = parameters.get(name.rawValue), !value.isEmpty else {
            throw Abort(.notFound, reason: "That page does not exist.")
        }
        return value
    }

    /// A UUID route parameter; a malformed one is a 404, not a 500.
    func uuidParameter(_ name: SiteURL.Parameter) throws -> UUID {
        guard let id = UUID(uuidString: try parameter(name)) else {
            throw Abort(.notFound, reason: "That page does not exist.")
        }
        return id
    }
}
