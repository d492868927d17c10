import CryptoExtras
import Domain
import Fluent
import Foundation
import JWTKit
import Vapor

/// The app's RSA key for `private_key_jwt` (RS512, as CIS2 and NHS login ask): the key file's, or the oldest key in
/// the database (made once, sealed with the data key). Loaded once per instance.
actor RelyingPartyKey {
    /// A private key with its key ID.
    struct Loaded: Sendable {
        var keyID: String
        var privateKey: JWTKit.Insecure.RSA.PrivateKey
    }

    private let fileKeyPEM: String?
    private var loaded: Loaded?

    init(fileKeyPEM: String?) {
        self.fileKeyPEM = fileKeyPEM
    }

    /// The key to sign with.
    func current(on db: any Database, box: SecretBox) async throws -> Loaded {
        if let loaded { return loaded }
        let key: Loaded
        if let fileKeyPEM {
            let privateKey = try JWTKit.Insecure.RSA.PrivateKey(pem: fileKeyPEM)
            key = Loaded(keyID: try Self.keyID(of: privateKey.publicKey), privateKey: privateKey)
        } else {
            key = try await Self.stored(on: db, box: box)
        }
        loaded = key
        return key
    }

    /// The public keys to publish: this instance's, and (without a key file) every key in the database.
    func published(on db: any Database, box: SecretBox) async throws -> JWKS {
        let signing = try await current(on: db, box: box)
        var keys = [try Self.jwk(signing.privateKey.publicKey, keyID: signing.keyID)]
        if fileKeyPEM == nil {
            for row in try await OIDCSigningKey.query(on: db).all() where row.keyID != signing.keyID {
                if let key = try? JWTKit.Insecure.RSA.PrivateKey(pem: box.open(row.sealedPEM)) {
                    keys.append(try Self.jwk(key.publicKey, keyID: row.keyID))
                }
            }
        }
        return JWKS(keys: keys)
    }

    /// Signs a client assertion (RFC 7523) for the token endpoint `audience`.
    func clientAssertion(clientID: String, audience: String, on db: any Database, box: SecretBox, now: Date = Date()) async throws -> String {
        let key = try await current(on: db, box: box)
        let keys = JWTKeyCollection()
        await keys.add(rsa: key.privateKey, digestAlgorithm: .sha512, kid: JWKIdentifier(string: key.keyID))
        let claims = ClientAssertion(
            iss: clientID, sub: clientID, aud: audience, jti: SecretToken.generate(), iat: Int(now.timeIntervalSince1970),
            exp: Int(now.timeIntervalSince1970) + 300)
        return try await keys.sign(claims, kid: JWKIdentifier(string: key.keyID))
    }

    /// The oldest stored key, or a new one stored now (two instances racing each store one; both are published).
    private static func stored(on db: any Database, box: SecretBox) async throws -> Loaded {
        if let row = try await OIDCSigningKey.query(on: db).sort(\.$createdAt).sort(\.$keyID).first() {
            return Loaded(keyID: row.keyID, privateKey: try JWTKit.Insecure.RSA.PrivateKey(pem: try box.open(row.sealedPEM)))
        }
        let backing = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let privateKey = try JWTKit.Insecure.RSA.PrivateKey(backing: backing)
        let keyID = try keyID(of: privateKey.publicKey)
        let row = OIDCSigningKey(keyID: keyID, sealedPEM: box.seal(privateKey.pemRepresentation), now: Date())
        try await db.writeTransaction { try await row.create(on: $0) }
        return try await stored(on: db, box: box)
    }

    /// A key ID from the public key itself (the first 16 characters of its modulus's SHA-256), the same on every
    /// instance.
    static func keyID(of key: JWTKit.Insecure.RSA.PublicKey) throws -> String {
        let modulus = try key.getKeyPrimitives().modulus
        return String(SecretToken.digest(Base64URL.encode(modulus)).prefix(16))
    }

    static func jwk(_ key: JWTKit.Insecure.RSA.PublicKey, keyID: String) throws -> JWK {
        let (modulus, exponent) = try key.getKeyPrimitives()
        return .rsa(.rs512, identifier: JWKIdentifier(string: keyID), modulus: Base64URL.encode(modulus), exponent: Base64URL.encode(exponent))
    }
}

/// The claims of a `private_key_jwt` client assertion.
struct ClientAssertion: JWTPayload {
    var iss: String
    var sub: String
    var aud: String
    var jti: String
    var iat: Int
    var exp: Int

    func verify(using algorithm: some JWTAlgorithm) throws {}
}

extension Application {
    private struct RelyingPartyKeyKey: StorageKey { typealias Value = RelyingPartyKey }

    /// This instance's signing key for OpenID Connect, made in `configure`.
    var relyingPartyKey: RelyingPartyKey {
        get { storage[RelyingPartyKeyKey.self]! }
        set { storage[RelyingPartyKeyKey.self] = newValue }
    }
}
