import Domain
import Testing

@Suite struct RDPBridgeLaunchTests {
    let launch = RDPBridgeLaunch(
        display: 301, vncPort: 6201, passwordFile: "/run/bridge/301/passwd", rdpHost: "10.1.2.3", rdpPort: 3389,
        certificateFingerprint: "sha256:ad:b3:68", width: 1280, height: 800, desktopName: "seat 1")

    @Test func xvncListensOnLoopbackWithItsOwnPassword() {
        // MUT
        let arguments = launch.xvncArguments
        // validate
        #expect(arguments.first == ":301")
        #expect(arguments.contains("-localhost"))
        #expect(arguments.firstIndex(of: "-interface").map { arguments[$0 + 1] } == "127.0.0.1")
        #expect(arguments.firstIndex(of: "-rfbport").map { arguments[$0 + 1] } == "6201")
        #expect(arguments.firstIndex(of: "-SecurityTypes").map { arguments[$0 + 1] } == "VncAuth")
        #expect(arguments.firstIndex(of: "-PasswordFile").map { arguments[$0 + 1] } == "/run/bridge/301/passwd")
        #expect(arguments.firstIndex(of: "-nolisten").map { arguments[$0 + 1] } == "tcp")
    }

    @Test func credentialsNeverReachTheCommandLine() throws {
        // setup
        let credentials = try #require(RDPCredentials.fromForm(user: "a.jones", domain: "SURGERY", password: "Pa55-word!"))
        // MUT
        let arguments = launch.freerdpArguments(rdpFile: "/run/bridge/301/connection.rdp")
        // validate: the user in the private file, the password on stdin, neither among the arguments
        #expect(arguments.first == "/run/bridge/301/connection.rdp")
        #expect(arguments.contains("/from-stdin:force"))
        #expect(!arguments.joined(separator: " ").contains("a.jones"))
        #expect(!arguments.joined(separator: " ").contains("Pa55-word!"))
        #expect(!arguments.contains { $0.hasPrefix("/p:") || $0.hasPrefix("/u:") })
        #expect(RDPBridgeLaunch.rdpFile(for: credentials) == "username:s:a.jones\r\ndomain:s:SURGERY\r\n")
        #expect(RDPBridgeLaunch.stdin(for: credentials) == "Pa55-word!\n")
        #expect(!"\(credentials)".contains("Pa55-word!"))
    }

    @Test func withoutCredentialsTheHostShowsItsSignInScreen() {
        // MUT
        let arguments = launch.freerdpArguments(rdpFile: nil)
        // validate: nothing read from stdin, and the connection is to the seat's address
        #expect(!arguments.contains("/from-stdin:force"))
        #expect(arguments.contains("/v:10.1.2.3:3389"))
        #expect(arguments.contains("/size:1280x800"))
    }

    @Test func theCertificateIsPinnedOrMustBeTrusted() {
        // validate
        #expect(launch.certificateArgument == "/cert:fingerprint:sha256:ad:b3:68")
        var unpinned = launch
        unpinned.certificateFingerprint = nil
        #expect(unpinned.certificateArgument == "/cert:deny")
    }

    @Test func fingerprintsAreReadWithOrWithoutColons() {
        // setup
        let hex = "ADB368099DB878A99D3D9C69FA0349936D5565E68B6E690AC014E97A97E90D7D"
        let colons = stride(from: 0, to: 64, by: 2).map { offset -> String in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return String(hex[start..<hex.index(start, offsetBy: 2)])
        }.joined(separator: ":")
        // MUT
        let plain = RDPBridgeLaunch.fingerprint("sha256:" + hex)
        let separated = RDPBridgeLaunch.fingerprint("SHA256:" + colons)
        // validate
        #expect(plain == "sha256:" + colons.lowercased())
        #expect(separated == plain)
        #expect(RDPBridgeLaunch.fingerprint("sha1:" + hex) == nil)
        #expect(RDPBridgeLaunch.fingerprint("sha256:" + hex.dropLast(2)) == nil)
        #expect(RDPBridgeLaunch.fingerprint("sha256:" + hex.dropLast(2) + "zz") == nil)
    }

    @Test func credentialsFromAFormAreCheckedFieldByField() {
        // validate
        #expect(RDPCredentials.fromForm(user: " a.jones ", domain: nil, password: "x") == RDPCredentials(user: "a.jones", password: "x"))
        #expect(RDPCredentials.fromForm(user: "", domain: nil, password: "x") == nil)
        #expect(RDPCredentials.fromForm(user: "a.jones", domain: nil, password: "") == nil)
        #expect(RDPCredentials.fromForm(user: "a.jones\r\nusername:s:other", domain: nil, password: "x") == nil)
        #expect(RDPCredentials.fromForm(user: "a.jones", domain: nil, password: "x\ny") == nil)
        #expect(RDPCredentials.fromForm(user: "a.jones", domain: nil, password: String(repeating: "x", count: 257)) == nil)
    }
}

@Suite struct RDPConnectionProbeTests {
    @Test func theRequestOffersTLSAndCredSSP() {
        // validate: 19 bytes, a TPKT whose length is the whole packet, an X.224 CR, a negotiation request for TLS|CredSSP
        #expect(RDPConnectionProbe.request.count == 19)
        #expect(Int(RDPConnectionProbe.request[3]) == RDPConnectionProbe.request.count)
        #expect(RDPConnectionProbe.request[5] == 0xE0)
        #expect(RDPConnectionProbe.request[15] == 0x03)
    }

    @Test func aConfirmWithTheChosenProtocolIsRDP() throws {
        // setup: what xrdp answers with security_layer=tls
        let confirm: [UInt8] = [0x03, 0x00, 0x00, 0x13, 0x0E, 0xD0, 0, 0, 0x12, 0x34, 0, 0x02, 0x1F, 0x08, 0x00, 0x01, 0, 0, 0]
        // MUT / validate
        #expect(try RDPConnectionProbe.read(confirm) == .confirmed(protocol: 1))
    }

    @Test func aNegotiationFailureIsStillRDP() throws {
        // setup: SSL_NOT_ALLOWED_BY_SERVER (2)
        let failure: [UInt8] = [0x03, 0x00, 0x00, 0x13, 0x0E, 0xD0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x08, 0x00, 0x02, 0, 0, 0]
        // MUT / validate
        #expect(try RDPConnectionProbe.read(failure) == .refused(code: 2))
        #expect(try RDPConnectionProbe.read(Array(failure.prefix(11)).enumerated().map { $0.offset == 3 ? 11 : $0.element })
            == .confirmed(protocol: nil))
    }

    @Test func otherServersAndShortAnswersAreNot() {
        // validate
        #expect(throws: RDPProbeError.truncated(needed: 4, got: 2)) { try RDPConnectionProbe.read([0x03, 0x00]) }
        #expect(throws: RDPProbeError.truncated(needed: 19, got: 6)) {
            try RDPConnectionProbe.read([0x03, 0x00, 0x00, 0x13, 0x0E, 0xD0])
        }
        #expect(throws: RDPProbeError.self) { try RDPConnectionProbe.read(Array("RFB 003.008\n".utf8)) }
        #expect(throws: RDPProbeError.self) {
            try RDPConnectionProbe.read([0x03, 0x00, 0x00, 0x0B, 0x06, 0xE0, 0, 0, 0, 0, 0])
        }
    }
}
