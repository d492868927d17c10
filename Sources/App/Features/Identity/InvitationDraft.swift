import Domain
import Fluent
import Foundation
import Vapor

/// What an invitation asks for, from a form or the API; `validate` lists every problem at once.
struct InvitationDraft: Content {
    var name: String?
    var email: String?
    var role: String?
    var kind: String?
    var startsOn: String?
    var endsOn: String?

    /// A checked draft, ready to store.
    struct Checked {
        var name: String
        var email: String
        var role: StaffRole
        var kind: EngagementKind
        var period: EngagementPeriod
    }

    /// The roles someone holding `roles` may hand out.
    static func invitableRoles(by roles: [StaffRole]) -> [StaffRole] {
        var allowed = Set<StaffRole>()
        for role in roles {
            switch role {
            case .systemAdmin: allowed.formUnion(StaffRole.allCases)
            case .practiceManager: allowed.formUnion([.gp, .nurse, .pharmacist, .receptionist, .practiceManager])
            case .commissionerITLead: allowed.formUnion([.commissionerITLead])
            case .nationalAdmin: allowed.formUnion([.nationalAdmin, .commissionerITLead])
            default: break
            }
        }
        return StaffRole.allCases.filter(allowed.contains)
    }

    func validate(allowedRoles: [StaffRole], today: CalendarDay) throws(ValidationProblem) -> Checked {
        var errors: [FormError] = []
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(.init(field: "name", message: "Enter the person's full name")) }
        else if name.count > 200 { errors.append(.init(field: "name", message: "The name must be 200 characters or fewer")) }
        let email = (email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if !Self.looksLikeEmail(email) { errors.append(.init(field: "email", message: "Enter an email address in the right format, like name@nhs.net")) }
        let role = StaffRole(rawValue: role ?? "")
        if role == nil || !allowedRoles.contains(role!) {
            errors.append(.init(field: "role", message: "Choose a role you are allowed to give: \(allowedRoles.map(\.displayName).joined(separator: ", "))"))
        }
        let kind = EngagementKind(rawValue: kind ?? "")
        if kind == nil { errors.append(.init(field: "kind", message: "Choose permanent, locum or returning GP")) }
        let starts = CalendarDay((startsOn ?? "").trimmingCharacters(in: .whitespaces))
        if starts == nil { errors.append(.init(field: "startsOn", message: "Enter the first day as a date, like 2026-12-01")) }
        let endsText = (endsOn ?? "").trimmingCharacters(in: .whitespaces)
        let ends = endsText.isEmpty ? nil : CalendarDay(endsText)
        if !endsText.isEmpty && ends == nil { errors.append(.init(field: "endsOn", message: "Enter the last day as a date, like 2026-12-31, or leave it empty")) }
        if kind == .locum && endsText.isEmpty { errors.append(.init(field: "endsOn", message: "A locum engagement needs a last day")) }
        if let ends, ends < today { errors.append(.init(field: "endsOn", message: "The last day cannot be in the past")) }
        var period: EngagementPeriod?
        if let starts {
            do { period = try EngagementPeriod(starts: starts, ends: ends) } catch { errors.append(.init(field: "endsOn", message: error.message)) }
        }
        guard errors.isEmpty, let role, let kind, let period else { throw ValidationProblem(errors: errors) }
        return Checked(name: name, email: email, role: role, kind: kind, period: period)
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        guard text.count <= 254, !text.contains(where: \.isWhitespace) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}

/// Creates invitations; used by the staff pages and the API.
enum Invitations {
    static let lifetime: TimeInterval = 7 * 24 * 3600

    /// Stores the invitation and returns the link to send (the token is never stored).
    static func create(_ draft: InvitationDraft.Checked, organisationID: UUID, invitedBy: UUID, on db: any Database, baseURL: String, now: Date = Date()) async throws -> (Invitation, url: String) {
        let token = SecretToken.generate()
        let invitation = Invitation()
        invitation.tokenDigest = SecretToken.digest(token)
        invitation.$organisation.id = organisationID
        invitation.$invitedBy.id = invitedBy
        invitation.email = draft.email
        invitation.name = draft.name
        invitation.role = draft.role
        invitation.kind = draft.kind
        invitation.startsOn = draft.period.starts
        invitation.endsOn = draft.period.ends
        invitation.createdAt = now
        invitation.expiresAt = now.addingTimeInterval(lifetime)
        try await invitation.create(on: db)
        return (invitation, baseURL + SiteURL.invitation(token: token).path)
    }
}
