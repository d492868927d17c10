import Domain
import Foundation
import Testing

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"), ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"), (" 10.1.2.3 ", "10.1.2.3"),
        ("2001:db8::1", "2001:db8::1"), ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"), ("::", "::"), ("::1", "::1"),
        ("1::", "1::"), ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"),
        ("2001:db8::0:1", "2001:db8::1"), ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"), ("fe80::1%eth0", "fe80::1"),
        ("::ffff:192.0.2.1", "192.0.2.1"), ("::FFFF:c000:0201", "192.0.2.1"), ("64:ff9b::192.0.2.1", "64:ff9b::c000:201"),
    ])
    func addressesAreReadAndWrittenPlainly(text: String, written: String) throws {
        // MUT
        let address = try #require(IPAddress(text))
        // validate
        #expect(address.description == written)
        #expect(IPAddress(address.description) == address)
    }

    @Test(arguments: [
        "", "192.0.2", "192.0.2.1.5", "192.0.2.256", "192.0.2.01", "192.0.2.-1", "a.b.c.d", "192.0.2.1/24",
        "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":::", ":1::", "1:2:3:4:5:6:7::8", "12345::", "g::1", "::192.0.2",
        "::1.2.3.4:5", "[::1]", "unknown", "١٢٣.٠.٢.١",
    ])
    func anythingElseIsNotAnAddress(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func anIPv4MappedAddressIsTheIPv4Address() {
        #expect(IPAddress("::ffff:10.0.0.1") == IPAddress("10.0.0.1"))
        #expect(IPAddress("::ffff:10.0.0.1")?.isIPv4 == true)
        #expect(IPAddress("::10.0.0.1")?.isIPv4 == false)
    }

    @Test func oneIPv6ClientIsItsSlash64() throws {
        // setup: two addresses of one home's /64, one of the neighbour's
        let first = try #require(IPAddress("2001:db8:aa:bb:1:2:3:4"))
        let second = try #require(IPAddress("2001:db8:aa:bb:ffff::9"))
        let neighbour = try #require(IPAddress("2001:db8:aa:bc::1"))
        // MUT and validate
        #expect(first.clientKey == "2001:db8:aa:bb::/64")
        #expect(first.clientKey == second.clientKey)
        #expect(first.clientKey != neighbour.clientKey)
        #expect(IPAddress("192.0.2.9")?.clientKey == "192.0.2.9")
    }

    @Test func rangesHoldTheirNetworkOnly() throws {
        let private10 = try #require(AddressRange("10.0.0.0/8"))
        #expect(private10.contains(try #require(IPAddress("10.255.1.2"))))
        #expect(!private10.contains(try #require(IPAddress("11.0.0.1"))))
        let odd = try #require(AddressRange("192.0.2.77/26"))
        #expect(odd.description == "192.0.2.64/26")
        #expect(odd.contains(try #require(IPAddress("192.0.2.127"))))
        #expect(!odd.contains(try #require(IPAddress("192.0.2.128"))))
        let v6 = try #require(AddressRange("2001:db8::/32"))
        #expect(v6.contains(try #require(IPAddress("2001:db8:ffff::1"))))
        #expect(!v6.contains(try #require(IPAddress("2001:db9::1"))))
        let single = try #require(AddressRange("203.0.113.5"))
        #expect(single.prefixLength == 32)
        #expect(single.contains(try #require(IPAddress("203.0.113.5"))))
        #expect(!single.contains(try #require(IPAddress("203.0.113.6"))))
        let everything = try #require(AddressRange("0.0.0.0/0"))
        #expect(everything.contains(try #require(IPAddress("198.51.100.1"))))
    }

    @Test func familiesNeverMatchEachOther() throws {
        let allV6 = try #require(AddressRange("::/0"))
        #expect(!allV6.contains(try #require(IPAddress("192.0.2.1"))))
        #expect(!(try #require(AddressRange("0.0.0.0/0"))).contains(try #require(IPAddress("2001:db8::1"))))
        // a mapped network counts in IPv4 bits, and so holds IPv4 clients reported either way
        let mapped = try #require(AddressRange("::ffff:10.0.0.0/104"))
        #expect(mapped.description == "10.0.0.0/8")
        #expect(mapped.contains(try #require(IPAddress("::ffff:10.9.9.9"))))
        #expect(AddressRange("::ffff:10.0.0.0/95") == nil)
    }

    @Test(arguments: ["", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/x", "proxy.internal"])
    func badRangesAreRefused(text: String) {
        #expect(AddressRange(text) == nil)
    }
}
