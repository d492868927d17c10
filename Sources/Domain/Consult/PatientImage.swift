import Foundation

/// The picture formats a patient may send, told apart by their content, never by the file name.
public enum ImageFormat: String, CaseIterable, Codable, Sendable {
    case jpeg, png, gif, webp

    /// The Content-Type to serve the picture with.
    public var mimeType: String { "image/\(rawValue)" }

    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
}

/// Checks for photos that patients send with a reply, and removal of what else a photo carries:
/// the place it was taken (GPS), the phone, the time, names and comments.
public enum PatientImage {
    /// 8 MiB: a phone photo fits; a video renamed .jpg does not.
    public static let maxBytes = 8 * 1024 * 1024

    /// The format of `bytes` by its first bytes, after checking the size and that the file is whole.
    public static func inspect(_ bytes: [UInt8]) throws(ImageProblem) -> ImageFormat {
        try checkSize(bytes)
        guard let format = sniff(bytes) else { throw .notAnImage }
        _ = try removingMetadata(bytes, format: format)
        return format
    }

    /// The same picture with only what decoding needs. JPEG: every application segment but APP0 (JFIF) and APP14
    /// (Adobe), comments, and anything after the end-of-image marker go; PNG and WebP: only the chunks a picture needs
    /// stay; GIF: comments, plain-text and application extensions go (but the animation loop). What stays is kept
    /// byte for byte.
    public static func removingMetadata(_ bytes: [UInt8], format: ImageFormat) throws(ImageProblem) -> [UInt8] {
        try checkSize(bytes)
        switch format {
        case .jpeg: return try strippedJPEG(bytes)
        case .png: return try strippedPNG(bytes)
        case .webp: return try strippedWebP(bytes)
        case .gif: return try checkedGIF(bytes)
        }
    }

    private static func checkSize(_ bytes: [UInt8]) throws(ImageProblem) {
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= maxBytes else { throw .tooLarge(bytes: bytes.count) }
    }

    /// The format named by the file's signature, or nil.
    static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        return nil
    }
}

/// Why a photo was refused.
public enum ImageProblem: Error, Equatable, Sendable {
    case empty
    case tooLarge(bytes: Int)
    case notAnImage
    case damaged

    /// What to tell the patient who sent it.
    public var message: String {
        switch self {
        case .empty:
            "The file you chose is empty. Choose the photo again."
        case .tooLarge(let bytes):
            "This photo is too big (\(Self.megabytes(bytes)) MB). Send a photo smaller than 8 MB: "
                + "a screenshot of the photo, or a smaller size from your phone's settings, will usually do."
        case .notAnImage:
            "This file is not a photo we can open. Send a photo in JPEG, PNG, GIF or WebP format."
        case .damaged:
            "This photo seems to be damaged or only partly sent. Try taking it again, or choose another photo."
        }
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_048_576)
    }
}

/// Big- and little-endian reads that never go past the end.
extension [UInt8] {
    func uint16BE(at offset: Int) -> Int? {
        guard offset >= 0, offset + 2 <= count else { return nil }
        return Int(self[offset]) << 8 | Int(self[offset + 1])
    }

    func uint32BE(at offset: Int) -> Int? {
        guard let high = uint16BE(at: offset), let low = uint16BE(at: offset + 2) else { return nil }
        return high << 16 | low
    }

    func uint32LE(at offset: Int) -> Int? {
        guard offset >= 0, offset + 4 <= count else { return nil }
        return Int(self[offset]) | Int(self[offset + 1]) << 8 | Int(self[offset + 2]) << 16 | Int(self[offset + 3]) << 24
    }
}
