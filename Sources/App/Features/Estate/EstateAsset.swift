import Domain
import Fluent
import Foundation

/// One piece of kit or a data plan: the practice's, the commissioner's, or a person's own used for work.
final class EstateAsset: Model, @unchecked Sendable {
    static let schema = "estate_assets"

    // managed fields
    @ID(key: .id) var id: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // data fields
    /// The asset tag on the sticker; unique across the estate, the key of CSV imports.
    @Field(key: "tag") var tag: String
    @Field(key: "serial") var serial: String
    @Typed(key: "kind") var kind: AssetKind
    @Field(key: "make") var make: String
    @Field(key: "model") var model: String
    @Typed(key: "funder") var funder: Funder
    @OptionalField(key: "location") var location: String?
    @Typed(key: "state") var state: AssetState
    @Typed(key: "encryption") var encryption: EncryptionStatus
    @OptionalField(key: "operating_system") var operatingSystem: String?
    /// ISO date the operating system stops getting security updates.
    @OptionalField(key: "os_end_of_support") var osEndOfSupport: String?
    /// ISO date or date-time the device was last seen by management tools.
    @OptionalField(key: "last_seen") var lastSeen: String?
    /// A person's own device or data plan used for work: recorded so that the gap shows.
    @Field(key: "personal") var personal: Bool
    /// The disposal certificate's reference, once disposed.
    @OptionalField(key: "certificate") var certificate: String?
    /// Set when the person's last engagement ended and the kit must come back.
    @OptionalField(key: "return_due_since") var returnDueSince: Date?

    // relationships
    @Field(key: "owner_id") var ownerID: UUID
    @OptionalField(key: "person_id") var personID: UUID?
    /// The request line it was allocated or bought for.
    @OptionalField(key: "request_line_id") var requestLineID: UUID?

    init() {}
}

/// One change to an asset: who, when, what changed.
final class EstateAssetChange: Model, @unchecked Sendable {
    static let schema = "estate_asset_changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "asset_id") var assetID: UUID
    @Field(key: "at") var at: Date
    @OptionalField(key: "by_id") var byID: UUID?
    /// Where the change came from: "page", "import", "api", "request", "engagement".
    @Field(key: "source") var source: String
    /// "state: In stock → In use; person: — → Zelda Marker", or "created".
    @Field(key: "summary") var summary: String

    init() {}

    init(assetID: UUID, at: Date, byID: UUID?, source: String, summary: String) {
        self.assetID = assetID
        self.at = at
        self.byID = byID
        self.source = source
        self.summary = summary
    }
}
