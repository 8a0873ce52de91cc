/// A read-only view of bits in a buffer, starting at a bit offset: Arrow validity bitmaps and boolean values
/// (least significant bit first).
public struct Bitmap: Sendable {
    public let buffer: Buffer
    /// The bit index of element 0 within `buffer`.
    public let offset: Int
    /// The number of bits in view.
    public let count: Int

    public init(buffer: Buffer, offset: Int = 0, count: Int) {
        precondition(offset >= 0 && count >= 0, "bitmap offset and count must be non-negative")
        self.buffer = buffer
        self.offset = offset
        self.count = count
    }

    /// A bitmap of `bits`, bit `i` set where `bits[i]` is true.
    public init(bits: [Bool]) {
        var builder = BitmapBuilder(capacity: bits.count)
        bits.withUnsafeBufferPointer { bits in
            for bit in bits { builder.append(bit) }
        }
        self = builder.finish()
    }

    /// Bit `i` of the view.
    @inline(__always)
    public subscript(i: Int) -> Bool {
        let bit = offset &+ i
        return buffer.pointer.load(fromByteOffset: bit >> 3, as: UInt8.self) & (1 << UInt8(bit & 7)) != 0
    }

    /// A zero-copy sub-view.
    public func slice(_ start: Int, _ length: Int) -> Bitmap {
        precondition(start >= 0 && length >= 0 && start + length <= count, "bitmap slice out of range")
        return Bitmap(buffer: buffer, offset: offset + start, count: length)
    }

    /// The number of set bits.
    public func countSetBits() -> Int {
        var total = 0
        var i = 0
        // Unaligned head, whole bytes, tail.
        while i < count && (offset + i) & 7 != 0 {
            if self[i] { total += 1 }
            i += 1
        }
        let base = buffer.pointer.assumingMemoryBound(to: UInt8.self) + ((offset + i) >> 3)
        var byte = 0
        while i + 8 <= count {
            total += base[byte].nonzeroBitCount
            byte += 1
            i += 8
        }
        while i < count {
            if self[i] { total += 1 }
            i += 1
        }
        return total
    }

    /// A copy whose bit 0 is at bit 0 of a fresh buffer (IPC writes need offset-free bitmaps).
    public func realigned() -> Bitmap {
        if offset == 0 { return self }
        var builder = BitmapBuilder(capacity: count)
        for i in 0..<count { builder.append(self[i]) }
        return builder.finish()
    }
}

/// Appends bits and freezes them into a `Bitmap`.
public struct BitmapBuilder: ~Copyable {
    var storage: MutableBuffer
    public private(set) var count = 0

    public init(capacity: Int = 64) { storage = MutableBuffer(capacity: (capacity + 7) / 8) }

    @inline(__always)
    public mutating func append(_ bit: Bool) {
        let byte = count >> 3
        if byte >= storage.capacity { storage.reserve(byte + 1) }
        if bit {
            let p = storage.pointer.assumingMemoryBound(to: UInt8.self) + byte
            p.pointee |= 1 << UInt8(count & 7)
        }
        count += 1
        storage.byteCount = (count + 7) >> 3
    }

    /// Appends `n` copies of `bit`.
    public mutating func append(repeating bit: Bool, count n: Int) {
        storage.reserve((count + n + 7) >> 3)
        for _ in 0..<n { append(bit) }
    }

    public consuming func finish() -> Bitmap {
        let n = count
        return Bitmap(buffer: storage.finish(), offset: 0, count: n)
    }
}
