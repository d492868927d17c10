import Foundation

/// Message templates with GOV.UK Notify's `((placeholder))` fields, and the SMS fragment count that Notify bills.
public enum MessageTemplate {
    /// The placeholder names in `body`, each once, in order of first use. Names are compared without case or spaces,
    /// as Notify does: `((First name))` and `((first name))` are one placeholder.
    public static func placeholders(in body: String) -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        for token in tokens(body) {
            guard case .placeholder(let name) = token, seen.insert(key(name)).inserted else { continue }
            names.append(name)
        }
        return names
    }

    /// `body` with each placeholder replaced by its value. Values go in as they are: a value that itself looks like
    /// `((name))` is not expanded again. Throws for the first placeholder without a value.
    public static func render(_ body: String, values: [String: String]) throws(TemplateError) -> String {
        var lookup: [String: String] = [:]
        for (name, value) in values { lookup[key(name)] = value }
        var output = ""
        for token in tokens(body) {
            switch token {
            case .text(let text): output += text
            case .placeholder(let name):
                guard let value = lookup[key(name)] else { throw .missingValue(name) }
                output += value
            }
        }
        return output
    }

    /// How many SMS fragments `text` takes: GSM 03.38 text fits 160 characters in one message and 153 in each part
    /// of a longer one (the extension characters `^{}\[~]|€` count twice); anything else goes as UCS-2, 70 and 67.
    public static func smsFragments(_ text: String) -> Int {
        guard !text.isEmpty else { return 0 }
        var septets = 0
        for scalar in text.unicodeScalars {
            if gsmBasic.contains(scalar) {
                septets += 1
            } else if gsmExtension.contains(scalar) {
                septets += 2
            } else {
                let units = text.utf16.count
                return units <= 70 ? 1 : (units + 66) / 67
            }
        }
        return septets <= 160 ? 1 : (septets + 152) / 153
    }

    /// Whether `text` goes as GSM 7-bit text rather than UCS-2.
    public static func isGSM7(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { gsmBasic.contains($0) || gsmExtension.contains($0) }
    }

    private enum Token {
        case text(String)
        case placeholder(String)
    }

    /// Splits `body` into text and `((name))` fields; a `((` without a closing `))` on the same line stays text.
    private static func tokens(_ body: String) -> [Token] {
        var result: [Token] = []
        var rest = Substring(body)
        while let open = rest.range(of: "((") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "))") else { break }
            let name = afterOpen[..<close.lowerBound]
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || name.contains(where: { $0 == "(" || $0 == ")" || $0.isNewline }) {
                // Not a field: keep one "(" as text and look again from the next character.
                let next = rest.index(after: open.lowerBound)
                result.append(.text(String(rest[..<next])))
                rest = rest[next...]
                continue
            }
            result.append(.text(String(rest[..<open.lowerBound])))
            result.append(.placeholder(trimmed))
            rest = afterOpen[close.upperBound...]
        }
        result.append(.text(String(rest)))
        return result
    }

    private static func key(_ name: String) -> String {
        name.lowercased().filter { !$0.isWhitespace }
    }

    private static let gsmBasic = Set(
        ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").unicodeScalars)

    private static let gsmExtension = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}

/// Why a message could not be made from its template.
public enum TemplateError: Error, Equatable, Sendable {
    case missingValue(String)

    /// What to tell the member of staff sending the message.
    public var message: String {
        switch self {
        case .missingValue(let name):
            "The message needs a value for ((\(name))) before it can be sent. Fill it in, or ask the practice manager to check the template."
        }
    }
}
