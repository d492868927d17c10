import Crypto
import Domain
import Foundation
import Testing

/// Signed checkpoints of the audit chain's head and the key that signs them.
@Suite struct AuditCheckpointTests {
    static let head = String(repeating: "ab", count: 32)

    @Test func aCheckpointLineReadsBackAndPassesItsKeyCheck() throws {
        // setup
        let key = AuditCheckpointKey(box: SecretBox.random())
        let written = AuditCheckpoint(sequence: 1_240, headHash: Self.head, writtenAtMillis: 1_796_551_200_000, key: key)
        // MUT
        let read = try #require(AuditCheckpoint.parse(written.line))
        // validate
        #expect(read == written)
        #expect(key.isAuthentic(read))
        #expect(written.line.hasPrefix("v1 at_ms=1796551200000 sequence=1240 head=\(Self.head) mac="))
    }

    @Test func anyChangedFieldFailsTheKeyCheck() throws {
        // setup
        let key = AuditCheckpointKey(box: SecretBox.random())
        let written = AuditCheckpoint(sequence: 10, headHash: Self.head, writtenAtMillis: 1_000, key: key)
        // MUT + validate
        for changed in [
            AuditCheckpoint(sequence: 9, headHash: written.headHash, writtenAtMillis: written.writtenAtMillis, mac: written.mac),
            AuditCheckpoint(sequence: 10, headHash: String(repeating: "cd", count: 32), writtenAtMillis: 1_000, mac: written.mac),
            AuditCheckpoint(sequence: 10, headHash: written.headHash, writtenAtMillis: 2_000, mac: written.mac),
        ] {
            #expect(!key.isAuthentic(changed))
        }
        #expect(!AuditCheckpointKey(box: SecretBox.random()).isAuthentic(written))
    }

    @Test func theCheckpointKeyIsDerivedAndIsNotTheDataKeyItself() throws {
        // setup
        let dataKey = SecretBox.randomKeyBytes()
        let box = try SecretBox(keyBytes: dataKey)
        // MUT
        let mac = AuditCheckpointKey(box: box).mac(sequence: 1, headHash: Self.head, writtenAtMillis: 1)
        let sameBox = AuditCheckpointKey(box: try SecretBox(keyBytes: dataKey)).mac(sequence: 1, headHash: Self.head, writtenAtMillis: 1)
        let withDataKey = AuditCheckpointKey(SymmetricKey(data: dataKey)).mac(sequence: 1, headHash: Self.head, writtenAtMillis: 1)
        // validate: the same data key always gives the same checkpoint key, which is not the data key
        #expect(mac == sameBox)
        #expect(mac != withDataKey)
        #expect(box.derivedKey(purpose: "one") != box.derivedKey(purpose: "two"))
    }

    @Test func linesThatAreNotCheckpointsAreNotRead() {
        for line in [
            "", "v1", "v2 at_ms=1 sequence=1 head=\(Self.head) mac=\(Self.head)",
            "v1 at_ms=1 sequence=-1 head=\(Self.head) mac=\(Self.head)",
            "v1 at_ms=1 sequence=1 head=XYZ mac=\(Self.head)", "v1 at_ms=x sequence=1 head=\(Self.head) mac=\(Self.head)",
        ] {
            #expect(AuditCheckpoint.parse(line) == nil)
        }
    }
}
