import Foundation

/// What to send on of one chunk of an RFB stream, in order: ranges of the chunk as they came, and bytes put in their
/// place. Bytes of the chunk that no cut names are dropped.
public enum RFBCut: Sendable, Hashable {
    /// Offsets into the chunk (0 is its first byte), sent unchanged.
    case pass(Range<Int>)
    /// Bytes to send at this point: a message held across chunks and kept, or one rewritten.
    case insert([UInt8])
}

/// Why the gateway could not follow an RFB stream's message boundaries: it then cannot tell where copied text is, so it
/// ends the connection rather than let anything through unchecked.
public enum RFBStreamError: Error, Sendable, Hashable {
    case unknownViewerMessage(UInt8)
    case unknownHostMessage(UInt8)
    case unknownEncoding(Int32)
    case unreadable(String)

    /// For the log and the audit trail (never patient data: only message numbers).
    public var message: String {
        switch self {
        case .unknownViewerMessage(let type): "the viewer sent RFB message type \(type), which the gateway does not follow"
        case .unknownHostMessage(let type): "the desktop sent RFB message type \(type), which the gateway does not follow"
        case .unknownEncoding(let encoding): "the desktop sent a rectangle in encoding \(encoding), which the gateway does not follow"
        case .unreadable(let what): "the desktop's stream could not be read: \(what)"
        }
    }
}

/// The verdict of a reader on the part of a message it has read so far.
enum RFBStep: Sendable {
    /// The part needs this many bytes in all before the reader can say more.
    case need(Int)
    /// The part is read: send it on, and the next `skip` bytes unread.
    case pass(skip: Int)
    /// The part is read and dropped, with the next `skip` bytes (a held message start only).
    case drop(skip: Int)
    /// The part is read and replaced by `bytes` (a held message start only).
    case replace([UInt8])
}

/// One direction's message grammar, read part by part: a message start (held until its fate is known), then the parts
/// inside it (passed on as they arrive).
protocol RFBStreamReader: Sendable {
    /// Whether the next part is a message start, whose bytes are held back until the reader says pass, drop or replace.
    var holdsNextPart: Bool { get }
    /// How many bytes the next part needs before `read` can say anything (at least 1).
    var firstNeed: Int { get }
    /// Reads the bytes of the current part so far (exactly as many as the last `need` asked for).
    mutating func read(_ part: [UInt8]) throws(RFBStreamError) -> RFBStep
}

/// Follows an RFB stream chunk by chunk with a reader, and says for each chunk which bytes go on. Payloads (pixels,
/// copied text) are skipped by count without being looked at or copied.
struct RFBStreamWalker<Reader: RFBStreamReader>: Sendable {
    var reader: Reader
    private var part: [UInt8] = []
    private var need = 0
    private var holding = false
    private var skip = 0
    private var skipKeeps = true

    init(reader: Reader) { self.reader = reader }

    mutating func walk(_ bytes: some RandomAccessCollection<UInt8>) throws(RFBStreamError) -> [RFBCut] {
        var cuts = RFBCuts()
        let count = bytes.count
        var heldEarlier = part.count
        var offset = 0
        while offset < count {
            if skip > 0 {
                let step = min(skip, count - offset)
                if skipKeeps { cuts.pass(offset..<offset + step) }
                skip -= step
                offset += step
                continue
            }
            if part.isEmpty, need == 0 {
                need = reader.firstNeed
                holding = reader.holdsNextPart
                heldEarlier = 0
            }
            let take = min(need - part.count, count - offset)
            let start = bytes.index(bytes.startIndex, offsetBy: offset)
            part.append(contentsOf: bytes[start..<bytes.index(start, offsetBy: take)])
            if !holding { cuts.pass(offset..<offset + take) }
            offset += take
            guard part.count == need else { break }
            let step = try reader.read(part)
            switch step {
            case .need(let more):
                guard more > part.count else { throw .unreadable("a part asked for no more bytes") }
                need = more
                continue
            case .pass(let next):
                if holding {
                    if heldEarlier > 0 { cuts.insert(Array(part.prefix(heldEarlier))) }
                    cuts.pass(offset - (part.count - heldEarlier)..<offset)
                }
                (skip, skipKeeps) = (next, true)
            case .drop(let next):
                (skip, skipKeeps) = (next, false)
            case .replace(let bytes):
                cuts.insert(bytes)
                (skip, skipKeeps) = (0, true)
            }
            part.removeAll(keepingCapacity: true)
            need = 0
        }
        return cuts.cuts
    }
}

/// Cuts being gathered: touching ranges are joined, so that a chunk with nothing dropped is one range.
struct RFBCuts {
    private(set) var cuts: [RFBCut] = []

    mutating func pass(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        if case .pass(let last) = cuts.last, last.upperBound == range.lowerBound {
            cuts[cuts.count - 1] = .pass(last.lowerBound..<range.upperBound)
        } else {
            cuts.append(.pass(range))
        }
    }

    mutating func insert(_ bytes: [UInt8]) {
        if !bytes.isEmpty { cuts.append(.insert(bytes)) }
    }
}

/// Big-endian reads of a message part.
extension [UInt8] {
    func u16(_ at: Int) -> Int { Int(self[at]) << 8 | Int(self[at + 1]) }
    func u32(_ at: Int) -> Int { u16(at) << 16 | u16(at + 2) }
    func s32(_ at: Int) -> Int32 { Int32(bitPattern: UInt32(u32(at))) }
}
