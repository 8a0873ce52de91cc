/// A growable byte area for hot output loops: short copies are done inline instead of through `memmove`, whose
/// per-call setup dominates when fields are a few bytes long (measured: 22% of `.tbl` generation time).
final class ByteWriter {
    private(set) var pointer: UnsafeMutableRawPointer
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 64)
    }

    deinit { pointer.deallocate() }

    /// The bytes written so far; valid until the next write or `reset`.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: count) }

    /// The last byte written (precondition: something was written).
    var last: UInt8 { pointer.load(fromByteOffset: count - 1, as: UInt8.self) }

    func reset() { count = 0 }

    /// Drops the last `n` bytes.
    func removeLast(_ n: Int = 1) { count -= n }

    /// Keeps the first `n` bytes.
    func truncate(to n: Int) { count = min(count, n) }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        pointer.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    func append(_ source: UnsafeRawBufferPointer) {
        let n = source.count
        if count + n > capacity { grow(count + n) }
        ByteWriter.copy(source, to: pointer + count)
        count += n
    }

    /// Copies `source` to `destination`; short copies are done inline with word moves, long ones by `memmove`.
    @inline(__always)
    static func copy(_ source: UnsafeRawBufferPointer, to destination: UnsafeMutableRawPointer) {
        let n = source.count
        guard let base = source.baseAddress else { return }
        if n >= 8 && n <= 512 {
            // Whole words, then one last word ending exactly at n (it may overlap the previous one).
            var offset = 0
            while offset + 8 <= n {
                destination.storeBytes(
                    of: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset,
                    as: UInt64.self)
                offset += 8
            }
            if offset < n {
                destination.storeBytes(
                    of: base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8,
                    as: UInt64.self)
            }
        } else if n < 8 {
            for index in 0..<n { destination.storeBytes(of: source[index], toByteOffset: index, as: UInt8.self) }
        } else {
            destination.copyMemory(from: base, byteCount: n)
        }
    }

    func append(_ source: [UInt8]) { source.withUnsafeBytes { append($0) } }

    func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newPointer = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 64)
        newPointer.copyMemory(from: pointer, byteCount: count)
        pointer.deallocate()
        pointer = newPointer
        capacity = newCapacity
    }

    /// Appends a signed integer in decimal.
    @inline(__always)
    func appendInteger(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendUnsigned(value.magnitude)
    }

    /// Appends cents as `[-]units.cc`.
    @inline(__always)
    func appendCents(_ cents: Int64) {
        if cents < 0 { append(UInt8(ascii: "-")) }
        let magnitude = cents.magnitude
        appendUnsigned(magnitude / 100)
        append(UInt8(ascii: "."))
        let fraction = magnitude % 100
        append(UInt8(truncatingIfNeeded: 48 + fraction / 10))
        append(UInt8(truncatingIfNeeded: 48 + fraction % 10))
    }

    @inline(__always)
    func appendUnsigned(_ value: UInt64) {
        var digitCount = 1
        var limit: UInt64 = 10
        while value >= limit && digitCount < 19 {
            digitCount += 1
            limit &*= 10
        }
        if value >= limit { digitCount = 20 }
        if count + digitCount > capacity { grow(count + digitCount) }
        var v = value
        var position = count + digitCount - 1
        repeat {
            pointer.storeBytes(of: UInt8(truncatingIfNeeded: 48 + v % 10), toByteOffset: position, as: UInt8.self)
            v /= 10
            position -= 1
        } while v > 0
        count += digitCount
    }

    /// Appends a non-negative `value` left-padded with zeros to `width` digits.
    func appendPadded(_ value: Int, width: Int) {
        var digits = 1
        var limit = 10
        while value >= limit {
            digits += 1
            limit *= 10
        }
        for _ in digits..<max(digits, width) { append(UInt8(ascii: "0")) }
        appendUnsigned(UInt64(value))
    }

    /// Overwrites bytes from `offset` (which must lie within what was written).
    func overwrite(at offset: Int, with source: [UInt8]) {
        precondition(offset >= 0 && offset + source.count <= count, "overwrite outside the written bytes")
        source.withUnsafeBytes { (pointer + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }
}
