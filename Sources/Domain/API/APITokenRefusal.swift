import Foundation

/// Why an API token that exists and was not revoked is refused; the API answers with `status` and `message`.
public enum APITokenRefusal: Equatable, Sendable {
    /// The token's lifetime is over.
    case expired(at: Date)
    /// The person who made the token has no active engagement at the token's organisation today.
    case makerNoLongerEngaged(organisation: String)
    /// The operation belongs to an area the token was not given.
    case areaNotInScope(APIArea, granted: Set<APIArea>)
    /// A read-only token asked to change something.
    case readOnly(method: String)

    /// 401 when the token no longer works at all, 403 when it works but not for this.
    public var status: Int {
        switch self {
        case .expired, .makerNoLongerEngaged: 401
        case .areaNotInScope, .readOnly: 403
        }
    }

    /// What the system calling the API (and whoever runs it) should do next.
    public var message: String {
        switch self {
        case .expired(let at):
            "This API token expired at \(APITokenExpiry(at).momentText). Tokens work for the days chosen when they are made "
                + "(90 unless changed) and are never extended: ask a practice manager or commissioner IT lead to make a new "
                + "one on the API tokens page and use that instead."
        case .makerNoLongerEngaged(let organisation):
            "This API token no longer works: the person who made it has no active engagement at \(organisation) today, and a "
                + "token works only while its maker is engaged there. Ask a practice manager or commissioner IT lead at "
                + "\(organisation) to make a new one on the API tokens page."
        case .areaNotInScope(let area, let granted):
            "This API token may not use \(area.displayName). It may use "
                + EnglishList.joined(granted.sorted().map(\.displayName), "and")
                + ". Make a token with \(area.displayName) ticked on the API tokens page if this system needs it."
        case .readOnly(let method):
            "This API token is read only, and \(method) changes records. Make a read and write token on the API tokens page "
                + "if this system must change records."
        }
    }

    /// The checks every API request passes before its scope is looked at, in order: the token's expiry, then its
    /// maker's engagement at the token's organisation today.
    public static func standing(expiresAt: Date, now: Date, makerEngaged: Bool, organisation: String) -> APITokenRefusal? {
        if APITokenExpiry(expiresAt).hasExpired(at: now) { return .expired(at: expiresAt) }
        if !makerEngaged { return .makerNoLongerEngaged(organisation: organisation) }
        return nil
    }
}
