import Foundation

extension PatientImage {
    /// Walks the GIF's blocks and keeps the header, colour tables, images and graphic controls; comment, plain-text
    /// and application extensions go (but the NETSCAPE2.0 / ANIMEXTS1.0 loop count), and anything after the trailer.
    static func checkedGIF(_ bytes: [UInt8]) throws(ImageProblem) -> [UInt8] {
        guard sniff(bytes) == .gif else { throw .notAnImage }
        guard bytes.count >= 14 else { throw .damaged }
        var index = 13 + colourTableSize(packed: bytes[10])
        guard index <= bytes.count else { throw .damaged }
        var output = Array(bytes[0..<index])
        var sawImage = false
        while index < bytes.count {
            let start = index
            switch bytes[index] {
            case 0x3B:  // trailer
                guard sawImage else { throw .damaged }
                return output + [0x3B]
            case 0x2C:  // image descriptor, local colour table, LZW code size, data
                guard index + 10 <= bytes.count else { throw .damaged }
                index += 10 + colourTableSize(packed: bytes[index + 9]) + 1
                index = try endOfSubBlocks(bytes, from: index)
                output += bytes[start..<index]
                sawImage = true
            case 0x21:  // extension: label, then sub-blocks
                guard index + 2 <= bytes.count else { throw .damaged }
                let label = bytes[index + 1]
                let end = try endOfSubBlocks(bytes, from: index + 2)
                if label == 0xF9 || (label == 0xFF && isLoopExtension(bytes, at: index + 2)) { output += bytes[start..<end] }
                index = end
            default:
                throw .damaged
            }
        }
        throw .damaged
    }

    /// The bytes of a global or local colour table, from its descriptor's packed field.
    private static func colourTableSize(packed: UInt8) -> Int {
        packed & 0x80 == 0 ? 0 : 3 << (Int(packed & 0x07) + 1)
    }

    /// The index after the zero-length block that ends the sub-blocks starting at `from`.
    private static func endOfSubBlocks(_ bytes: [UInt8], from: Int) throws(ImageProblem) -> Int {
        var index = from
        while index < bytes.count {
            let length = Int(bytes[index])
            index += 1 + length
            if length == 0 { return index }
        }
        throw .damaged
    }

    /// Whether the application extension whose sub-blocks start at `at` is the animation loop count.
    private static func isLoopExtension(_ bytes: [UInt8], at: Int) -> Bool {
        guard at + 12 <= bytes.count, bytes[at] == 11 else { return false }
        let name = String(decoding: bytes[at + 1..<at + 12], as: UTF8.self)
        return name == "NETSCAPE2.0" || name == "ANIMEXTS1.0"
    }
}
