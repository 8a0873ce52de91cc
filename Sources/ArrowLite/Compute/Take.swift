extension Compute {
    /// Gathers `array[indices[k]]` for every k into a new array.
    /// - Throws: `ArrowError.invalidArgument` naming the first index outside `0..<array.count`.
    /// - Complexity: O(indices.count) plus the gathered string bytes.
    public static func take(_ array: any ArrowArray, indices: [Int]) throws -> any ArrowArray {
        try indices.withUnsafeBufferPointer { try takeImpl(array, $0, nil) }
    }

    /// Gathers by `Int32` indices (the form `sortToIndices` returns).
    /// - Throws: `ArrowError.invalidArgument` naming the first out-of-range index.
    public static func take(_ array: any ArrowArray, indices: [Int32]) throws -> any ArrowArray {
        try indices.withUnsafeBufferPointer { try takeImpl(array, $0, nil) }
    }

    /// Gathers by an index column; a null index gives a null element (as in a left join's unmatched rows).
    /// - Throws: `ArrowError.invalidArgument` naming the first out-of-range valid index.
    public static func take(_ array: any ArrowArray, indices: Int32Array) throws -> any ArrowArray {
        try indices.withValues { try takeImpl(array, $0, indices.validity) }
    }

    /// Gathers the same rows from every column of a batch.
    /// - Throws: as `take(_:indices:)`.
    public static func take(_ batch: RecordBatch, indices: [Int32]) throws -> RecordBatch {
        try RecordBatch(schema: batch.schema, columns: batch.columns.map { try take($0, indices: indices) })
    }

    static func takeImpl<I: FixedWidthInteger>(
        _ array: any ArrowArray, _ indices: UnsafeBufferPointer<I>, _ indexValidity: Bitmap?
    ) throws -> any ArrowArray {
        let limit = array.count
        for k in indices.indices where indexValidity?[k] ?? true {
            let index = Int(indices[k])
            guard index >= 0 && index < limit else {
                throw ArrowError.invalidArgument("take: index \(index) at position \(k) is outside 0..<\(limit)")
            }
        }
        switch array.dataType {
        case .int32, .date32: return takePrimitive(typed(array, as: Int32Array.self), indices, indexValidity)
        case .int64: return takePrimitive(typed(array, as: Int64Array.self), indices, indexValidity)
        case .float64: return takePrimitive(typed(array, as: Float64Array.self), indices, indexValidity)
        case .decimal128: return takePrimitive(typed(array, as: Decimal128Array.self), indices, indexValidity)
        case .boolean: return takeBooleans(typed(array, as: BooleanArray.self), indices, indexValidity)
        case .utf8: return try takeStrings(typed(array, as: StringArray.self), indices, indexValidity)
        }
    }

    /// The validity of a gathered column: valid where the index is valid and the source element is valid.
    @inline(__always)
    static func takeValidity<I: FixedWidthInteger>(
        _ source: Bitmap?, _ indices: UnsafeBufferPointer<I>, _ indexValidity: Bitmap?
    ) -> Bitmap? {
        switch (source, indexValidity) {
        case (nil, nil): return nil
        case (let s?, nil): return packBits(count: indices.count) { s[Int(indices[$0])] }
        case (nil, let v?): return v
        case (let s?, let v?): return packBits(count: indices.count) { v[$0] && s[Int(indices[$0])] }
        }
    }

    static func takePrimitive<T: ArrowPrimitive, I: FixedWidthInteger>(
        _ array: PrimitiveArray<T>, _ indices: UnsafeBufferPointer<I>, _ indexValidity: Bitmap?
    ) -> PrimitiveArray<T> {
        let n = indices.count
        let values = makeEveryValue(T.self, count: n) { out in
            array.withValues { source in
                if let indexValidity {
                    for k in 0..<n { out[k] = indexValidity[k] ? source[Int(indices[k])] : T.zero }
                } else {
                    for k in 0..<n { out[k] = source[Int(indices[k])] }
                }
            }
        }
        return PrimitiveArray(
            dataType: array.dataType, count: n, values: values,
            validity: takeValidity(array.validity, indices, indexValidity))
    }

    static func takeBooleans<I: FixedWidthInteger>(
        _ array: BooleanArray, _ indices: UnsafeBufferPointer<I>, _ indexValidity: Bitmap?
    ) -> BooleanArray {
        let source = array.values
        let values = packBits(count: indices.count) { k in
            (indexValidity?[k] ?? true) && source[Int(indices[k])]
        }
        return BooleanArray(values: values, validity: takeValidity(array.validity, indices, indexValidity))
    }

    static func takeStrings<I: FixedWidthInteger>(
        _ array: StringArray, _ indices: UnsafeBufferPointer<I>, _ indexValidity: Bitmap?
    ) throws -> StringArray {
        try withExtendedLifetime(array) {
            var totalBytes = 0
            for k in indices.indices where indexValidity?[k] ?? true {
                totalBytes += array.bytes(Int(indices[k])).count
            }
            guard totalBytes <= Int(Int32.max) else {
                throw ArrowError.invalidArgument("take: \(totalBytes) bytes of strings exceed utf8's 2 GiB limit")
            }
            var builder = StringBuilder(capacity: indices.count, dataCapacity: totalBytes)
            for k in indices.indices {
                let index = Int(indices[k])
                if !(indexValidity?[k] ?? true) || array.isNull(index) {
                    builder.appendNull()
                } else {
                    builder.append(bytes: array.bytes(index))
                }
            }
            return builder.finish()
        }
    }
}
