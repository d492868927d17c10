import Foundation

/// One asset as it appears in the estate register's CSV file.
public struct AssetRow: Equatable, Sendable {
    /// The organisation's own label for the asset, such as "RIV-0042"; required, at most 64 characters.
    public var tag: String
    /// The maker's serial number; may be blank.
    public var serial: String
    public var kind: AssetKind
    public var make: String
    public var model: String
    /// The ODS code of the organisation that owns the asset, upper-cased.
    public var ownerODS: String
    public var funder: Funder
    /// The email address of the person who holds the asset, lower-cased; nil when nobody does.
    public var personEmail: String?
    public var location: String?
    public var state: AssetState
    public var encryption: EncryptionStatus
    public var operatingSystem: String?
    /// The day the operating system stops getting security updates, as yyyy-mm-dd.
    public var osEndOfSupport: String?
    /// When the asset was last seen by device management, as an ISO 8601 date or date-time kept as given.
    public var lastSeen: String?
    /// Whether this is the person's own device, recorded because it is used for work.
    public var personal: Bool
    /// The disposal certificate reference, once disposed.
    public var certificate: String?

    public init(
        tag: String, serial: String = "", kind: AssetKind, make: String = "", model: String = "", ownerODS: String,
        funder: Funder, personEmail: String? = nil, location: String? = nil, state: AssetState,
        encryption: EncryptionStatus = .unknown, operatingSystem: String? = nil, osEndOfSupport: String? = nil,
        lastSeen: String? = nil, personal: Bool = false, certificate: String? = nil
    ) {
        self.tag = tag
        self.serial = serial
        self.kind = kind
        self.make = make
        self.model = model
        self.ownerODS = ownerODS
        self.funder = funder
        self.personEmail = personEmail
        self.location = location
        self.state = state
        self.encryption = encryption
        self.operatingSystem = operatingSystem
        self.osEndOfSupport = osEndOfSupport
        self.lastSeen = lastSeen
        self.personal = personal
        self.certificate = certificate
    }

    /// What differs from `old`, one line per field in column order, for the asset's history:
    /// "state: In stock → In use", "location: — → Leeds". Empty when nothing changed.
    public func changes(from old: AssetRow) -> [String] {
        zip(old.described, described).compactMap { before, after in
            before.value == after.value ? nil : "\(after.label): \(before.value) → \(after.value)"
        }
    }

    /// Every field as a label and the text shown for its value, with "—" for a blank.
    private var described: [(label: String, value: String)] {
        func shown(_ text: String?) -> String {
            guard let text, !text.isEmpty else { return "—" }
            return text
        }
        return [
            ("tag", shown(tag)),
            ("serial", shown(serial)),
            ("kind", kind.displayName),
            ("make", shown(make)),
            ("model", shown(model)),
            ("owner", shown(ownerODS)),
            ("funder", funder.displayName),
            ("person", shown(personEmail)),
            ("location", shown(location)),
            ("state", state.displayName),
            ("encryption", encryption.displayName),
            ("operating system", shown(operatingSystem)),
            ("end of OS support", shown(osEndOfSupport)),
            ("last seen", shown(lastSeen)),
            ("personal device", personal ? "Yes" : "No"),
            ("certificate", shown(certificate)),
        ]
    }
}
