import ArrowLite
import Testing

@Suite struct BufferTests {
    @Test("every buffer starts 64-byte aligned with zeroed padding, whichever way it is made and however large")
    func alignedAndPadded() {
        for byteCount in [0, 1, 63, 64, 65, 1000, 4096, 200_000, 3_000_001] {
            let filled = Buffer(byteCount: byteCount) {
                $0.initializeMemory(as: UInt8.self, repeating: 0xAB, count: byteCount)
            }
            let zeroed = Buffer(zeroed: byteCount)
            var growing = MutableBuffer(capacity: 1)
            for index in 0..<byteCount { growing.append(UInt8(truncatingIfNeeded: index)) }
            let frozen = growing.finish()
            for buffer in [filled, zeroed, frozen] {
                #expect(UInt(bitPattern: buffer.pointer) % 64 == 0, "\(byteCount) bytes")
                #expect(buffer.capacity % 64 == 0 && buffer.capacity >= max(64, byteCount))
                let padding = UnsafeRawBufferPointer(
                    start: buffer.pointer + byteCount, count: buffer.capacity - byteCount)
                #expect(padding.allSatisfy { $0 == 0 }, "padding after \(byteCount) bytes")
            }
            #expect(filled.bytes.allSatisfy { $0 == 0xAB })
            #expect(frozen.bytes.enumerated().allSatisfy { $0.element == UInt8(truncatingIfNeeded: $0.offset) })
        }
    }
}
