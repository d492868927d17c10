import FluentKit
import Foundation

/// A value stored as text in one column: a state, kind, urgency, role or a calendar day.
/// `init?(storedText:)` is nil for text this version does not know, which loading reports as a `StoredValueError`.
protocol StoredText: Codable, Sendable {
    init?(storedText: String)
    var storedText: String { get }
}

extension StoredText where Self: RawRepresentable, RawValue == String {
    init?(storedText: String) { self.init(rawValue: storedText) }
    var storedText: String { rawValue }
}

/// Values of one kind stored as their texts joined by commas ("chestPain,breathless"); the empty text is none.
/// Unknown text anywhere in the list makes the whole list unreadable, never a shorter list.
struct StoredList<Element: StoredText>: StoredText {
    var elements: [Element]

    init(_ elements: [Element]) {
        self.elements = elements
    }

    init?(storedText: String) {
        var elements: [Element] = []
        for part in storedText.split(separator: ",") {
            guard let element = Element(storedText: String(part)) else { return nil }
            elements.append(element)
        }
        self.elements = elements
    }

    var storedText: String { elements.map(\.storedText).joined(separator: ",") }
}

extension Model {
    /// A text column read as `Value`; the schema keeps its plain text column (no database enum types).
    typealias Typed<Value: StoredText> = TypedFieldProperty<Self, Value>
    /// A nullable text column read as `Value?`.
    typealias OptionalTyped<Value: StoredText> = OptionalTypedFieldProperty<Self, Value>
}

/// The error for `text` in `key` of the row being loaded from `output`: table, row id (when loaded) and value.
private func storedValueError<Model: FluentKit.Model>(
    _ model: Model.Type, key: FieldKey, text: String, output: any DatabaseOutput
) -> StoredValueError {
    let row = output.contains(.id) ? (try? output.decode(.id, as: UUID?.self)) ?? nil : nil
    return StoredValueError(table: Model.schema, row: row, column: key.description, value: text)
}

/// Like Fluent's `@Field<String>`, read and written as `Value`. Loading a row whose text `Value` does not know
/// throws `StoredValueError`, so a query never hands out a row with a silently defaulted value.
@propertyWrapper
final class TypedFieldProperty<Model: FluentKit.Model, Value: StoredText>: @unchecked Sendable {
    let key: FieldKey
    /// The value set or loaded, nil until one is.
    private var current: Value?
    /// Set since it was last loaded or saved: only then is it written by an update.
    private var changed = false

    var projectedValue: TypedFieldProperty<Model, Value> { self }

    var wrappedValue: Value {
        get {
            guard let current else { fatalError("Cannot read \(Model.schema).\(key) before it is set or loaded") }
            return current
        }
        set {
            current = newValue
            changed = true
        }
    }

    init(key: FieldKey) {
        self.key = key
    }
}

extension TypedFieldProperty: CustomStringConvertible {
    var description: String { "@\(Model.self).Typed<\(Value.self)>(key: \(key))" }
}

extension TypedFieldProperty: AnyProperty, Property {
    var value: Value? {
        get { current }
        set {
            current = newValue
            changed = newValue != nil
        }
    }
}

extension TypedFieldProperty: AnyQueryableProperty, QueryableProperty {
    var path: [FieldKey] { [key] }

    static func queryValue(_ value: Value) -> DatabaseQuery.Value { .bind(value.storedText) }
}

extension TypedFieldProperty: AnyQueryAddressableProperty, QueryAddressableProperty {
    var anyQueryableProperty: any AnyQueryableProperty { self }
    var queryablePath: [FieldKey] { path }
    var queryableProperty: TypedFieldProperty<Model, Value> { self }
}

extension TypedFieldProperty: AnyDatabaseProperty {
    var keys: [FieldKey] { [key] }

    func input(to input: any DatabaseInput) {
        if input.wantsUnmodifiedKeys {
            input.set(current.map { .bind($0.storedText) } ?? .default, at: key)
        } else if changed, let current {
            input.set(.bind(current.storedText), at: key)
        }
    }

    func output(from output: any DatabaseOutput) throws {
        guard output.contains(key) else { return }
        let text: String
        do {
            text = try output.decode(key, as: String.self)
        } catch {
            throw FluentError.invalidField(name: key.description, valueType: String.self, error: error)
        }
        guard let value = Value(storedText: text) else {
            throw storedValueError(Model.self, key: key, text: text, output: output)
        }
        current = value
        changed = false
    }
}

/// The stored text, as in the database: a value without a raw value encodes the same way as one with.
extension TypedFieldProperty: AnyCodableProperty {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue.storedText)
    }

    func decode(from decoder: any Decoder) throws {
        wrappedValue = try decodeStoredText(Value.self, from: decoder.singleValueContainer())
    }
}

/// Like Fluent's `@OptionalField<String>`, read and written as `Value?`; NULL is nil, unknown text an error.
@propertyWrapper
final class OptionalTypedFieldProperty<Model: FluentKit.Model, Wrapped: StoredText>: @unchecked Sendable {
    let key: FieldKey
    /// Nil until set or loaded; `.some(nil)` for NULL.
    private var current: Wrapped??
    private var changed = false

    var projectedValue: OptionalTypedFieldProperty<Model, Wrapped> { self }

    var wrappedValue: Wrapped? {
        get { current ?? nil }
        set {
            current = .some(newValue)
            changed = true
        }
    }

    init(key: FieldKey) {
        self.key = key
    }
}

extension OptionalTypedFieldProperty: CustomStringConvertible {
    var description: String { "@\(Model.self).OptionalTyped<\(Wrapped.self)>(key: \(key))" }
}

extension OptionalTypedFieldProperty: AnyProperty, Property {
    var value: Wrapped?? {
        get { current }
        set {
            current = newValue
            changed = newValue != nil
        }
    }
}

extension OptionalTypedFieldProperty: AnyQueryableProperty, QueryableProperty {
    var path: [FieldKey] { [key] }

    static func queryValue(_ value: Wrapped?) -> DatabaseQuery.Value {
        value.map { .bind($0.storedText) } ?? .null
    }
}

extension OptionalTypedFieldProperty: AnyQueryAddressableProperty, QueryAddressableProperty {
    var anyQueryableProperty: any AnyQueryableProperty { self }
    var queryablePath: [FieldKey] { path }
    var queryableProperty: OptionalTypedFieldProperty<Model, Wrapped> { self }
}

extension OptionalTypedFieldProperty: AnyDatabaseProperty {
    var keys: [FieldKey] { [key] }

    func input(to input: any DatabaseInput) {
        if input.wantsUnmodifiedKeys {
            input.set(current.map { Self.queryValue($0) } ?? .default, at: key)
        } else if changed, let current {
            input.set(Self.queryValue(current), at: key)
        }
    }

    func output(from output: any DatabaseOutput) throws {
        guard output.contains(key) else { return }
        let text: String?
        do {
            text = try output.decodeNil(key) ? nil : output.decode(key, as: String.self)
        } catch {
            throw FluentError.invalidField(name: key.description, valueType: String?.self, error: error)
        }
        guard let text else {
            current = .some(nil)
            changed = false
            return
        }
        guard let value = Wrapped(storedText: text) else {
            throw storedValueError(Model.self, key: key, text: text, output: output)
        }
        current = .some(value)
        changed = false
    }
}

extension OptionalTypedFieldProperty: AnyCodableProperty {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue?.storedText)
    }

    func decode(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try decodeStoredText(Wrapped.self, from: container)
    }
}

/// A `Value` from its stored text in `container`, or a decoding error that quotes the text.
private func decodeStoredText<Value: StoredText>(
    _ type: Value.Type, from container: any SingleValueDecodingContainer
) throws -> Value {
    let text = try container.decode(String.self)
    guard let value = Value(storedText: text) else {
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(Value.self) does not know \(text).")
    }
    return value
}
