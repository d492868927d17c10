import Foundation

/// A kind of kit the estate register tracks.
public enum AssetKind: String, CaseIterable, Codable, Sendable {
    case laptop, desktop, tablet, phone
    case dataPlan = "data_plan"
    case hardwareToken = "hardware_token"
    case smartcard
    case smartcardReader = "smartcard_reader"
    case webcam, headset, other

    /// The kind as staff name it.
    public var displayName: String {
        switch self {
        case .laptop: "Laptop"
        case .desktop: "Desktop computer"
        case .tablet: "Tablet"
        case .phone: "Phone"
        case .dataPlan: "SIM or data plan"
        case .hardwareToken: "Hardware token"
        case .smartcard: "Smartcard"
        case .smartcardReader: "Smartcard reader"
        case .webcam: "Webcam"
        case .headset: "Headset"
        case .other: "Other"
        }
    }

    /// Reads a kind from a form or file: its raw value or display name in any case, or "sim" for a data plan.
    public static func parse(_ text: String) -> AssetKind? {
        lookup(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `parse` for text that is already trimmed.
    static func lookup(_ trimmed: String) -> AssetKind? {
        byName[trimmed.lowercased()]
    }

    private static let byName: [String: AssetKind] = {
        var names = ["sim": AssetKind.dataPlan]
        for kind in allCases {
            names[kind.rawValue] = kind
            names[kind.displayName.lowercased()] = kind
        }
        return names
    }()

    /// Whether this is a computer a person can work on: a laptop, desktop or tablet.
    public var isDevice: Bool {
        switch self {
        case .laptop, .desktop, .tablet: true
        default: false
        }
    }

    /// What one of these usually costs, in pence, for drafting requests; a data plan is priced for a year.
    public var typicalUnitCost: Int {
        switch self {
        case .laptop: 75_000
        case .desktop: 60_000
        case .tablet: 40_000
        case .phone: 30_000
        case .dataPlan: 12_000
        case .hardwareToken: 3_500
        case .smartcard: 1_000
        case .smartcardReader: 1_500
        case .webcam: 5_000
        case .headset: 4_000
        case .other: 0
        }
    }
}

/// Who paid for an asset.
public enum Funder: String, CaseIterable, Codable, Sendable {
    case practice, commissioner, national

    /// The funder as staff name it.
    public var displayName: String {
        switch self {
        case .practice: "Practice"
        case .commissioner: "Commissioner"
        case .national: "National"
        }
    }
}

/// Whether an asset's storage is encrypted, as last reported.
public enum EncryptionStatus: String, CaseIterable, Codable, Sendable {
    case encrypted
    case notEncrypted = "not_encrypted"
    case unknown

    /// The status as staff read it.
    public var displayName: String {
        switch self {
        case .encrypted: "Encrypted"
        case .notEncrypted: "Not encrypted"
        case .unknown: "Unknown"
        }
    }
}
