extension Compute {
    /// Appends arrays of one type end to end into one new array (slices are read at their offsets).
    /// - Parameter arrays: at least one array; all must have the same `dataType`.
    /// - Throws: `ArrowError.invalidArgument` for an empty list, `ArrowError.typeMismatch` naming the first array
    ///   whose type differs.
    /// - Complexity: O(total elements); primitive values are copied with one `memcpy` per input.
    public static func concat(_ arrays: [any ArrowArray]) throws -> any ArrowArray {
        guard let first = arrays.first else { throw ArrowError.invalidArgument("concat needs at least one array") }
        for array in arrays where array.dataType != first.dataType {
            throw ArrowError.typeMismatch(expected: first.dataType.description, found: array.dataType.description)
        }
        if arrays.count == 1 { return first }
        let validity = concatValidity(arrays)
        switch first.dataType {
        case .int32, .date32: return concatPrimitive(arrays, Int32.self, validity)
        case .int64: return concatPrimitive(arrays, Int64.self, validity)
        case .float64: return concatPrimitive(arrays, Double.self, validity)
        case .decimal128: return concatPrimitive(arrays, Int128.self, validity)
        case .boolean:
            var bits = BitmapBuilder(capacity: arrays.reduce(0) { $0 + $1.count })
            for array in arrays {
                let values = typed(array, as: BooleanArray.self).values
                for i in 0..<values.count { bits.append(values[i]) }
            }
            return BooleanArray(values: bits.finish(), validity: validity)
        case .utf8: return try concatStrings(arrays.map { typed($0, as: StringArray.self) }, validity)
        }
    }

    /// Concatenates record batches of one schema into one batch.
    /// - Throws: `ArrowError.invalidArgument` for an empty list or differing schemas.
    public static func concat(_ batches: [RecordBatch]) throws -> RecordBatch {
        guard let first = batches.first else { throw ArrowError.invalidArgument("concat needs at least one batch") }
        for batch in batches where batch.schema != first.schema {
            throw ArrowError.invalidArgument("concat: schema \(batch.schema) differs from \(first.schema)")
        }
        // A batch without columns still has rows (a count(*) input): keep their sum.
        guard first.schema.count > 0 else { return RecordBatch(rowCount: batches.reduce(0) { $0 + $1.rowCount }) }
        let columns = try (0..<first.schema.count).map { c in try concat(batches.map { $0.columns[c] }) }
        return try RecordBatch(schema: first.schema, columns: columns)
    }

    /// The combined validity, or nil when no input has nulls.
    static func concatValidity(_ arrays: [any ArrowArray]) -> Bitmap? {
        guard arrays.contains(where: { $0.nullCount > 0 }) else { return nil }
        var bits = BitmapBuilder(capacity: arrays.reduce(0) { $0 + $1.count })
        for array in arrays {
            if let validity = array.validity {
                for i in 0..<validity.count { bits.append(validity[i]) }
            } else {
                bits.append(repeating: true, count: array.count)
            }
        }
        return bits.finish()
    }

    static func concatPrimitive<T: ArrowPrimitive>(
        _ arrays: [any ArrowArray], _: T.Type, _ validity: Bitmap?
    ) -> PrimitiveArray<T> {
        let total = arrays.reduce(0) { $0 + $1.count }
        let values = makeEveryValue(T.self, count: total) { out in
            var position = 0
            for array in arrays {
                let typedArray = typed(array, as: PrimitiveArray<T>.self)
                typedArray.withValues { source in
                    if let base = source.baseAddress { (out + position).update(from: base, count: source.count) }
                }
                position += typedArray.count
            }
        }
        return PrimitiveArray(dataType: arrays[0].dataType, count: total, values: values, validity: validity)
    }

    static func concatStrings(_ arrays: [StringArray], _ validity: Bitmap?) throws -> StringArray {
        let total = arrays.reduce(0) { $0 + $1.count }
        let totalBytes = arrays.reduce(0) { $0 + $1.offset($1.count) - $1.offset(0) }
        guard totalBytes <= Int(Int32.max) else {
            throw ArrowError.invalidArgument("concat: \(totalBytes) bytes of strings exceed utf8's 2 GiB limit")
        }
        var offsets = MutableBuffer(capacity: (total + 1) * 4)
        var data = MutableBuffer(capacity: totalBytes)
        offsets.append(Int32(0))
        for array in arrays {
            withExtendedLifetime(array) {
                let start = array.offset(0)
                let byteCount = array.offset(array.count) - start
                let shift = data.byteCount - start
                data.append(bytes: UnsafeRawBufferPointer(start: array.data.pointer + start, count: byteCount))
                for i in 1...max(array.count, 1) where i <= array.count {
                    offsets.append(Int32(truncatingIfNeeded: array.offset(i) + shift))
                }
            }
        }
        return StringArray(count: total, offsets: offsets.finish(), data: data.finish(), validity: validity)
    }
}
