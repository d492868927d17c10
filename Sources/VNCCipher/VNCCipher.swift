import CVNCDES
import Domain

/// DES for VNC Authentication, from the system's libcrypto. It lives apart from `Domain`, which stays free of C, and
/// is handed to `RFBHostHandshake` and `VNCAuthChallenge` as their block function.
public enum VNCCipher {
    /// One 8-byte block encrypted with single DES (ECB) under an 8-byte key whose parity bits are ignored. Any other
    /// length of key or block gives an empty array, which `VNCAuthChallenge.response` reports as a fault.
    public static func encryptBlock(key8: [UInt8], block8: [UInt8]) -> [UInt8] {
        guard key8.count == 8, block8.count == 8 else { return [] }
        var output = [UInt8](repeating: 0, count: 8)
        key8.withUnsafeBufferPointer { key in
            block8.withUnsafeBufferPointer { block in
                output.withUnsafeMutableBufferPointer { out in
                    cvncdes_encrypt_block(key.baseAddress, block.baseAddress, out.baseAddress)
                }
            }
        }
        return output
    }

    /// The 16-byte answer to a VncAuth challenge for `password`; `challenge` must be exactly 16 bytes.
    public static func vncAuthResponse(challenge: [UInt8], password: String) throws(RFBError) -> [UInt8] {
        try VNCAuthChallenge.response(challenge: try VNCAuthChallenge(challenge), password: password, encryptBlock: encryptBlock)
    }
}
