/// Appends fixed-width values (and nulls) and freezes them into a `PrimitiveArray`.
public struct PrimitiveBuilder<T: ArrowPrimitive>: ~Copyable {
    public let dataType: DataType
    var values: MutableBuffer
    var validity: BitmapBuilder?
    public private(set) var count = 0
    public private(set) var nullCount = 0

    public init(_ dataType: DataType, capacity: Int = 1024) {
        precondition(dataType.byteWidth == MemoryLayout<T>.size, "\(dataType) is not stored as \(T.self)")
        self.dataType = dataType
        values = MutableBuffer(capacity: capacity * MemoryLayout<T>.stride)
    }

    @inline(__always)
    public mutating func append(_ value: T) {
        values.append(value)
        validity?.append(true)
        count += 1
    }

    public mutating func appendNull() {
        if validity == nil {
            var v = BitmapBuilder(capacity: max(count + 1, 64))
            v.append(repeating: true, count: count)
            validity = consume v
        }
        values.append(T.zero)
        validity!.append(false)
        count += 1
        nullCount += 1
    }

    public mutating func append(_ value: T?) {
        if let value { append(value) } else { appendNull() }
    }

    public consuming func finish() -> PrimitiveArray<T> {
        let n = count
        let nulls = nullCount
        let bitmap = validity.take()?.finish()
        return PrimitiveArray(dataType: dataType, count: n, values: values.finish(), validity: bitmap, nullCount: nulls)
    }
}

/// Appends booleans (and nulls) and freezes them into a `BooleanArray`.
public struct BooleanBuilder: ~Copyable {
    var values: BitmapBuilder
    var validity: BitmapBuilder?
    public private(set) var nullCount = 0
    public var count: Int { values.count }

    public init(capacity: Int = 1024) { values = BitmapBuilder(capacity: capacity) }

    public mutating func append(_ value: Bool) {
        values.append(value)
        validity?.append(true)
    }

    public mutating func appendNull() {
        if validity == nil {
            var v = BitmapBuilder(capacity: max(count + 1, 64))
            v.append(repeating: true, count: count)
            validity = consume v
        }
        values.append(false)
        validity!.append(false)
        nullCount += 1
    }

    public mutating func append(_ value: Bool?) {
        if let value { append(value) } else { appendNull() }
    }

    public consuming func finish() -> BooleanArray {
        let nulls = nullCount
        let bitmap = validity.take()?.finish()
        return BooleanArray(values: values.finish(), validity: bitmap, nullCount: nulls)
    }
}

/// Appends UTF-8 strings (and nulls) and freezes them into a `StringArray`.
public struct StringBuilder: ~Copyable {
    var offsets: MutableBuffer
    var data: MutableBuffer
    var validity: BitmapBuilder?
    public private(set) var count = 0
    public private(set) var nullCount = 0

    public init(capacity: Int = 1024, dataCapacity: Int = 16 * 1024) {
        offsets = MutableBuffer(capacity: (capacity + 1) * 4)
        data = MutableBuffer(capacity: dataCapacity)
        offsets.append(Int32(0))
    }

    /// Appends the bytes of a UTF-8 string. Precondition: the total stays below 2 GiB (int32 offsets).
    public mutating func append(bytes: UnsafeRawBufferPointer) {
        data.append(bytes: bytes)
        precondition(data.byteCount <= Int(Int32.max), "utf8 array exceeds 2 GiB of string data")
        offsets.append(Int32(truncatingIfNeeded: data.byteCount))
        validity?.append(true)
        count += 1
    }

    public mutating func append(_ value: String) {
        var s = value
        s.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    public mutating func appendNull() {
        if validity == nil {
            var v = BitmapBuilder(capacity: max(count + 1, 64))
            v.append(repeating: true, count: count)
            validity = consume v
        }
        offsets.append(Int32(truncatingIfNeeded: data.byteCount))
        validity!.append(false)
        count += 1
        nullCount += 1
    }

    public mutating func append(_ value: String?) {
        if let value { append(value) } else { appendNull() }
    }

    public consuming func finish() -> StringArray {
        let n = count
        let nulls = nullCount
        let bitmap = validity.take()?.finish()
        return StringArray(count: n, offsets: offsets.finish(), data: data.finish(), validity: bitmap, nullCount: nulls)
    }
}
