import Foundation

/// Where an asset is in its life, from being ordered to being disposed of.
public enum AssetState: String, CaseIterable, Codable, Sendable {
    case onOrder = "on_order"
    case inStock = "in_stock"
    case allocated
    case inTransit = "in_transit"
    case inUse = "in_use"
    case inRepair = "in_repair"
    case lost, stolen, returned, retired, disposed

    /// The state as staff name it.
    public var displayName: String {
        switch self {
        case .onOrder: "On order"
        case .inStock: "In stock"
        case .allocated: "Allocated"
        case .inTransit: "In transit"
        case .inUse: "In use"
        case .inRepair: "In repair"
        case .lost: "Lost"
        case .stolen: "Stolen"
        case .returned: "Returned"
        case .retired: "Retired"
        case .disposed: "Disposed"
        }
    }

    /// The state as it reads inside a sentence: "in use".
    var inSentence: String { displayName.lowercased() }

    /// Reads a state from a form or file: its raw value or display name, in any case.
    public static func parse(_ text: String) -> AssetState? {
        lookup(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `parse` for text that is already trimmed.
    static func lookup(_ trimmed: String) -> AssetState? {
        byName[trimmed.lowercased()]
    }

    private static let byName: [String: AssetState] = {
        var names: [String: AssetState] = [:]
        for state in allCases {
            names[state.rawValue] = state
            names[state.displayName.lowercased()] = state
        }
        return names
    }()

    /// The states an asset may move to next from this one.
    public var allowedNext: Set<AssetState> {
        switch self {
        case .onOrder: [.inStock]
        case .inStock: [.allocated, .inRepair, .retired, .lost, .stolen]
        case .allocated: [.inTransit, .inUse, .inStock]
        case .inTransit: [.inUse, .inStock, .lost, .stolen]
        case .inUse: [.inRepair, .lost, .stolen, .returned]
        case .inRepair: [.inUse, .inStock, .retired]
        case .lost, .stolen: [.returned, .retired]
        case .returned: [.inStock, .retired]
        case .retired: [.disposed]
        case .disposed: []
        }
    }

    /// Whether an asset in this state is with, or on its way to, a particular person.
    public var holdsPerson: Bool {
        switch self {
        case .allocated, .inTransit, .inUse, .inRepair: true
        default: false
        }
    }

    /// Whether the asset still counts as part of the estate: anything but retired or disposed.
    public var isActive: Bool {
        self != .retired && self != .disposed
    }

    /// Whether moving into this state needs a person to hold the asset.
    var needsPerson: Bool {
        self == .allocated || self == .inTransit || self == .inUse
    }
}

/// Why an asset could not move to a new state; each message says what to do next.
public enum AssetMoveError: Error, Equatable, Sendable, CustomStringConvertible {
    case notAllowed(from: AssetState, to: AssetState)
    case certificateRequired
    case personRequired(AssetState)

    public var description: String {
        switch self {
        case .notAllowed(.disposed, _):
            "A disposed asset cannot change state; disposal is final. Add it to the register again if it has come back."
        case .notAllowed(let from, let to):
            "An asset that is \(from.inSentence) cannot move straight to \(to.inSentence). From \(from.inSentence) "
                + "it may move to \(EnglishList.joined(AssetState.allCases.filter(from.allowedNext.contains).map(\.inSentence)))."
        case .certificateRequired:
            "Disposing of an asset needs the reference on the disposal certificate. Enter the certificate reference, then try again."
        case .personRequired(let state):
            "An asset that is \(state.inSentence) must be with a named person. Choose who holds it, then try again."
        }
    }
}

/// The rules for moving an asset from one state to another.
public struct AssetMove {
    /// Allows a move on the lifecycle (staying put is always allowed) and refuses disposal without a
    /// certificate reference, or allocation, transit or use without a person.
    public static func check(from: AssetState, to: AssetState, certificate: String?, personID: UUID?) throws(AssetMoveError) {
        guard from != to else { return }
        guard from.allowedNext.contains(to) else { throw .notAllowed(from: from, to: to) }
        if to == .disposed, (certificate ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .certificateRequired
        }
        if to.needsPerson, personID == nil { throw .personRequired(to) }
    }
}
