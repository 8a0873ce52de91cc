/// A flatbuffer table described as data: each field sits in a vtable slot and is either an inline scalar or a
/// reference to another object (table, string, vector). `FlatBufferBuilder` turns it into bytes.
///
/// Arrow's metadata tables are small (a schema, a record batch header, a footer), so describing them as a tree
/// and serialising in one pass is simpler than the usual back-to-front builder. A shuffle builds a record batch
/// header per message, so the builder avoids per-byte appends and boxed values (a header is about 15,000
/// instructions for 16 columns).
struct FlatTable {
    /// The value stored in one vtable slot.
    /// (Not `indirect`: a sub-table's fields live in an array, so no case needs a box of its own.)
    enum Value {
        /// A scalar of 1, 2, 4 or 8 bytes (`byteCount`), stored little-endian from the low bytes of `bits`.
        case scalar(bits: UInt64, byteCount: Int)
        /// A reference to a sub-table.
        case table(FlatTable)
        /// A reference to a UTF-8 string.
        case string(String)
        /// A reference to a vector of tables.
        case tables([FlatTable])
        /// A reference to a vector of `count` structs laid out in `bytes`, each 8-byte aligned.
        case structs(bytes: [UInt8], count: Int)

        /// The bytes the value occupies inside its table: the scalar itself, or a 4-byte offset.
        var inlineSize: Int {
            if case .scalar(_, let byteCount) = self { return byteCount }
            return 4
        }
    }

    private(set) var fields: [(slot: Int, value: Value)] = []

    init() {}

    mutating func set(_ slot: Int, _ value: Value) { fields.append((slot, value)) }
    mutating func set(_ slot: Int, bool: Bool) { set(slot, .scalar(bits: bool ? 1 : 0, byteCount: 1)) }
    mutating func set(_ slot: Int, uint8: UInt8) { set(slot, .scalar(bits: UInt64(uint8), byteCount: 1)) }
    mutating func set(_ slot: Int, int16: Int16) { set(slot, scalar(int16)) }
    mutating func set(_ slot: Int, int32: Int32) { set(slot, scalar(int32)) }
    mutating func set(_ slot: Int, int64: Int64) { set(slot, scalar(int64)) }

    private func scalar<T: FixedWidthInteger>(_ value: T) -> Value {
        .scalar(bits: UInt64(truncatingIfNeeded: value), byteCount: MemoryLayout<T>.size)
    }
}

/// The little-endian bytes of a fixed-width integer.
func littleEndianBytes<T: FixedWidthInteger>(of value: T) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.appendLittleEndian(value)
    return bytes
}

extension [UInt8] {
    /// Appends the little-endian bytes of `value`.
    @inline(__always)
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

/// Serialises a `FlatTable` tree front to back: a root offset, then each table preceded by its vtable, then
/// the objects it references (flatbuffer offsets are unsigned, so children always follow their parent).
///
/// Every scalar is aligned to its size and every struct vector to 8, relative to the start of the buffer, which
/// is what the flatbuffers verifier in Arrow C++ (and so pyarrow) checks.
struct FlatBufferBuilder {
    private(set) var bytes: [UInt8] = []

    /// The bytes of a flatbuffer whose root is `root`, padded to a multiple of 8.
    static func build(root: FlatTable) -> [UInt8] {
        var builder = FlatBufferBuilder()
        builder.bytes.reserveCapacity(512)
        builder.appendZeros(4)
        let position = builder.write(root)
        builder.patchOffset(at: 0, target: position)
        builder.pad(to: 8)
        return builder.bytes
    }

    private mutating func appendZeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

    private mutating func pad(to alignment: Int) {
        let remainder = bytes.count % alignment
        if remainder != 0 { appendZeros(alignment - remainder) }
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) { bytes.appendLittleEndian(value) }

    /// Overwrites `byteCount` bytes at `position` with the low bytes of `bits`, little-endian.
    private mutating func store(bits: UInt64, byteCount: Int, at position: Int) {
        precondition(position >= 0 && position + byteCount <= bytes.count, "flatbuffer store out of range")
        bytes.withUnsafeMutableBytes { raw in
            for index in 0..<byteCount {
                raw[position &+ index] = UInt8(truncatingIfNeeded: bits >> (8 &* UInt64(index)))
            }
        }
    }

    /// Writes the unsigned offset from `position` to `target` (which must follow it).
    private mutating func patchOffset(at position: Int, target: Int) {
        precondition(target >= position, "flatbuffer offsets must point forward")
        store(bits: UInt64(target - position), byteCount: 4, at: position)
    }

    /// Writes a table (vtable first) and everything it references; returns the table's position.
    private mutating func write(_ table: FlatTable) -> Int {
        // Lay out fields largest first (in the order they were set among fields of one size), so each is aligned
        // to its size within an 8-aligned table.
        var fieldOffsets: [(slot: Int, offset: Int, value: FlatTable.Value)] = []
        fieldOffsets.reserveCapacity(table.fields.count)
        var offsetOfSlot: [UInt16] = []
        var inlineSize = 4
        for size in [8, 4, 2, 1] {
            for field in table.fields where field.value.inlineSize == size {
                inlineSize = (inlineSize + size - 1) / size * size
                fieldOffsets.append((field.slot, inlineSize, field.value))
                if offsetOfSlot.count <= field.slot {
                    offsetOfSlot += repeatElement(0, count: field.slot + 1 - offsetOfSlot.count)
                }
                if offsetOfSlot[field.slot] == 0 { offsetOfSlot[field.slot] = UInt16(inlineSize) }  // first wins
                inlineSize += size
            }
        }
        pad(to: 2)
        let vtablePosition = bytes.count
        append(UInt16(4 + 2 * offsetOfSlot.count))
        append(UInt16(inlineSize))
        for offset in offsetOfSlot { append(offset) }
        pad(to: 8)
        let tablePosition = bytes.count
        append(Int32(tablePosition - vtablePosition))
        appendZeros(inlineSize - 4)
        for field in fieldOffsets {
            let position = tablePosition + field.offset
            switch field.value {
            case .scalar(let bits, let byteCount): store(bits: bits, byteCount: byteCount, at: position)
            case .table(let child): patchOffset(at: position, target: write(child))
            case .string(let text): patchOffset(at: position, target: write(string: text))
            case .tables(let children): patchOffset(at: position, target: write(tables: children))
            case .structs(let structBytes, let count):
                patchOffset(at: position, target: write(structs: structBytes, count: count))
            }
        }
        return tablePosition
    }

    private mutating func write(string: String) -> Int {
        pad(to: 4)
        let position = bytes.count
        append(UInt32(string.utf8.count))
        bytes.append(contentsOf: string.utf8)
        bytes.append(0)
        return position
    }

    private mutating func write(tables: [FlatTable]) -> Int {
        pad(to: 4)
        let position = bytes.count
        append(UInt32(tables.count))
        appendZeros(4 * tables.count)
        for (index, table) in tables.enumerated() {
            patchOffset(at: position + 4 + 4 * index, target: write(table))
        }
        return position
    }

    private mutating func write(structs: [UInt8], count: Int) -> Int {
        // The length prefix sits 4 bytes before an 8-aligned first element.
        pad(to: 8)
        appendZeros(4)
        let position = bytes.count
        append(UInt32(count))
        bytes.append(contentsOf: structs)
        return position
    }
}
