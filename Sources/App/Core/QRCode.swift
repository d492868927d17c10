import CQRCodeGen
import Foundation

/// A QR code drawn by Debian's libqrcodegen, rendered as an SVG path.
enum QRCode {
    /// qrcodegen_BUFFER_LEN_MAX, a C macro Swift cannot import: ((40 * 4 + 17)² + 7) / 8 + 1.
    static let bufferLength = 3918

    /// SVG markup for `text`, or nil when it is too long for a QR code.
    static func svg(for text: String, label: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: bufferLength)
        var scratch = [UInt8](repeating: 0, count: bufferLength)
        let ok = text.withCString { cText in
            qrcodegen_encodeText(
                cText, &scratch, &buffer, qrcodegen_Ecc_MEDIUM, qrcodegen_VERSION_MIN, qrcodegen_VERSION_MAX,
                qrcodegen_Mask_AUTO, true)
        }
        guard ok else { return nil }
        let size = Int(qrcodegen_getSize(buffer))
        let border = 4
        var path = ""
        for y in 0..<size {
            for x in 0..<size where qrcodegen_getModule(buffer, Int32(x), Int32(y)) {
                path += "M\(x + border),\(y + border)h1v1h-1z"
            }
        }
        let total = size + 2 * border
        let escaped = label.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="qr-code" role="img" aria-label="\(escaped)" \
            viewBox="0 0 \(total) \(total)" width="240" height="240" shape-rendering="crispEdges">\
            <rect width="100%" height="100%" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }
}
