import Foundation

/// The three kinds of online request the contract asks practices to count: a health problem, a question about
/// medicines (a repeat prescription), or admin.
public enum RequestCategory: String, CaseIterable, Codable, Sendable {
    case clinical
    case medication
    case admin

    /// A medical problem is clinical; an admin request about a repeat prescription is medication; other admin is admin.
    public init(kind: RequestKind, adminTopic: AdminTopic?) {
        switch (kind, adminTopic) {
        case (.medical, _): self = .clinical
        case (.admin, .repeatPrescription): self = .medication
        case (.admin, _): self = .admin
        }
    }

    public var displayName: String {
        switch self {
        case .clinical: "Clinical"
        case .medication: "Medication"
        case .admin: "Admin"
        }
    }
}
