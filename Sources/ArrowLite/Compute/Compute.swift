/// Null-aware compute kernels over ArrowLite arrays: comparisons, arithmetic, boolean logic, filter, take, concat,
/// sort, hashing, casts, string and date functions. Each kernel dispatches on `dataType` once per column and runs a
/// typed loop over contiguous buffers; a null input element gives a null output element unless documented otherwise.
public enum Compute {}

// MARK: - Bitmap helpers shared by the kernels

extension Compute {
    /// A fresh zeroed buffer large enough for `count` bits, rounded up to whole 64-bit words.
    static func bitBuffer(_ count: Int) -> Buffer { Buffer(zeroed: ((count + 63) / 64) * 8) }

    /// Byte `j` of `bitmap` as if the bitmap started at bit 0 (bits past the end are unspecified).
    @inline(__always)
    static func alignedByte(_ base: UnsafePointer<UInt8>, _ shift: Int, _ j: Int, _ limit: Int) -> UInt8 {
        if shift == 0 { return base[j] }
        let low = base[j] >> UInt8(shift)
        let high: UInt8 = j + 1 < limit ? base[j + 1] << UInt8(8 - shift) : 0
        return low | high
    }

    /// Calls `body` with the bitmap's bits as whole bytes starting at bit 0 of the view; unaligned views are
    /// shifted into a temporary copy. Bits past `count` in the last byte are unspecified.
    static func withAlignedBytes<R>(_ bitmap: Bitmap, _ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        let byteCount = (bitmap.count + 7) / 8
        let start = bitmap.offset >> 3
        let shift = bitmap.offset & 7
        return try withExtendedLifetime(bitmap.buffer) {
            let base = UnsafePointer(bitmap.buffer.pointer.assumingMemoryBound(to: UInt8.self)) + start
            if shift == 0 { return try body(base) }
            let limit = bitmap.buffer.capacity - start
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(byteCount, 1))
            defer { copy.deallocate() }
            for j in 0..<byteCount { copy[j] = alignedByte(base, shift, j, limit) }
            return try body(UnsafePointer(copy))
        }
    }

    /// Builds a bitmap of `count` bits byte by byte: `body(j)` returns byte `j` (bits past `count` are cleared).
    @inline(__always)
    static func makeBitmap(count: Int, _ body: (Int) throws -> UInt8) rethrows -> Bitmap {
        let buffer = bitBuffer(count)
        let out = buffer.pointer.assumingMemoryBound(to: UInt8.self)
        let byteCount = (count + 7) / 8
        for j in 0..<byteCount { out[j] = try body(j) }
        if count & 7 != 0 { out[byteCount - 1] &= UInt8((1 << (count & 7)) - 1) }
        return Bitmap(buffer: buffer, offset: 0, count: count)
    }

    /// Packs `predicate(i)` for `i` in `0..<count` into a bitmap, eight elements per output byte.
    @inline(__always)
    static func packBits(count: Int, _ predicate: (Int) throws -> Bool) rethrows -> Bitmap {
        let buffer = bitBuffer(count)
        let out = buffer.pointer.assumingMemoryBound(to: UInt8.self)
        var i = 0
        var byteIndex = 0
        while i + 8 <= count {
            var byte: UInt8 = 0
            for bit in 0..<8 where try predicate(i &+ bit) { byte |= 1 << UInt8(bit) }
            out[byteIndex] = byte
            byteIndex &+= 1
            i &+= 8
        }
        if i < count {
            var byte: UInt8 = 0
            for bit in 0..<(count - i) where try predicate(i &+ bit) { byte |= 1 << UInt8(bit) }
            out[byteIndex] = byte
        }
        return Bitmap(buffer: buffer, offset: 0, count: count)
    }

    /// The validity of a result whose element is valid only when every input element is valid: the bitwise AND of
    /// the inputs' validity bitmaps (nil when all inputs are free of nulls).
    static func andValidity(_ bitmaps: [Bitmap?], count: Int) -> Bitmap? {
        let present = bitmaps.compactMap { $0 }
        if present.isEmpty { return nil }
        if present.count == 1 { return present[0] }
        return withAlignedBytes(present[0]) { a in
            withAlignedBytes(present[1]) { b in
                let first = makeBitmap(count: count) { a[$0] & b[$0] }
                return present.count == 2 ? first : andValidity([first] + present.dropFirst(2), count: count)
            }
        }
    }

    /// Allocates an output values buffer for `count` values of `T` and lets `body` fill it.
    @inline(__always)
    static func makeValues<T: BitwiseCopyable>(
        _ type: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) throws -> Void
    ) rethrows -> Buffer {
        let buffer = Buffer(zeroed: count * MemoryLayout<T>.stride)
        try body(buffer.pointer.assumingMemoryBound(to: T.self))
        return buffer
    }

    /// Like `makeValues`, for a `body` that writes every one of the `count` values: the memory is not cleared
    /// first (only the padding is).
    @inline(__always)
    static func makeEveryValue<T: BitwiseCopyable>(
        _ type: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) -> Void
    ) -> Buffer {
        Buffer(byteCount: count * MemoryLayout<T>.stride) { body($0.assumingMemoryBound(to: T.self)) }
    }

    /// Casts `array` to the concrete array type its `dataType` fixes. Precondition: the caller switched on the type.
    @inline(__always)
    static func typed<A: ArrowArray>(_ array: any ArrowArray, as type: A.Type) -> A { array as! A }

    /// Throws `invalidArgument` naming the operation unless both arrays have the same length.
    static func requireSameLength(_ lhs: any ArrowArray, _ rhs: any ArrowArray, _ operation: String) throws {
        guard lhs.count == rhs.count else {
            throw ArrowError.invalidArgument("\(operation): arrays have \(lhs.count) and \(rhs.count) elements")
        }
    }
}
