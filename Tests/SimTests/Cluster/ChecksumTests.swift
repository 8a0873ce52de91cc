import ArrowLite
import Testing

@testable import ClusterSim

@Suite("payload checksum") struct ChecksumTests {
    @Test("changing any one byte, or the length, of a payload of 0 to 70 bytes changes its checksum")
    func everySingleByteChangeIsCaught() {
        var random = SplitMix64(seed: 9)
        for length in 0...70 {
            let payload = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let checksum = Checksum.of(payload)
            for index in payload.indices {
                for flip: UInt8 in [0x01, 0x80, 0xFF] {
                    var changed = payload
                    changed[index] ^= flip
                    #expect(Checksum.of(changed) != checksum, "length \(length), byte \(index) ^ \(flip)")
                }
            }
            #expect(Checksum.of(payload + [0]) != checksum, "length \(length) + a zero byte")
        }
    }
}
