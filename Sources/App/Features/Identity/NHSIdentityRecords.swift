import Fluent
import Foundation
import SQLKit

/// A person's account linked to their identity at an NHS provider (CIS2): once linked, sign-in finds the account by
/// the provider's subject alone, never by email. Linking needs the person signed in the other way, or an invitation.
final class ExternalIdentity: Model, @unchecked Sendable {
    static let schema = "external_identities"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "linked_at") var linkedAt: Date

    // data fields
    /// `OIDCProviderConfig.Kind` raw value.
    @Field(key: "provider") var provider: String
    /// The issuer the subject belongs to: a subject means nothing at another issuer.
    @Field(key: "issuer") var issuer: String
    @Field(key: "subject") var subject: String

    // relationships
    @Parent(key: "person_id") var person: Person

    init() {}

    init(provider: OIDCProviderConfig.Kind, issuer: String, subject: String, personID: UUID, now: Date) {
        self.provider = provider.rawValue
        self.issuer = issuer
        self.subject = subject
        self.$person.id = personID
        self.linkedAt = now
    }
}

/// One sign-in sent to a provider and not yet back: the `state` (hashed), the `nonce`, the PKCE verifier (sealed) and
/// what the sign-in is for. Used once: the callback deletes it as it reads it, so a replayed `state` finds nothing.
final class OIDCAttempt: Model, @unchecked Sendable {
    static let schema = "oidc_attempts"

    /// What the sign-in is for.
    enum Purpose: String, Sendable, Codable, StoredText {
        /// A member of staff signing in (or stepping up to a higher level).
        case signIn = "sign_in"
        /// A signed-in member of staff linking their CIS2 identity.
        case link
        /// An invitee accepting their invitation with CIS2.
        case invitation
        /// A patient starting an online request with NHS login.
        case patientRequest = "patient_request"
    }

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "state_digest") var stateDigest: String
    @Field(key: "provider") var provider: String
    @Typed(key: "purpose") var purpose: Purpose
    @Field(key: "nonce") var nonce: String
    /// The PKCE verifier, sealed with the data key.
    @Field(key: "sealed_verifier") var sealedVerifier: String
    /// The assurance level asked for (`AAL2`), for CIS2.
    @OptionalField(key: "required_level") var requiredLevel: String?
    /// The same-site path to go to afterwards.
    @OptionalField(key: "next_path") var nextPath: String?
    /// The signed-in person linking (purpose `link`).
    @OptionalField(key: "person_id") var personID: UUID?
    /// The invitation's token digest (purpose `invitation`) or the practice's ODS code (purpose `patientRequest`).
    @OptionalField(key: "subject_key") var subjectKey: String?
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}

/// A patient signed in with NHS login for one practice's online request: what NHS login vouched for, kept for an hour
/// behind a cookie (only its digest is stored). A P9 identity fills the request and marks it verified.
final class PatientSignIn: Model, @unchecked Sendable {
    static let schema = "patient_sign_ins"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "token_digest") var tokenDigest: String
    @Field(key: "ods_code") var odsCode: String
    /// The `vot` proofing level: `P9`, `P5` or `P0`.
    @Field(key: "proofing_level") var proofingLevel: String
    @Field(key: "subject") var subject: String
    @OptionalField(key: "nhs_number") var nhsNumber: String?
    @OptionalField(key: "given_name") var givenName: String?
    @OptionalField(key: "family_name") var familyName: String?
    /// `YYYY-MM-DD`, as NHS login sends it.
    @OptionalField(key: "birth_date") var birthDate: String?
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}

/// The app's own key for `private_key_jwt`, made once and sealed with the data key; its public half is published at
/// `/.well-known/jwks.json`. Every instance signs with the oldest; all are published.
final class OIDCSigningKey: Model, @unchecked Sendable {
    static let schema = "oidc_signing_keys"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date

    // data fields
    @Field(key: "key_id") var keyID: String
    /// The PEM of the RSA private key, sealed with the data key.
    @Field(key: "sealed_pem") var sealedPEM: String

    init() {}

    init(keyID: String, sealedPEM: String, now: Date) {
        self.keyID = keyID
        self.sealedPEM = sealedPEM
        self.createdAt = now
    }
}

/// A back-channel logout token already acted on, remembered by its `jti` until it is too old to be accepted anyway:
/// the same token sent again is refused, not acted on twice.
final class OIDCLogoutToken: Model, @unchecked Sendable {
    static let schema = "oidc_logout_tokens"

    // managed fields
    @ID(key: .id) var id: UUID?

    // data fields
    @Field(key: "issuer") var issuer: String
    @Field(key: "jti") var jti: String
    /// After this the token's `iat` is too old for it to be accepted, so it need not be remembered.
    @Field(key: "forget_after") var forgetAfter: Date

    init() {}

    /// Records the token as acted on; false when it was already (the insert finds the pair taken, on any instance).
    static func firstUse(issuer: String, jti: String, forgetAfter: Date, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw AttemptClaimError.noSQL }
        let rows = try await sql.raw(
            """
            INSERT INTO oidc_logout_tokens (id, issuer, jti, forget_after) \
            VALUES (\(bind: UUID()), \(bind: issuer), \(bind: jti), \(bind: forgetAfter)) \
            ON CONFLICT (issuer, jti) DO NOTHING RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }
}
