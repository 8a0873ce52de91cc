import Testing

@testable import ArrowLite

@Suite("Flatbuffer builder and reader") struct FlatBufferTests {
    /// A root table with an int16 in slot 0 and an int64 in slot 1.
    static func sample() -> [UInt8] {
        var table = FlatTable()
        table.set(0, int16: 0x1234)
        table.set(1, int64: 0x0102_0304_0506_0708)
        return FlatBufferBuilder.build(root: table)
    }

    @Test("the builder lays out a table byte for byte as worked out by hand: vtable, then 8-aligned fields")
    func handCheckedLayout() {
        let expected: [UInt8] = [
            16, 0, 0, 0,  // root offset → table at 16
            8, 0, 18, 0, 16, 0, 8, 0,  // vtable at 4: 8 bytes, table of 18 bytes, slot 0 at +16, slot 1 at +8
            0, 0, 0, 0,  // padding so the table starts 8-aligned
            12, 0, 0, 0,  // table at 16: vtable is 12 bytes before
            0, 0, 0, 0,  // padding so the int64 is 8-aligned
            8, 7, 6, 5, 4, 3, 2, 1,  // slot 1 (int64) at 24
            0x34, 0x12,  // slot 0 (int16) at 32
            0, 0, 0, 0, 0, 0,  // padding to a multiple of 8
        ]
        #expect(Self.sample() == expected)
    }

    @Test("the reader reads present fields, defaults absent ones, and rejects a vtable outside the buffer")
    func readBack() throws {
        var bytes = Self.sample()
        let reader = FlatBufferReader(bytes: bytes, start: 0, end: bytes.count, context: "test")
        let root = try reader.root()
        #expect(try root.integer(0, default: Int16(0)) == 0x1234)
        #expect(try root.integer(1, default: Int64(0)) == 0x0102_0304_0506_0708)
        #expect(try root.integer(2, default: Int32(7)) == 7)
        #expect(try root.table(3, "absent") == nil)
        bytes[17] = 0x10  // soffset 0x100C puts the vtable before the buffer
        let broken = FlatBufferReader(bytes: bytes, start: 0, end: bytes.count, context: "test")
        let error = #expect(throws: ArrowError.self) { try broken.root() }
        guard case .ipc(let offset, let message)? = error else { return }
        #expect(offset == 0)
        #expect(message.contains("vtable of root table"))
    }
}
