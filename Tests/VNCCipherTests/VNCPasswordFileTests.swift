import Domain
import Testing
import VNCCipher

/// The RDP bridge writes its Xvnc's password file itself: it must be byte for byte what TigerVNC's `vncpasswd -f`
/// writes, or the gateway could not sign in to its own bridge.
@Suite struct VNCPasswordFileTests {
    @Test func matchesWhatTigerVNCsPasswdWrites() {
        // setup: `printf 'winpass1\n' | tigervncpasswd -f` and `printf 'abc\n' | tigervncpasswd -f` (TigerVNC 1.12)
        let winpass1: [UInt8] = [0xa8, 0x55, 0xf4, 0x42, 0x2b, 0x5d, 0x37, 0x69]
        let abc: [UInt8] = [0x9c, 0x0a, 0x17, 0x2d, 0x34, 0x82, 0xe1, 0x22]
        // MUT
        let written = VNCPasswordFile.contents(password: "winpass1", encryptBlock: VNCCipher.encryptBlock)
        let short = VNCPasswordFile.contents(password: "abc", encryptBlock: VNCCipher.encryptBlock)
        // validate
        #expect(written == winpass1)
        #expect(short == abc)
        #expect(VNCPasswordFile.contents(password: "winpass1-and-more", encryptBlock: VNCCipher.encryptBlock) == winpass1)
    }
}
