import Domain
import Foundation
import Testing

@Suite struct ClientAddressTests {
    let proxies = try! TrustedProxies(parsing: "10.0.0.0/8, 2001:db8:ffff::/48, 192.0.2.10")

    func client(peer: String, _ forwardedFor: [String], trusted: TrustedProxies? = nil) -> String {
        ClientAddress.resolve(peer: IPAddress(peer)!, forwardedFor: forwardedFor, trusted: trusted ?? proxies).description
    }

    @Test func withoutProxiesThePeerIsTheClient() {
        #expect(client(peer: "198.51.100.7", []) == "198.51.100.7")
        #expect(client(peer: "10.0.0.2", ["203.0.113.9"], trusted: TrustedProxies.none) == "10.0.0.2")
    }

    @Test func anUntrustedPeerCannotPickItsAddress() {
        // setup: a client on the internet sends the header itself, naming someone else's address
        // MUT and validate: the header is not believed, however it is written
        #expect(client(peer: "198.51.100.7", ["203.0.113.9"]) == "198.51.100.7")
        #expect(client(peer: "198.51.100.7", ["10.0.0.1"]) == "198.51.100.7")
        #expect(client(peer: "198.51.100.7", ["203.0.113.9, 10.0.0.1", "192.0.2.10"]) == "198.51.100.7")
    }

    @Test func aTrustedProxyNamesTheClient() {
        #expect(client(peer: "10.0.0.2", ["203.0.113.9"]) == "203.0.113.9")
        #expect(client(peer: "192.0.2.10", ["203.0.113.9"]) == "203.0.113.9")
        #expect(client(peer: "2001:db8:ffff::1", ["2001:db8:1::5"]) == "2001:db8:1::5")
    }

    @Test func whatTheClientWroteLeftOfItsOwnAddressIsIgnored() {
        // setup: the client sent "X-Forwarded-For: 1.2.3.4, 10.0.0.9" and the proxy appended the client's real address
        // MUT and validate: the walk stops at the first untrusted address from the right
        #expect(client(peer: "10.0.0.2", ["1.2.3.4, 10.0.0.9, 203.0.113.9"]) == "203.0.113.9")
    }

    @Test func aChainOfTrustedProxiesIsWalkedFromTheRight() {
        #expect(client(peer: "10.0.0.2", ["203.0.113.9, 192.0.2.10, 10.1.1.1"]) == "203.0.113.9")
        // several header lines read as one list, in order
        #expect(client(peer: "10.0.0.2", ["1.2.3.4, 203.0.113.9", "192.0.2.10", "10.1.1.1"]) == "203.0.113.9")
    }

    @Test func aTrustedPeerWithoutTheHeaderIsTheClient() {
        #expect(client(peer: "10.0.0.2", []) == "10.0.0.2")
        #expect(client(peer: "10.0.0.2", [""]) == "10.0.0.2")
    }

    @Test func whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        #expect(client(peer: "10.0.0.2", ["10.9.9.9, 10.1.1.1"]) == "10.9.9.9")
    }

    @Test func anEntryThatCannotBeReadStopsAtTheProxyThatWroteIt() {
        #expect(client(peer: "10.0.0.2", ["unknown"]) == "10.0.0.2")
        #expect(client(peer: "10.0.0.2", ["203.0.113.9, garbage, 10.1.1.1"]) == "10.1.1.1")
    }

    @Test func portsAndBracketsAreRead() {
        #expect(client(peer: "10.0.0.2", ["203.0.113.9:51234"]) == "203.0.113.9")
        #expect(client(peer: "10.0.0.2", ["[2001:db8:1::5]:443"]) == "2001:db8:1::5")
        #expect(client(peer: "10.0.0.2", ["[2001:db8:1::5]"]) == "2001:db8:1::5")
        #expect(client(peer: "10.0.0.2", ["[2001:db8:1::5]x"]) == "10.0.0.2")
        #expect(client(peer: "10.0.0.2", ["[2001:db8:1::5"]) == "10.0.0.2")
    }

    @Test func aMappedPeerMatchesIPv4Proxies() {
        #expect(client(peer: "::ffff:10.0.0.2", ["203.0.113.9"]) == "203.0.113.9")
    }

    @Test func theProxyListIsReadWithPlainErrors() throws {
        #expect(try TrustedProxies(parsing: "") == .none)
        #expect(try TrustedProxies(parsing: " , ") == .none)
        #expect(try TrustedProxies(parsing: "10.0.0.0/8,::1").ranges.map(\.description) == ["10.0.0.0/8", "::1/128"])
        #expect(throws: TrustedProxiesError(item: "proxy.internal")) { try TrustedProxies(parsing: "10.0.0.1, proxy.internal") }
        #expect(TrustedProxiesError(item: "x").message.contains("x is not one"))
    }
}
