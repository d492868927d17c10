import Foundation

/// An IPv4 or IPv6 address as its bytes (4 or 16). IPv4 written inside IPv6 (`::ffff:192.0.2.1`) counts as IPv4,
/// since a dual-stack socket reports an IPv4 client that way.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Reads "192.0.2.1", "2001:db8::1" or "fe80::1%eth0" (the zone is dropped); nil for anything else.
    public init?(_ text: String) {
        var text = Substring(text.trimmingCharacters(in: .whitespaces))
        if let zone = text.firstIndex(of: "%"), text.contains(":") { text = text[..<zone] }
        if let v4 = Self.parseIPv4(text) {
            bytes = v4
        } else if let v6 = Self.parseIPv6(text) {
            bytes = Self.unmapped(v6)
        } else {
            return nil
        }
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The part of the address that stands for one client: all of an IPv4 address, the /64 network of an IPv6 one
    /// (one home or phone is given a whole /64, so counting its addresses one by one would let it hop between them).
    public var clientKey: String {
        if isIPv4 { return description }
        return IPAddress(bytes: Array(bytes.prefix(8)) + [UInt8](repeating: 0, count: 8)).description + "/64"
    }

    /// Dotted IPv4, or IPv6 in lower case with the longest run of zero groups written "::" (RFC 5952).
    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > best.length { best = (index, end - index) }
            index = end
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<best.start].joined(separator: ":")
        let tail = hex[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }

    /// Four decimal parts of 0–255, without leading zeros (which some readers take for octal).
    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part.count == 1 || part.first != "0", let value = UInt8(part)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// Eight groups of up to four hex digits; "::" stands for one or more zero groups; the last 32 bits may be
    /// written as IPv4.
    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        var head = text
        var tail: Substring?
        if let gap = text.range(of: "::") {
            head = text[..<gap.lowerBound]
            tail = text[gap.upperBound...]
            if tail?.contains("::") == true { return nil }
        }
        guard let headGroups = groups(head, lastMayBeIPv4: tail == nil) else { return nil }
        var all = headGroups
        if let tail {
            guard let tailGroups = groups(tail, lastMayBeIPv4: true), headGroups.count + tailGroups.count <= 7 else { return nil }
            all += [UInt16](repeating: 0, count: 8 - headGroups.count - tailGroups.count) + tailGroups
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }

    private static func groups(_ text: Substring, lastMayBeIPv4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if lastMayBeIPv4, index == parts.count - 1, part.contains(".") {
                guard let v4 = parseIPv4(part) else { return nil }
                groups += [UInt16(v4[0]) << 8 | UInt16(v4[1]), UInt16(v4[2]) << 8 | UInt16(v4[3])]
                continue
            }
            guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let value = UInt16(part, radix: 16) else { return nil }
            groups.append(value)
        }
        return groups
    }

    /// `::ffff:a.b.c.d` becomes the IPv4 address it carries.
    private static func unmapped(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff else { return bytes }
        return Array(bytes[12...])
    }
}

/// A network written as an address and a prefix length ("10.0.0.0/8", "2001:db8::/32"), or a single address.
public struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    /// The first address of the network (the bits past the prefix are cleared).
    public let network: IPAddress
    public let prefixLength: Int

    /// Reads "192.0.2.7", "192.0.2.0/24", "2001:db8::/32" or "::ffff:10.0.0.0/104"; nil for anything else.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(String(parts[0])) else { return nil }
        let writtenBits = parts[0].contains(":") ? 128 : 32
        var prefix = writtenBits
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(parts[1]),
                length <= writtenBits
            else { return nil }
            prefix = length
        }
        if writtenBits == 128, address.isIPv4 {  // an IPv4-mapped network: count its prefix in IPv4 bits
            guard prefix >= 96 else { return nil }
            prefix -= 96
        }
        self.prefixLength = prefix
        self.network = IPAddress(bytes: Self.masked(address.bytes, prefix: prefix))
    }

    /// True when `address` is of the same family and shares the prefix.
    public func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == network.bytes.count && Self.masked(address.bytes, prefix: prefixLength) == network.bytes
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func masked(_ bytes: [UInt8], prefix: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = min(max(prefix - index * 8, 0), 8)
            return keep == 0 ? 0 : byte & UInt8(truncatingIfNeeded: 0xff << (8 - keep))
        }
    }
}
