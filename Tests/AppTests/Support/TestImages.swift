import Foundation
import Testing

/// Small real image files made in code.
enum TestImages {
    /// A 1×1 red PNG with valid CRCs.
    static let png: [UInt8] = {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let typeBytes = Array(type.utf8)
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in typeBytes + data {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = (crc & 1) == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            crc ^= 0xFFFF_FFFF
            return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc)
        }
        func bigEndian(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
        // zlib stream of the single scanline [filter 0, 255, 0, 0], stored (no compression)
        let raw: [UInt8] = [0, 255, 0, 0]
        var adlerA: UInt32 = 1, adlerB: UInt32 = 0
        for byte in raw { adlerA = (adlerA + UInt32(byte)) % 65521; adlerB = (adlerB + adlerA) % 65521 }
        let zlib: [UInt8] = [0x78, 0x01, 0x01, 0x04, 0x00, 0xFB, 0xFF] + raw + bigEndian(adlerB << 16 | adlerA)
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", bigEndian(1) + bigEndian(1) + [8, 2, 0, 0, 0])
            + chunk("IDAT", zlib) + chunk("IEND", [])
    }()

    /// A JPEG whose Exif segment carries a GPS marker string.
    static let jpegWithLocation: [UInt8] = {
        let exif = Array("Exif".utf8) + [0, 0] + Array("GPSLatitude 51.5074 N".utf8)
        let app1: [UInt8] = [0xFF, 0xE1, UInt8((exif.count + 2) >> 8), UInt8((exif.count + 2) & 0xFF)] + exif
        let quant: [UInt8] = [0xFF, 0xDB, 0x00, 0x43, 0x00] + Array(repeating: 1, count: 64)
        let frame: [UInt8] = [0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00]
        let huffman: [UInt8] = [0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01] + Array(repeating: 0, count: 15) + [0x00]
        let scan: [UInt8] = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x00, 0xFF, 0xD9]
        return [0xFF, 0xD8] + app1 + quant + frame + huffman + scan
    }()
}

/// A multipart/form-data body, as a browser sends a form with files.
struct MultipartBody {
    let boundary = "----surgery-test-\(UUID().uuidString)"
    var parts: [(name: String, filename: String?, contentType: String?, data: [UInt8])] = []

    mutating func field(_ name: String, _ value: String) { parts.append((name, nil, nil, Array(value.utf8))) }
    mutating func file(_ name: String, filename: String, contentType: String, data: [UInt8]) { parts.append((name, filename, contentType, data)) }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"" }
            head += "\r\n"
            if let type = part.contentType { head += "Content-Type: \(type)\r\n" }
            head += "\r\n"
            out += Array(head.utf8) + part.data + Array("\r\n".utf8)
        }
        return out + Array("--\(boundary)--\r\n".utf8)
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}
