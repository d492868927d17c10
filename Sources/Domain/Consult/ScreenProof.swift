import Foundation

/// The server's signature that a form's red-flag screen was answered: which practice, which form (its submission key,
/// so one proof makes at most one request), who it is for, which flags were answered yes, which version of the screen
/// asked, and when. `/send` refuses a form whose proof is missing, altered, for another form, or older than `lifetime`.
public struct ScreenProof: Sendable, Hashable {
    public var practiceCode: String
    public var submission: String
    public var subject: RequestSubject
    public var flags: [RedFlag]
    public var version: String
    public var issuedAt: Date

    /// Long enough to fill in the form slowly on an old phone; short enough that a copied form goes stale.
    public static let lifetime: TimeInterval = 6 * 3600
    static let purpose = "red-flag screen proof v1"

    public init(practiceCode: String, submission: String, subject: RequestSubject, flags: [RedFlag], version: String, issuedAt: Date) {
        self.practiceCode = practiceCode
        self.submission = submission
        self.subject = subject
        self.flags = flags
        self.version = version
        self.issuedAt = issuedAt
    }

    /// Everything the signature covers, in one unambiguous line.
    var signedText: String {
        let seconds = Int(issuedAt.timeIntervalSince1970)
        let flagList = flags.map(\.rawValue).sorted().joined(separator: ",")
        return [Self.purpose, practiceCode.uppercased(), submission, subject.rawValue, flagList, version, String(seconds)]
            .joined(separator: "|")
    }

    /// "1794052800.<hex>": the moment it was issued and the signature, for a hidden field.
    public func token(box: SecretBox) -> String {
        "\(Int(issuedAt.timeIntervalSince1970)).\(box.keyedDigest(signedText, purpose: Self.purpose))"
    }

    public enum Refusal: Error, Hashable, Sendable {
        case missing, altered, expired

        public var message: String {
            switch self {
            case .missing, .altered:
                "Please answer the safety questions first: start again from the practice's page. If you need help now, call NHS 111; in an emergency, call 999."
            case .expired:
                "This form was opened too long ago: start again from the practice's page, so that we ask the safety questions again. If you need help now, call NHS 111; in an emergency, call 999."
            }
        }
    }

    /// Checks `token` against what the form says it was screened with; the moment comes from the token itself.
    public static func verify(
        _ token: String?, practiceCode: String, submission: String, subject: RequestSubject?, flags: [RedFlag], version: String?,
        now: Date, box: SecretBox
    ) throws(Refusal) -> ScreenProof {
        guard let token, let dot = token.firstIndex(of: "."), let seconds = Int(token[..<dot]), let subject, let version else {
            throw .missing
        }
        let proof = ScreenProof(
            practiceCode: practiceCode, submission: submission, subject: subject, flags: flags, version: version,
            issuedAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
        guard SecretToken.constantTimeEquals(proof.token(box: box), token) else { throw .altered }
        let age = now.timeIntervalSince(proof.issuedAt)
        guard age >= -60, age <= lifetime else { throw .expired }
        return proof
    }
}
