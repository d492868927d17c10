import Domain
import Foundation
import Testing

/// Small synthetic image files, built byte by byte.
enum ImageFixture {
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    static let gps = Array("Exif\0\0MM\0*GPSLatitude 51.5074 N GPSLongitude 0.1278 W".utf8)
    static let soi: [UInt8] = [0xFF, 0xD8]
    static let app0 = segment(0xE0, Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
    static let app1 = segment(0xE1, gps)
    static let app2 = segment(0xE2, Array("ICC_PROFILE\0".utf8) + [1, 1, 9, 9])
    static let comment = segment(0xFE, Array("Taken at 10 Acacia Avenue".utf8))
    static let app13 = segment(0xED, Array("Photoshop 3.0\08BIM".utf8))
    static let dqt = segment(0xDB, [0] + Array(repeating: 1, count: 64))
    static let sof0 = segment(0xC0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0])
    static let sos = segment(0xDA, [1, 1, 0, 0, 0x3F, 0])
    static let scan: [UInt8] = [0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78]
    static let eoi: [UInt8] = [0xFF, 0xD9]

    static let app14 = segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1])
    static let app15 = segment(0xEF, Array("Owner: Jo Bloggs, 10 Acacia Avenue".utf8))
    static var jpegWithMetadata: [UInt8] { soi + app0 + app1 + app2 + comment + dqt + app13 + app14 + app15 + sof0 + sos + scan + eoi }
    static var jpegWithout: [UInt8] { soi + app0 + dqt + app14 + sof0 + sos + scan + eoi }

    /// The PNG CRC, written out again here so that the test does not trust the code under test.
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 0 ? 0 : 0xEDB8_8320) }
        }
        return ~crc
    }

    static func be32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8((value >> $0) & 0xFF) } }
    static func le32(_ value: Int) -> [UInt8] { [0, 8, 16, 24].map { UInt8((value >> $0) & 0xFF) } }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc(body)))
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let ihdr = chunk("IHDR", be32(1) + be32(1) + [8, 2, 0, 0, 0])
    static let idat = chunk("IDAT", [0x78, 0x9C, 0x63, 0xF8, 0x0F, 0x00, 0x01, 0x01, 0x01, 0x00])
    static let iend = chunk("IEND", [])
    static var pngWithMetadata: [UInt8] {
        pngSignature + ihdr + chunk("eXIf", gps) + chunk("tEXt", Array("Author\0Jo Bloggs".utf8))
            + chunk("iTXt", Array("Location\0\0\0\0\0Leeds".utf8)) + idat + chunk("zTXt", [0x41, 0, 0, 0x78])
            + chunk("tIME", [7, 234, 12, 6, 9, 30, 0]) + chunk("prVt", Array("Leeds camera serial 42".utf8)) + iend
    }
    static var pngWithout: [UInt8] { pngSignature + ihdr + idat + iend }

    static func riffChunk(_ fourCC: String, _ data: [UInt8]) -> [UInt8] {
        Array(fourCC.utf8) + le32(data.count) + data + (data.count % 2 == 1 ? [0] : [])
    }

    static func webp(_ chunks: [[UInt8]]) -> [UInt8] {
        let body = Array("WEBP".utf8) + chunks.joined()
        return Array("RIFF".utf8) + le32(body.count) + body
    }

    static func vp8x(flags: UInt8) -> [UInt8] { riffChunk("VP8X", [flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]) }
    static let vp8 = riffChunk("VP8 ", [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, 1, 0, 1, 0, 0x42])  // odd size: padded
    static var webpWithMetadata: [UInt8] {
        webp([
            vp8x(flags: 0x20 | 0x10 | 0x08 | 0x04), riffChunk("ICCP", Array("Leeds profile".utf8)), vp8, riffChunk("EXIF", gps),
            riffChunk("XMP ", Array("<x:xmpmeta/>".utf8)), riffChunk("LEED", Array("camera serial".utf8)),
        ])
    }
    static var webpWithout: [UInt8] { webp([vp8x(flags: 0x10), vp8]) }

    static let gif: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B]
    static let gifHeader: [UInt8] = Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0] + [0, 0, 0, 255, 255, 255]  // 2-colour table
    static let gifLoop: [UInt8] = [0x21, 0xFF, 11] + Array("NETSCAPE2.0".utf8) + [3, 1, 0, 0, 0]
    static let gifControl: [UInt8] = [0x21, 0xF9, 4, 0, 10, 0, 0, 0]
    static let gifImage: [UInt8] = [0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0]
    static let gifComment: [UInt8] = [0x21, 0xFE, 18] + Array("Taken at Leeds GPS".utf8) + [0]
    static let gifXMP: [UInt8] = [0x21, 0xFF, 11] + Array("XMP DataXMP".utf8) + [6] + Array("<xmp/>".utf8) + [0]
    static var gifWithMetadata: [UInt8] { gifHeader + gifComment + gifLoop + gifXMP + gifControl + gifImage + [0x3B] + Array("trailing".utf8) }
    static var gifWithout: [UInt8] { gifHeader + gifLoop + gifControl + gifImage + [0x3B] }
}

@Suite struct PatientImageTests {
    @Test func recognisesFormatsByContent() throws {
        #expect(try PatientImage.inspect(ImageFixture.jpegWithMetadata) == .jpeg)
        #expect(try PatientImage.inspect(ImageFixture.pngWithMetadata) == .png)
        #expect(try PatientImage.inspect(ImageFixture.webpWithMetadata) == .webp)
        #expect(try PatientImage.inspect(ImageFixture.gif) == .gif)
        #expect(ImageFormat.jpeg.mimeType == "image/jpeg" && ImageFormat.jpeg.fileExtension == "jpg")
    }

    @Test func refusesTextRenamedAsAPhoto() {
        #expect(throws: ImageProblem.notAnImage) { try PatientImage.inspect(Array("my rash, photo.jpg\n".utf8)) }
        #expect(throws: ImageProblem.notAnImage) { try PatientImage.inspect(Array("%PDF-1.7 rest".utf8)) }
        #expect(throws: ImageProblem.empty) { try PatientImage.inspect([]) }
    }

    @Test func refusesFilesOverEightMebibytes() {
        let big = ImageFixture.soi + [UInt8](repeating: 0, count: 8 * 1024 * 1024 - 1)
        #expect(throws: ImageProblem.tooLarge(bytes: 8 * 1024 * 1024 + 1)) { try PatientImage.inspect(big) }
        #expect(ImageProblem.tooLarge(bytes: 12_582_912).message.contains("12.0 MB"))
    }

    @Test func truncatedFilesAreDamaged() {
        for file in [ImageFixture.jpegWithMetadata, ImageFixture.pngWithMetadata, ImageFixture.webpWithMetadata, ImageFixture.gif] {
            for cut in [1, 3, file.count / 2] {
                #expect(throws: ImageProblem.damaged) { try PatientImage.inspect(Array(file.dropLast(cut))) }
            }
        }
        #expect(throws: ImageProblem.damaged) { try PatientImage.inspect([0xFF, 0xD8, 0xFF]) }
    }

    @Test func jpegKeepsOnlyJFIFAndAdobeOfItsApplicationSegments() throws {
        // MUT
        let cleaned = try PatientImage.removingMetadata(ImageFixture.jpegWithMetadata, format: .jpeg)
        // validate
        #expect(cleaned == ImageFixture.jpegWithout)
        #expect(!String(decoding: cleaned, as: UTF8.self).contains("GPS"))
        #expect(try PatientImage.removingMetadata(cleaned, format: .jpeg) == cleaned)
    }

    @Test func jpegTrailerAfterTheImageIsDropped() throws {
        let withTrailer = ImageFixture.jpegWithMetadata + Array("MotionPhoto_Data GPS".utf8)
        #expect(try PatientImage.removingMetadata(withTrailer, format: .jpeg) == ImageFixture.jpegWithout)
    }

    @Test func jpegWithBadSegmentLengthIsDamaged() {
        var broken = ImageFixture.jpegWithMetadata
        broken[ImageFixture.soi.count + 2] = 0xFF  // APP0 claims 65,000 bytes
        #expect(throws: ImageProblem.damaged) { try PatientImage.removingMetadata(broken, format: .jpeg) }
    }

    @Test func pngKeepsOnlyTheChunksDecodingNeeds() throws {
        let cleaned = try PatientImage.removingMetadata(ImageFixture.pngWithMetadata, format: .png)
        #expect(cleaned == ImageFixture.pngWithout)
        #expect(!String(decoding: cleaned, as: UTF8.self).contains("Leeds"))
    }

    @Test func pngWithWrongCRCIsDamaged() {
        var broken = ImageFixture.pngWithout
        broken[ImageFixture.pngSignature.count + 8] ^= 0x01  // a byte of IHDR's data
        #expect(throws: ImageProblem.damaged) { try PatientImage.inspect(broken) }
    }

    @Test func webpKeepsOnlyTheChunksDecodingNeeds() throws {
        // MUT
        let cleaned = try PatientImage.removingMetadata(ImageFixture.webpWithMetadata, format: .webp)
        // validate
        #expect(cleaned == ImageFixture.webpWithout)
        #expect(cleaned[20] == 0x10)  // VP8X flags: alpha kept, ICC, Exif and XMP cleared
        let riffSize = Int(cleaned[4]) | Int(cleaned[5]) << 8 | Int(cleaned[6]) << 16 | Int(cleaned[7]) << 24
        #expect(riffSize == cleaned.count - 8)
    }

    @Test func gifKeepsItsImagesAndLoopButLosesCommentsAndApplicationData() throws {
        // MUT
        let cleaned = try PatientImage.removingMetadata(ImageFixture.gifWithMetadata, format: .gif)
        // validate
        #expect(cleaned == ImageFixture.gifWithout)
        #expect(!String(decoding: cleaned, as: UTF8.self).contains("Leeds"))
        #expect(try PatientImage.removingMetadata(ImageFixture.gif, format: .gif) == ImageFixture.gif)
        #expect(throws: ImageProblem.damaged) { try PatientImage.removingMetadata(ImageFixture.gifHeader + [0x3B], format: .gif) }
    }

    @Test func wrongFormatClaimIsRefused() {
        #expect(throws: ImageProblem.damaged) { try PatientImage.removingMetadata(ImageFixture.gif, format: .png) }
        #expect(throws: ImageProblem.damaged) { try PatientImage.removingMetadata(ImageFixture.pngWithout, format: .jpeg) }
    }
}
