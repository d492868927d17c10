import Foundation

/// Whether an API token may change records or only read them.
public enum APITokenAccess: String, CaseIterable, Codable, Sendable {
    case readOnly = "read_only"
    case readWrite = "read_write"

    /// The access as the tokens page names it.
    public var displayName: String {
        switch self {
        case .readOnly: "Read only"
        case .readWrite: "Read and write"
        }
    }

    /// Reads are always allowed; anything that may change a record needs read and write.
    public func allows(_ kind: APIRequestKind) -> Bool {
        kind == .read || self == .readWrite
    }
}

/// What an HTTP method does to records: GET, HEAD and OPTIONS read; every other method (POST, PUT, PATCH, DELETE,
/// and any method not known here) counts as a write, so that an unknown method never slips past a read-only token.
public enum APIRequestKind: Sendable, Equatable {
    case read, write

    public init(method: String) {
        switch method.uppercased() {
        case "GET", "HEAD", "OPTIONS": self = .read
        default: self = .write
        }
    }
}

/// A part of the JSON API that a token may be allowed to use; each operation of the API belongs to exactly one.
/// The raw values are the tags of the operations in the OpenAPI document.
public enum APIArea: String, CaseIterable, Codable, Sendable, Comparable {
    /// The token's organisation, organisations it may see, its engagements and invitations.
    case organisations
    /// The organisation's audit trail.
    case audit
    /// Online requests for remote assessment: the queue, one request, its changes and its FHIR write-back.
    case requests
    /// Kit (assets), readiness to work remotely, and requests for kit and claims.
    case estate

    /// The area as the tokens page names it.
    public var displayName: String {
        switch self {
        case .organisations: "Organisations and staff"
        case .audit: "Audit trail"
        case .requests: "Remote assessment requests"
        case .estate: "Digital estate"
        }
    }

    /// What the area covers, for the hint beside its tick box.
    public var summary: String {
        switch self {
        case .organisations: "the organisation, organisations it may see, staff engagements and invitations"
        case .audit: "the organisation's audit trail"
        case .requests: "patients' online requests: list, read, change urgency or status, FHIR write-back"
        case .estate: "kit, readiness to work remotely, and requests for kit and claims"
        }
    }

    public static func < (lhs: APIArea, rhs: APIArea) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What an API token may do: read only or read and write, in one or more areas of the API.
public struct APITokenScope: Sendable, Equatable {
    public let access: APITokenAccess
    public let areas: Set<APIArea>

    /// Refuses a scope without any area: such a token could do nothing.
    public init(access: APITokenAccess, areas: Set<APIArea>) throws(APITokenScopeError) {
        guard !areas.isEmpty else { throw .noAreas }
        self.access = access
        self.areas = areas
    }

    /// Read and write in every area: what tokens made before scopes existed were given.
    public static let everything = APITokenScope(unchecked: .readWrite, areas: Set(APIArea.allCases))

    private init(unchecked access: APITokenAccess, areas: Set<APIArea>) {
        self.access = access
        self.areas = areas
    }

    /// Reads the stored columns; nil (so the token is refused everywhere) when the access is unknown or no area is.
    public init?(storedAccess: String, storedAreas: String) {
        guard let access = APITokenAccess(rawValue: storedAccess) else { return nil }
        try? self.init(access: access, areas: Self.areas(stored: storedAreas))
    }

    /// The areas column: "organisations,audit", in the order of `APIArea.allCases`.
    public var storedAreas: String { Self.stored(areas) }

    /// The stored form of a set of areas.
    public static func stored(_ areas: Set<APIArea>) -> String {
        areas.sorted().map(\.rawValue).joined(separator: ",")
    }

    /// The areas named in a stored column; names not known here are left out.
    public static func areas(stored: String) -> Set<APIArea> {
        Set(stored.split(separator: ",").compactMap { APIArea(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
    }

    /// "Read only: Audit trail and Digital estate", for the tokens page.
    public var summary: String {
        "\(access.displayName): " + EnglishList.joined(areas.sorted().map(\.displayName), "and")
    }

    /// Why a request with `method` to an operation in `area` is refused, or nil when the scope allows it. The area is
    /// checked first: a token outside its areas is refused whatever it asks.
    public func refusal(area: APIArea, method: String) -> APITokenRefusal? {
        guard areas.contains(area) else { return .areaNotInScope(area, granted: areas) }
        guard access.allows(APIRequestKind(method: method)) else { return .readOnly(method: method.uppercased()) }
        return nil
    }
}

/// Why a scope was refused.
public enum APITokenScopeError: Error, Equatable, Sendable {
    case noAreas

    /// What to tell the person making the token.
    public var message: String {
        switch self {
        case .noAreas: "Tick at least one area that the token may use."
        }
    }
}
