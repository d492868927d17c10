import Domain
import Foundation
import Vapor

/// Why a sign-in with an NHS provider did not go through, in words the person can act on; nothing is signed in.
enum OIDCError: Error, Equatable {
    case providerUnreachable(String)
    case providerRefused(String)
    case providerUnusable(String)
    /// The provider sent the person back with an error (they cancelled, or it could not sign them in).
    case providerSaid(String)
    case unknownKey
    case badSignature
    case wrongIssuer
    case wrongAudience
    case expired
    case wrongNonce
    case missingClaim(String)
    case lowAssurance(required: AssuranceLevel, received: String?)
    /// The `state` is unknown: used already, expired, or never issued.
    case stateUnknown
    /// The sign-in began in another browser.
    case notFromThisBrowser
    /// No account here is linked to this CIS2 identity.
    case notLinked
    /// The identity or the account is linked elsewhere already.
    case alreadyLinked
    /// Linking needs the person who started it, still signed in.
    case linkNeedsSignIn
    case badLogoutToken(String)

    /// A short code for the audit trail and logs.
    var code: String {
        switch self {
        case .providerUnreachable: "provider_unreachable"
        case .providerRefused: "provider_refused"
        case .providerUnusable: "provider_unusable"
        case .providerSaid: "provider_error"
        case .unknownKey: "unknown_key"
        case .badSignature: "bad_signature"
        case .wrongIssuer: "wrong_issuer"
        case .wrongAudience: "wrong_audience"
        case .expired: "expired"
        case .wrongNonce: "wrong_nonce"
        case .missingClaim: "missing_claim"
        case .lowAssurance: "low_assurance"
        case .stateUnknown: "state_unknown"
        case .notFromThisBrowser: "other_browser"
        case .notLinked: "not_linked"
        case .alreadyLinked: "already_linked"
        case .linkNeedsSignIn: "link_needs_sign_in"
        case .badLogoutToken: "bad_logout_token"
        }
    }

    /// What the page says.
    func message(provider: String, patient: Bool = false) -> String {
        let again = patient
            ? "Nothing has been signed in. Start again, or fill in the form without NHS login."
            : "Nothing has been signed in. Start again, or sign in with your password and code."
        switch self {
        case .providerUnreachable, .providerUnusable:
            return "\(provider) could not be reached just now. Wait a minute and try again, or sign in another way."
        case .providerRefused:
            return "\(provider) did not accept this site's sign-in request. Try again; if it keeps happening, tell the system administrator."
        case .providerSaid(let said):
            return "\(provider) did not sign you in (\(said)). Start again if you meant to sign in."
        case .unknownKey:
            return "\(provider)'s answer was signed with a key it does not publish, so it was not trusted. \(again)"
        case .badSignature:
            return "\(provider)'s answer did not carry a valid signature, so it was not trusted. \(again)"
        case .wrongIssuer:
            return "The answer did not come from \(provider), so it was not trusted. \(again)"
        case .wrongAudience:
            return "\(provider)'s answer was meant for another service, so it was not trusted. \(again)"
        case .expired:
            return "\(provider)'s answer had expired. Check this device's clock is right, then start again."
        case .wrongNonce:
            return "\(provider)'s answer did not belong to this sign-in, so it was not trusted. \(again)"
        case .missingClaim(let claim):
            return "\(provider)'s answer left out \(claim), which sign-in needs. \(again)"
        case .lowAssurance(let required, let received):
            let got = received.flatMap(AssuranceLevel.init(acr:))?.name ?? "no level"
            return "This needs a sign-in at \(required.name) or higher (a smartcard or security key for AAL3), and \(provider) vouched for \(got). Sign in again with your smartcard or security key."
        case .stateUnknown:
            return "This sign-in link has been used already or has expired. Start the sign-in again from this site."
        case .notFromThisBrowser:
            return "This sign-in did not start in this browser, so it was stopped. Start the sign-in again from this site."
        case .notLinked:
            return "Your \(provider) is not linked to an account here yet. Sign in once with your password and code, then link it from your home page; or use your invitation link."
        case .alreadyLinked:
            return "That \(provider) is already linked to an account here, or yours is linked to another one. Ask your practice manager to check."
        case .linkNeedsSignIn:
            return "To link your \(provider), stay signed in with your password and code while you do it. Sign in and try again."
        case .badLogoutToken(let why):
            return "The logout token was refused: \(why)."
        }
    }

    /// 403 for what a person may not do; 502 for a provider that failed; 400 for the rest.
    var status: HTTPResponseStatus {
        switch self {
        case .providerUnreachable, .providerUnusable, .providerRefused: .badGateway
        case .notLinked, .alreadyLinked, .lowAssurance, .linkNeedsSignIn: .forbidden
        default: .badRequest
        }
    }
}
