import Foundation

extension AssetCSV {
    /// Builds a row from one record's fields, or says what is wrong with each bad field (without the
    /// "line N: " prefix). Values are already trimmed; the formula guard is removed here.
    static func asset(from raw: [String]) -> (row: AssetRow?, problems: [String]) {
        guard raw.count == header.count else {
            let advice = "check for a missing or extra comma, and put quotes around values that contain commas."
            return (nil, ["expected \(header.count) values but found \(raw.count); \(advice)"])
        }
        let f = raw.map(unguarded)
        var problems: [String] = []
        func optional(_ index: Int) -> String? { f[index].isEmpty ? nil : f[index] }
        func bad(_ column: Int, _ what: String, _ allowed: String) {
            let value = f[column].isEmpty ? "is blank" : "\"\(f[column])\" \(what)"
            problems.append("\(header[column]) \(value); \(allowed)")
        }

        let tag = f[0]
        if tag.isEmpty {
            problems.append("tag is blank; give every asset a tag of up to 64 characters, such as the number on its asset label.")
        } else if tag.count > 64 {
            bad(0, "is \(tag.count) characters long", "shorten it to 64 characters or fewer.")
        }
        let kind = AssetKind.lookup(f[2])
        if kind == nil { bad(2, "is not a kind of kit", "use one of \(choices(AssetKind.allCases.map(\.rawValue))).") }
        let owner = f[5].uppercased()
        if !isODSCode(owner) {
            bad(5, "is not an ODS code", "use the owning organisation's code of 3 to 9 letters and digits, such as L81008.")
        }
        let funder = funders[f[6].lowercased()]
        if funder == nil { bad(6, "is not a funder", "use one of \(choices(Funder.allCases.map(\.rawValue))).") }
        let email = optional(7)?.lowercased()
        if let email, !isEmailAddress(email) {
            bad(7, "is not an email address", "use the address of the person who holds the asset, such as jo.bloggs@nhs.net.")
        }
        let state = AssetState.lookup(f[9])
        if state == nil { bad(9, "is not a state", "use one of \(choices(AssetState.allCases.map(\.rawValue))).") }
        let encryption = f[10].isEmpty ? .unknown : encryptions[f[10].lowercased()]
        if encryption == nil {
            bad(10, "is not an encryption status", "use one of \(choices(EncryptionStatus.allCases.map(\.rawValue))), or leave it blank.")
        }
        if let date = optional(12), !ISODateText.isDate(date) {
            bad(12, "is not a date", "write it as yyyy-mm-dd, such as 2025-10-14, or leave it blank.")
        }
        if let seen = optional(13), !ISODateText.isDateOrDateTime(seen) {
            let advice = "write it as yyyy-mm-dd or yyyy-mm-ddThh:mm:ssZ, such as 2025-06-01T09:30:00Z, or leave it blank."
            bad(13, "is not a date or date-time", advice)
        }
        let personal = yesNo[f[14].lowercased()]
        if personal == nil { bad(14, "is not yes or no", "use yes, no, true, false, 1 or 0; blank means no.") }
        if let state, state.needsPerson, email == nil, personal == false {
            problems.append(
                "state \(state.rawValue) needs person_email for the person who holds the asset; "
                    + "add it, or set personal to yes for their own device.")
        }
        if state == .disposed, optional(15) == nil {
            problems.append("state disposed needs the disposal certificate reference in certificate; add it from the disposal certificate.")
        }

        guard problems.isEmpty, let kind, let funder, let state, let encryption, let personal else { return (nil, problems) }
        let row = AssetRow(
            tag: tag, serial: f[1], kind: kind, make: f[3], model: f[4], ownerODS: owner, funder: funder, personEmail: email,
            location: optional(8), state: state, encryption: encryption, operatingSystem: optional(11),
            osEndOfSupport: optional(12), lastSeen: optional(13), personal: personal, certificate: optional(15))
        return (row, [])
    }

    private static let funders = names(Funder.allCases, \.rawValue, \.displayName)
    private static let encryptions = names(EncryptionStatus.allCases, \.rawValue, \.displayName)
    private static let yesNo = ["yes": true, "true": true, "1": true, "no": false, "false": false, "0": false, "": false]

    /// Looks up values by raw value or display name, lower-cased.
    private static func names<Value>(_ values: [Value], _ raw: (Value) -> String, _ display: (Value) -> String) -> [String: Value] {
        var byName: [String: Value] = [:]
        for value in values {
            byName[raw(value)] = value
            byName[display(value).lowercased()] = value
        }
        return byName
    }

    /// "a, b or c", for the allowed values in a message.
    private static func choices(_ values: [String]) -> String {
        EnglishList.joined(values)
    }

    /// 3 to 9 ASCII letters and digits, as any ODS code is.
    private static func isODSCode(_ code: String) -> Bool {
        (3...9).contains(code.utf8.count) && code.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }
    }

    /// One @ with text either side, a dot inside the domain, and no spaces or commas.
    private static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let domain = parts.last, domain.count >= 3,
            domain.first != UInt8(ascii: "."), domain.last != UInt8(ascii: "."), domain.contains(UInt8(ascii: "."))
        else { return false }
        return !text.utf8.contains { $0 == 0x20 || $0 == 0x2C || $0 == 0x09 || $0 < 0x20 }
    }
}
