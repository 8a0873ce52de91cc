extension Compute {
    /// The sum of the valid values of a float64 array; nil when there are none.
    ///
    /// Element `i` goes to accumulator lane `i % 8` and the lanes are added first to last at the end, so the
    /// result is the same bits on every run and machine (and vectorises to 8-wide adds).
    /// - Complexity: O(n), one pass over the values (and the validity bitmap, when there are nulls).
    public static func sum(_ array: Float64Array) -> Double? {
        guard array.count > array.nullCount else { return nil }
        return array.withValues { values -> Double in
            var lanes = SIMD8<Double>(repeating: 0)
            let count = values.count
            let whole = count & ~7
            let base = UnsafeRawPointer(values.baseAddress!)
            if let validity = array.validity {
                var i = 0
                while i < whole {
                    var chunk = base.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
                    for lane in 0..<8 where !validity[i + lane] { chunk[lane] = 0 }
                    lanes += chunk
                    i += 8
                }
            } else {
                var i = 0
                while i < whole {
                    lanes += base.loadUnaligned(fromByteOffset: i * 8, as: SIMD8<Double>.self)
                    i += 8
                }
            }
            for i in whole..<count where array.isValid(i) { lanes[i & 7] += values[i] }
            var total = 0.0
            for lane in 0..<8 { total += lanes[lane] }  // a fixed order, not SIMD's unspecified reduction
            return total
        }
    }

    /// The exact sum of the valid values of an int32 or int64 array; nil when there are none.
    /// - Throws: `ArrowError.overflow` when the sum leaves int64.
    public static func sumInt64(_ array: any ArrowArray) throws -> Int64? {
        guard array.count > array.nullCount else { return nil }
        switch array {
        case let a as Int64Array: return try sumIntegers(a)
        case let a as Int32Array where a.dataType == .int32: return try sumIntegers(a)
        default: throw ArrowError.typeMismatch(expected: "int32 or int64", found: "\(array.dataType)")
        }
    }

    static func sumIntegers<T: ArrowPrimitive & FixedWidthInteger>(_ array: PrimitiveArray<T>) throws -> Int64 {
        try array.withValues { values in
            var total: Int64 = 0
            for i in 0..<values.count where array.isValid(i) {
                let (next, overflow) = total.addingReportingOverflow(Int64(values[i]))
                if overflow { throw ArrowError.overflow("int64 sum: \(total) + \(values[i])") }
                total = next
            }
            return total
        }
    }

    /// The exact sum of the valid values of a decimal128 array as an unscaled value at the array's scale;
    /// nil when there are none. The result has precision 38 (DataFusion widens sums of decimal(p, s) to
    /// decimal(min(38, p + 10), s)).
    /// - Throws: `ArrowError.overflow` when the sum leaves 38 digits.
    public static func sum(_ array: Decimal128Array) throws -> Int128? {
        guard array.count > array.nullCount else { return nil }
        let total: Int128? = array.withValues { values in
            var total: Int128 = 0
            for i in 0..<values.count where array.validity == nil || array.isValid(i) {
                let (next, overflow) = total.addingReportingOverflow(values[i])
                if overflow { return nil }
                total = next
            }
            return total
        }
        let limit = Decimal128.powerOfTen(38)
        guard let total, total < limit, total > -limit else {
            throw ArrowError.overflow("decimal128 sum of \(array.count) values exceeds 38 digits")
        }
        return total
    }

    /// The number of valid (non-null) values.
    public static func count(_ array: any ArrowArray) -> Int { array.count - array.nullCount }

    /// The smallest valid value, or `.null` when there is none. NaN orders after every number, as in the sort
    /// and compare kernels.
    public static func minimum(_ array: any ArrowArray) -> Scalar { extreme(array, wantMax: false) }

    /// The largest valid value, or `.null` when there is none.
    public static func maximum(_ array: any ArrowArray) -> Scalar { extreme(array, wantMax: true) }

    static func extreme(_ array: any ArrowArray, wantMax: Bool) -> Scalar {
        var best: Int? = nil
        let less = rowComparator(array)
        for i in 0..<array.count where array.isValid(i) {
            guard let b = best else {
                best = i
                continue
            }
            if wantMax ? less(b, i) : less(i, b) { best = i }
        }
        return best.map { array.scalar(at: $0) } ?? .null
    }

    /// A strict "row a orders before row b" for the valid values of one array (NaN after every number).
    static func rowComparator(_ array: any ArrowArray) -> (Int, Int) -> Bool {
        switch array {
        case let a as Float64Array:
            return { x, y in
                let (l, r) = (a.value(x), a.value(y))
                return l.isNaN ? false : (r.isNaN ? true : l < r)
            }
        case let a as Int32Array: return { a.value($0) < a.value($1) }
        case let a as Int64Array: return { a.value($0) < a.value($1) }
        case let a as Decimal128Array: return { a.value($0) < a.value($1) }
        case let a as BooleanArray: return { !a.value($0) && a.value($1) }
        case let a as StringArray:
            return { x, y in withExtendedLifetime(a) { a.bytes(x).lexicographicallyPrecedes(a.bytes(y)) } }
        default:
            preconditionFailure("no comparator for \(array.dataType)")
        }
    }
}
