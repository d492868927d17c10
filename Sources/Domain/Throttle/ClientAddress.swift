import Foundation

/// The proxies (load balancers, reverse proxies) whose `X-Forwarded-For` this server believes.
public struct TrustedProxies: Sendable, Equatable {
    public let ranges: [AddressRange]

    /// Believes nobody: the client is whoever opened the connection.
    public static let none = TrustedProxies(ranges: [])

    public init(ranges: [AddressRange]) {
        self.ranges = ranges
    }

    /// Reads a comma-separated list of addresses and CIDR ranges, such as "10.0.0.0/8, 2001:db8::1".
    public init(parsing list: String) throws(TrustedProxiesError) {
        var ranges: [AddressRange] = []
        for item in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let range = AddressRange(item) else { throw TrustedProxiesError(item: item) }
            ranges.append(range)
        }
        self.init(ranges: ranges)
    }

    public func trusts(_ address: IPAddress) -> Bool {
        ranges.contains { $0.contains(address) }
    }
}

/// An item of the trusted proxy list that is neither an address nor a range.
public struct TrustedProxiesError: Error, Equatable, Sendable {
    public let item: String

    public init(item: String) {
        self.item = item
    }

    public var message: String {
        "must list IPv4 or IPv6 addresses or CIDR ranges separated by commas, such as 10.0.0.0/8, 2001:db8::1; \(item) is not one"
    }
}

/// Which address a request came from, believing `X-Forwarded-For` only as far as trusted proxies wrote it.
public enum ClientAddress {
    /// Starts at the peer of the connection. While the address in hand is a trusted proxy, steps one entry left in
    /// `X-Forwarded-For` (each proxy appends the address that connected to it). The first untrusted address is the
    /// client. A peer that is not a trusted proxy is the client whatever the header says, so a client cannot pick its
    /// own address. An entry that cannot be read stops the walk at the proxy that wrote it; when every entry is a
    /// trusted proxy, the leftmost is the client.
    public static func resolve(peer: IPAddress, forwardedFor headerValues: [String], trusted: TrustedProxies) -> IPAddress {
        var current = peer
        guard trusted.trusts(current) else { return current }
        let entries = headerValues.flatMap { $0.split(separator: ",") }
        for entry in entries.reversed() {
            guard let address = hop(entry) else { return current }
            current = address
            if !trusted.trusts(address) { return address }
        }
        return current
    }

    /// One entry of `X-Forwarded-For`: "192.0.2.1", "192.0.2.1:4711", "2001:db8::1" or "[2001:db8::1]:4711".
    static func hop(_ entry: Substring) -> IPAddress? {
        var text = entry.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }) else { return nil }
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])  // IPv4 with a port
        }
        return IPAddress(text)
    }
}
