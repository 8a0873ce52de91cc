/// A column of values in the Arrow columnar layout. Concrete arrays are `PrimitiveArray`, `BooleanArray` and
/// `StringArray`; code that handles any column switches on `dataType` and casts once per column, never per row.
public protocol ArrowArray: Sendable, CustomStringConvertible {
    /// The logical type of the values.
    var dataType: DataType { get }
    /// The number of elements.
    var count: Int { get }
    /// Element validity (bit set = valid); nil when every element is valid.
    var validity: Bitmap? { get }
    /// The number of null elements.
    var nullCount: Int { get }
    /// A zero-copy view of `length` elements starting at `start`.
    func slice(_ start: Int, _ length: Int) -> Self
    /// Element `i` as a scalar (`.null` for a null element).
    func scalar(at i: Int) -> Scalar
    /// Throws `ArrowError.invariantViolation` if buffers and lengths disagree.
    func checkInvariants() throws
    /// The values of a fixed-width array (int32, date32, int64, float64, decimal128): their buffer, the byte offset
    /// of element 0 in it and the bytes per element; nil for booleans and strings. Code that only copies bytes
    /// (the IPC encoder) reads any fixed-width column through it without casting the column to its concrete type.
    var fixedWidthValues: (buffer: Buffer, byteOffset: Int, width: Int)? { get }
}

extension ArrowArray {
    /// The bytes a compact copy of this array would allocate: the range of each buffer that the array covers,
    /// padded as `Buffer` pads it. A slice counts its own elements, not the whole buffers it shares with other
    /// slices, so the slices of one buffer add up to that buffer.
    public var compactByteCount: Int {
        let validityBytes = validity.map { Buffer.paddedCapacity(($0.count + 7) / 8) } ?? 0
        if let (_, _, width) = fixedWidthValues { return Buffer.paddedCapacity(count * width) + validityBytes }
        switch self {
        case is BooleanArray: return Buffer.paddedCapacity((count + 7) / 8) + validityBytes
        case let array as StringArray:
            return Buffer.paddedCapacity((count + 1) * 4)
                + Buffer.paddedCapacity(array.offset(count) - array.offset(0)) + validityBytes
        default: return validityBytes
        }
    }
}

extension ArrowArray {
    public var fixedWidthValues: (buffer: Buffer, byteOffset: Int, width: Int)? { nil }

    /// True when element `i` is null.
    @inline(__always)
    public func isNull(_ i: Int) -> Bool {
        guard let v = validity else { return false }
        return !v[i]
    }

    /// True when element `i` is valid (not null).
    @inline(__always)
    public func isValid(_ i: Int) -> Bool { !isNull(i) }

    public var description: String {
        let shown = (0..<Swift.min(count, 10)).map { scalar(at: $0).description }
        return "\(dataType)[\(count)]: [" + shown.joined(separator: ", ") + (count > 10 ? ", ...]" : "]")
    }

    func checkValidity() throws {
        if let v = validity {
            guard v.count == count else {
                throw ArrowError.invariantViolation("validity has \(v.count) bits for \(count) elements")
            }
            guard (v.offset + v.count + 7) / 8 <= v.buffer.capacity else {
                throw ArrowError.invariantViolation("validity buffer too small")
            }
            let nulls = v.count - v.countSetBits()
            guard nulls == nullCount else {
                throw ArrowError.invariantViolation("nullCount \(nullCount) but validity has \(nulls) nulls")
            }
        } else if nullCount != 0 {
            throw ArrowError.invariantViolation("nullCount \(nullCount) without a validity bitmap")
        }
    }
}

/// The fixed-width Swift types that back primitive arrays.
public protocol ArrowPrimitive: BitwiseCopyable, Sendable, Comparable, Hashable {
    static var zero: Self { get }
}
extension Int32: ArrowPrimitive {}
extension Int64: ArrowPrimitive {}
extension Double: ArrowPrimitive {}
extension Int128: ArrowPrimitive {}

/// Fixed-width values: int32 and date32 (`Int32`), int64 (`Int64`), float64 (`Double`),
/// decimal128 (`Int128`, the unscaled value).
public struct PrimitiveArray<T: ArrowPrimitive>: ArrowArray {
    public let dataType: DataType
    public let count: Int
    public let nullCount: Int
    public let validity: Bitmap?
    /// The values buffer; element 0 of this array is at element `valueOffset` of the buffer.
    public let values: Buffer
    public let valueOffset: Int

    /// Wraps existing buffers. Preconditions: the type's width matches `T`, buffers are large enough.
    public init(
        dataType: DataType, count: Int, values: Buffer, valueOffset: Int = 0, validity: Bitmap? = nil,
        nullCount: Int? = nil
    ) {
        precondition(dataType.byteWidth == MemoryLayout<T>.size, "\(dataType) is not stored as \(T.self)")
        precondition((valueOffset + count) * MemoryLayout<T>.size <= values.capacity, "values buffer too small")
        self.dataType = dataType
        self.count = count
        self.values = values
        self.valueOffset = valueOffset
        let v = (validity.map { $0.count == count } ?? true) ? validity : nil
        precondition(validity == nil || v != nil, "validity length differs from value count")
        let nulls = nullCount ?? (v.map { count - $0.countSetBits() } ?? 0)
        self.validity = nulls == 0 ? nil : v
        self.nullCount = nulls
    }

    /// Builds an array from optional Swift values.
    public init(_ dataType: DataType, _ elements: [T?]) {
        var b = PrimitiveBuilder<T>(dataType, capacity: elements.count)
        for e in elements { b.append(e) }
        self = b.finish()
    }

    /// The value at `i` (meaningless, but safe, when the element is null).
    @inline(__always)
    public func value(_ i: Int) -> T {
        values.pointer.load(fromByteOffset: (valueOffset &+ i) &* MemoryLayout<T>.stride, as: T.self)
    }

    /// The value at `i`, or nil when it is null.
    public subscript(i: Int) -> T? { isNull(i) ? nil : value(i) }

    /// Calls `body` with the values as a contiguous typed buffer (nulls hold unspecified values).
    @inline(__always)
    public func withValues<R>(_ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        try withExtendedLifetime(values) {
            let base = values.pointer.assumingMemoryBound(to: T.self) + valueOffset
            return try body(UnsafeBufferPointer(start: base, count: count))
        }
    }

    public var fixedWidthValues: (buffer: Buffer, byteOffset: Int, width: Int)? {
        (values, valueOffset * MemoryLayout<T>.stride, MemoryLayout<T>.stride)
    }

    public func slice(_ start: Int, _ length: Int) -> PrimitiveArray<T> {
        precondition(start >= 0 && length >= 0 && start + length <= count, "slice \(start)+\(length) of \(count)")
        return PrimitiveArray(
            dataType: dataType, count: length, values: values, valueOffset: valueOffset + start,
            validity: validity?.slice(start, length))
    }

    public func scalar(at i: Int) -> Scalar {
        if isNull(i) { return .null }
        switch dataType {
        case .int32: return .int32(value(i) as! Int32)
        case .date32: return .date32(value(i) as! Int32)
        case .int64: return .int64(value(i) as! Int64)
        case .float64: return .float64(value(i) as! Double)
        case .decimal128(let p, let s): return .decimal(value(i) as! Int128, precision: p, scale: s)
        default: preconditionFailure("primitive array with type \(dataType)")
        }
    }

    public func checkInvariants() throws {
        try checkLayout()
        if case .decimal128(let p, _) = dataType, let bad = firstDecimalBeyond(Decimal128.powerOfTen(p)) {
            throw ArrowError.invariantViolation("decimal value at \(bad) exceeds precision \(p)")
        }
    }

    /// `checkInvariants` without looking at the values: the element width, the buffers' sizes and the null count.
    /// What keeps every read in bounds; a decimal beyond its precision passes (as in Arrow C++'s `Validate` and
    /// arrow-rs's IPC reader, which leave the precision check to an explicit call).
    public func checkLayout() throws {
        guard dataType.byteWidth == MemoryLayout<T>.size else {
            throw ArrowError.invariantViolation("\(dataType) stored as \(T.self)")
        }
        guard (valueOffset + count) * MemoryLayout<T>.size <= values.capacity else {
            throw ArrowError.invariantViolation("values buffer holds fewer than \(count) values")
        }
        try checkValidity()
    }

    /// The first valid element whose magnitude reaches `limit` (10^precision), read straight from the values
    /// buffer as `Int128` (the caller checked the byte width), or nil when every value fits. Decoding untrusted
    /// bytes checks every decimal it receives, so the common case — every value fits — is one branch-free pass; the
    /// element is looked for only when that pass found one out of range.
    func firstDecimalBeyond(_ limit: Int128) -> Int? {
        withExtendedLifetime(values) {
            let base = values.pointer.assumingMemoryBound(to: Int128.self) + valueOffset
            let decimals = UnsafeBufferPointer(start: base, count: count)
            let low = -limit
            if let narrow = Int64(exactly: limit) {
                if !PrimitiveArray.anyBeyond(decimals, narrow) { return nil }
            } else if !PrimitiveArray.anyWiderThan64Bits(decimals) {
                return nil  // a limit of 10^19 or more holds every 64-bit value
            }
            for i in decimals.indices where decimals[i] >= limit || decimals[i] <= low {
                if nullCount == 0 || isValid(i) { return i }
            }
            return nil
        }
    }

    /// True when some element (null slots included) does not fit 64 bits: its high word is not the sign extension
    /// of its low word. One pass without branches.
    private static func anyWiderThan64Bits(_ decimals: UnsafeBufferPointer<Int128>) -> Bool {
        decimals.withMemoryRebound(to: UInt64.self) { words in
            var signBits: UInt64 = 0
            var index = 0
            while index &+ 2 <= words.count {
                signBits |= words[index &+ 1] ^ UInt64(bitPattern: Int64(bitPattern: words[index]) >> 63)
                index &+= 2
            }
            return signBits != 0
        }
    }

    /// True when some element (null slots included) reaches `limit` in magnitude, for a limit below 2^63: an
    /// element is in range when its high word (the second, little-endian) is the sign extension of its low word
    /// and the low word, read as a signed value, lies strictly between `-limit` and `limit`. One pass without
    /// branches, two elements per step into separate accumulators (about 9 instructions per element).
    private static func anyBeyond(_ decimals: UnsafeBufferPointer<Int128>, _ limit: Int64) -> Bool {
        decimals.withMemoryRebound(to: UInt64.self) { words in
            // |x| < limit ⇔ x + (limit - 1) < 2·limit - 1, compared unsigned (a negative sum wraps above).
            let span = UInt64(bitPattern: limit) &* 2 &- 1
            let bias = limit &- 1
            var (signBits0, signBits1): (UInt64, UInt64) = (0, 0)
            var (largest0, largest1): (UInt64, UInt64) = (0, 0)
            @inline(__always) func check(_ at: Int, _ signBits: inout UInt64, _ largest: inout UInt64) {
                let lowWord = Int64(bitPattern: words[at])
                signBits |= words[at &+ 1] ^ UInt64(bitPattern: lowWord >> 63)
                largest = max(largest, UInt64(bitPattern: lowWord &+ bias))
            }
            var index = 0
            while index &+ 4 <= words.count {
                check(index, &signBits0, &largest0)
                check(index &+ 2, &signBits1, &largest1)
                index &+= 4
            }
            if index < words.count { check(index, &signBits0, &largest0) }
            return (signBits0 | signBits1) != 0 || max(largest0, largest1) >= span
        }
    }
}

public typealias Int32Array = PrimitiveArray<Int32>
public typealias Int64Array = PrimitiveArray<Int64>
public typealias Float64Array = PrimitiveArray<Double>
/// decimal128 values as unscaled `Int128`; the scale is in `dataType`.
public typealias Decimal128Array = PrimitiveArray<Int128>
/// date32 values as days since the epoch.
public typealias Date32Array = PrimitiveArray<Int32>

/// Bit-packed booleans.
public struct BooleanArray: ArrowArray {
    public var dataType: DataType { .boolean }
    public let values: Bitmap
    public let validity: Bitmap?
    public let nullCount: Int
    public var count: Int { values.count }

    public init(values: Bitmap, validity: Bitmap? = nil, nullCount: Int? = nil) {
        precondition(validity == nil || validity!.count == values.count, "validity length differs")
        self.values = values
        let nulls = nullCount ?? (validity.map { $0.count - $0.countSetBits() } ?? 0)
        self.validity = nulls == 0 ? nil : validity
        self.nullCount = nulls
    }

    public init(_ elements: [Bool?]) {
        var b = BooleanBuilder(capacity: elements.count)
        for e in elements { b.append(e) }
        self = b.finish()
    }

    @inline(__always) public func value(_ i: Int) -> Bool { values[i] }
    public subscript(i: Int) -> Bool? { isNull(i) ? nil : values[i] }

    public func slice(_ start: Int, _ length: Int) -> BooleanArray {
        BooleanArray(values: values.slice(start, length), validity: validity?.slice(start, length))
    }

    public func scalar(at i: Int) -> Scalar { isNull(i) ? .null : .boolean(values[i]) }

    public func checkInvariants() throws {
        guard (values.offset + values.count + 7) / 8 <= values.buffer.capacity else {
            throw ArrowError.invariantViolation("boolean values buffer too small")
        }
        try checkValidity()
    }
}

/// UTF-8 strings: `count + 1` int32 offsets into a data buffer.
public struct StringArray: ArrowArray {
    public var dataType: DataType { .utf8 }
    public let count: Int
    public let offsets: Buffer
    /// Element 0's start offset is at index `offsetIndex` of `offsets`.
    public let offsetIndex: Int
    public let data: Buffer
    public let validity: Bitmap?
    public let nullCount: Int

    public init(
        count: Int, offsets: Buffer, offsetIndex: Int = 0, data: Buffer, validity: Bitmap? = nil,
        nullCount: Int? = nil
    ) {
        precondition((offsetIndex + count + 1) * 4 <= offsets.capacity, "offsets buffer too small")
        precondition(validity == nil || validity!.count == count, "validity length differs")
        self.count = count
        self.offsets = offsets
        self.offsetIndex = offsetIndex
        self.data = data
        let nulls = nullCount ?? (validity.map { $0.count - $0.countSetBits() } ?? 0)
        self.validity = nulls == 0 ? nil : validity
        self.nullCount = nulls
    }

    public init(_ elements: [String?]) {
        var b = StringBuilder(capacity: elements.count)
        for e in elements { b.append(e) }
        self = b.finish()
    }

    /// The offset of element `i`'s first byte (`i` may equal `count`).
    @inline(__always)
    public func offset(_ i: Int) -> Int {
        Int(offsets.pointer.load(fromByteOffset: (offsetIndex &+ i) &* 4, as: Int32.self))
    }

    /// The UTF-8 bytes of element `i`. Valid only while `self` is alive.
    @inline(__always)
    public func bytes(_ i: Int) -> UnsafeRawBufferPointer {
        let start = offset(i)
        return UnsafeRawBufferPointer(start: data.pointer + start, count: offset(i &+ 1) &- start)
    }

    /// Element `i` as a Swift string ("" when null).
    public func value(_ i: Int) -> String {
        withExtendedLifetime(data) { String(decoding: bytes(i), as: UTF8.self) }
    }

    public subscript(i: Int) -> String? { isNull(i) ? nil : value(i) }

    public func slice(_ start: Int, _ length: Int) -> StringArray {
        precondition(start >= 0 && length >= 0 && start + length <= count, "slice \(start)+\(length) of \(count)")
        return StringArray(
            count: length, offsets: offsets, offsetIndex: offsetIndex + start, data: data,
            validity: validity?.slice(start, length))
    }

    public func scalar(at i: Int) -> Scalar { isNull(i) ? .null : .utf8(value(i)) }

    public func checkInvariants() throws {
        guard (offsetIndex + count + 1) * 4 <= offsets.capacity else {
            throw ArrowError.invariantViolation("offsets buffer holds fewer than \(count + 1) offsets")
        }
        var previous = offset(0)
        guard previous >= 0 else { throw ArrowError.invariantViolation("negative first offset") }
        for i in 1...max(count, 1) where i <= count {
            let o = offset(i)
            guard o >= previous else { throw ArrowError.invariantViolation("offsets decrease at \(i)") }
            previous = o
        }
        guard previous <= data.byteCount else {
            throw ArrowError.invariantViolation("last offset \(previous) past data size \(data.byteCount)")
        }
        try checkValidity()
    }
}
