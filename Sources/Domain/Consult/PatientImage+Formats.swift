import Foundation

extension PatientImage {
    /// Walks the JPEG's segments up to the start of scan, keeping of the application segments only APP0 (JFIF) and
    /// APP14 (Adobe's colour transform, which decoding needs) and dropping comments, then copies the image data up to
    /// and including the end-of-image marker (a trailer after it, such as a phone's embedded video, is dropped).
    static func strippedJPEG(_ bytes: [UInt8]) throws(ImageProblem) -> [UInt8] {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw .damaged }
        var output: [UInt8] = [0xFF, 0xD8]
        output.reserveCapacity(bytes.count)
        var index = 2
        while true {
            guard index < bytes.count, bytes[index] == 0xFF else { throw .damaged }
            let start = index
            while index < bytes.count && bytes[index] == 0xFF { index += 1 }  // fill bytes
            guard index < bytes.count else { throw .damaged }
            let marker = bytes[index]
            index += 1
            switch marker {
            case 0x01, 0xD0...0xD7:  // markers without a length
                output += bytes[start..<index]
                continue
            case 0x00, 0xD8, 0xD9:  // no image data before the end
                throw .damaged
            default:
                break
            }
            guard let length = bytes.uint16BE(at: index), length >= 2, index + length <= bytes.count else { throw .damaged }
            let end = index + length
            if marker == 0xDA {
                // Start of scan: the rest is image data (and further scans) up to the end-of-image marker, which cannot
                // occur inside entropy-coded data, where 0xFF is always followed by 0x00 or a restart marker.
                guard let eoi = endOfImage(bytes, from: end) else { throw .damaged }
                output += bytes[start..<eoi]
                return output
            }
            let isMetadata = ((0xE1...0xEF).contains(marker) && marker != 0xEE) || marker == 0xFE
            if !isMetadata { output += bytes[start..<end] }
            index = end
        }
    }

    /// The index just after the first FF D9 at or after `from`.
    private static func endOfImage(_ bytes: [UInt8], from: Int) -> Int? {
        var index = from
        while index + 1 < bytes.count {
            if bytes[index] == 0xFF && bytes[index + 1] == 0xD9 { return index + 2 }
            index += 1
        }
        return nil
    }

    /// Walks the PNG's chunks, checking each CRC, and keeps only those that decoding needs (`pngKept`): text, Exif,
    /// times, private and unknown chunks go. The file must start with IHDR and end with IEND; anything after is dropped.
    static func strippedPNG(_ bytes: [UInt8]) throws(ImageProblem) -> [UInt8] {
        guard sniff(bytes) == .png else { throw .damaged }
        var output = Array(bytes[0..<8])
        output.reserveCapacity(bytes.count)
        var index = 8
        var isFirst = true

        while true {
            guard let length = bytes.uint32BE(at: index), length <= bytes.count,
                index + 12 + length <= bytes.count
            else { throw .damaged }
            let type = String(decoding: bytes[index + 4..<index + 8], as: UTF8.self)
            let end = index + 12 + length
            guard CRC32.checksum(bytes[index + 4..<end - 4]) == UInt32(bytes.uint32BE(at: end - 4)!) else { throw .damaged }
            guard !isFirst || type == "IHDR" else { throw .damaged }
            isFirst = false
            if pngKept.contains(type) { output += bytes[index..<end] }
            if type == "IEND" { return output }
            index = end
        }
    }

    /// The PNG chunks a picture needs: the image, its palette and transparency, and how to show its colours.
    static let pngKept: Set<String> = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB"]

    /// The WebP chunks a picture needs: the image (still or animated) and its alpha.
    static let webpKept: Set<String> = ["VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF"]

    /// Walks the WebP's RIFF chunks, keeps only `webpKept` (EXIF, XMP, ICC profiles and unknown chunks go), clears the
    /// dropped chunks' flags in VP8X and rewrites the RIFF size.
    static func strippedWebP(_ bytes: [UInt8]) throws(ImageProblem) -> [UInt8] {
        guard sniff(bytes) == .webp, let riffSize = bytes.uint32LE(at: 4), riffSize >= 4, riffSize + 8 <= bytes.count
        else { throw .damaged }
        let riffEnd = riffSize + 8
        var body: [UInt8] = Array("WEBP".utf8)
        var index = 12
        var sawImage = false
        while index < riffEnd {
            guard index + 8 <= riffEnd, let size = bytes.uint32LE(at: index + 4) else { throw .damaged }
            let padded = size + (size & 1)
            let end = index + 8 + padded
            // The last chunk's pad byte may be missing; anything else beyond the RIFF size is truncation.
            guard end <= riffEnd || (end == riffEnd + 1 && size & 1 == 1) else { throw .damaged }
            let fourCC = String(decoding: bytes[index..<index + 4], as: UTF8.self)
            if ["VP8 ", "VP8L", "ANMF"].contains(fourCC) { sawImage = true }
            guard webpKept.contains(fourCC) else {
                index = end
                continue
            }
            var chunk = Array(bytes[index..<min(end, riffEnd)])
            if chunk.count < 8 + padded { chunk.append(0) }
            if fourCC == "VP8X" {
                guard size >= 10 else { throw .damaged }
                chunk[8] &= ~UInt8(0x20 | 0x08 | 0x04)  // the ICC profile, Exif and XMP flags
            }
            body += chunk
            index = end
        }
        guard sawImage else { throw .damaged }
        let size = UInt32(body.count)
        return Array("RIFF".utf8) + [UInt8(size & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 24)] + body
    }
}

/// The CRC-32 that PNG chunks carry (ISO 3309, polynomial 0xEDB88320).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { value in
        var crc = UInt32(value)
        for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        return crc
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
