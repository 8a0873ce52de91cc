/// Whole-column aggregates: `sum`, `minimum`, `maximum` and `count`, with SQL semantics (nulls are ignored; the
/// sum, minimum and maximum of a column without valid values are null).
///
/// Two layers: `sum(_: any ArrowArray)`, `minimum(_:)` and `maximum(_:)` take any column and return a `Scalar`
/// (what a query engine's aggregate operator stores per group); typed overloads such as `sum(_: Float64Array)`
/// return Swift values (`Double?`, `Int64?`, `Int128?`) and are what hot code calls directly.
///
/// Result types (as DataFusion and DuckDB): sum of int32 or int64 is int64; of float64 is float64; of
/// decimal128(p, s) is decimal128(38, s), exact. Minimum and maximum keep the input type. The float64 sum adds in a
/// fixed, documented lane order (see `sum(_: Float64Array)`), so its bits never vary between runs.
extension Compute {
    /// The sum of the valid values of a column.
    /// - Returns: `.int64` for int32 and int64 columns, `.float64` for float64, `.decimal(_, precision: 38,
    ///   scale: s)` for decimal128(p, s); `.null` when the column has no valid value (including an empty column).
    /// - Throws: `ArrowError.typeMismatch` for boolean, date32 and utf8 columns; `ArrowError.overflow` when an
    ///   integer sum leaves the int64 range or a decimal sum has more than 38 digits.
    public static func sum(_ array: any ArrowArray) throws -> Scalar {
        switch array.dataType {
        case .int32: return try sum(typed(array, as: Int32Array.self)).map(Scalar.int64) ?? .null
        case .int64: return try sum(typed(array, as: Int64Array.self)).map(Scalar.int64) ?? .null
        case .float64: return sum(typed(array, as: Float64Array.self)).map(Scalar.float64) ?? .null
        case .decimal128(_, let scale):
            guard let total = try sum(typed(array, as: Decimal128Array.self)) else { return .null }
            return .decimal(total, precision: 38, scale: scale)
        case .boolean, .date32, .utf8:
            throw ArrowError.typeMismatch(
                expected: "int32, int64, float64 or decimal128 for sum", found: "\(array.dataType)")
        }
    }

    /// The sum of the valid values of an int32 or int64 column of any static type, as int64.
    /// - Returns: nil when the column has no valid value.
    /// - Throws: `ArrowError.typeMismatch` for other types; `ArrowError.overflow` when the exact sum is outside the
    ///   int64 range.
    public static func sumInt64(_ array: any ArrowArray) throws -> Int64? {
        switch array.dataType {
        case .int32: return try sum(typed(array, as: Int32Array.self))
        case .int64: return try sum(typed(array, as: Int64Array.self))
        default: throw ArrowError.typeMismatch(expected: "int32 or int64", found: "\(array.dataType)")
        }
    }

    /// The number of valid (non-null) elements: SQL's `COUNT(column)`.
    public static func count(_ array: any ArrowArray) -> Int { array.count - array.nullCount }

    /// The smallest valid value of a column, in the order SQL's `ORDER BY` uses: numbers and dates numerically
    /// (for float64, NaN is larger than every number and -0.0 equals 0.0, the first of equal values is returned),
    /// strings by their UTF-8 bytes (which is code point order), false before true.
    /// - Returns: a scalar of the column's type; `.null` when the column has no valid value.
    public static func minimum(_ array: any ArrowArray) -> Scalar { extremum(array, largest: false) }

    /// The largest valid value of a column, in the order described at `minimum(_:)` (a float64 column with a valid
    /// NaN has maximum NaN).
    /// - Returns: a scalar of the column's type; `.null` when the column has no valid value.
    public static func maximum(_ array: any ArrowArray) -> Scalar { extremum(array, largest: true) }

    /// The smallest valid value (`largest == false`) or the largest, of a primitive column; nil without valid
    /// values. Ties keep the first value in index order.
    static func extremum<T: SortableValue & ArrowPrimitive>(_ array: PrimitiveArray<T>, largest: Bool) -> T? {
        if array.count == array.nullCount { return nil }
        return largest
            ? primitiveExtremum(array) { T.sortLess($1, $0) } : primitiveExtremum(array) { T.sortLess($0, $1) }
    }

    static func extremum(_ array: any ArrowArray, largest: Bool) -> Scalar {
        switch array.dataType {
        case .int32: return extremum(typed(array, as: Int32Array.self), largest: largest).map(Scalar.int32) ?? .null
        case .date32: return extremum(typed(array, as: Date32Array.self), largest: largest).map(Scalar.date32) ?? .null
        case .int64: return extremum(typed(array, as: Int64Array.self), largest: largest).map(Scalar.int64) ?? .null
        case .float64:
            return extremum(typed(array, as: Float64Array.self), largest: largest).map(Scalar.float64) ?? .null
        case .decimal128(let precision, let scale):
            guard let v = extremum(typed(array, as: Decimal128Array.self), largest: largest) else { return .null }
            return .decimal(v, precision: precision, scale: scale)
        case .boolean: return booleanExtremum(typed(array, as: BooleanArray.self), largest: largest)
        case .utf8: return stringExtremum(typed(array, as: StringArray.self), largest: largest)
        }
    }

    /// The first value `v` (in index order) for which no valid value `w` has `better(w, v)`.
    @inline(__always)
    static func primitiveExtremum<T: ArrowPrimitive>(_ array: PrimitiveArray<T>, _ better: (T, T) -> Bool) -> T? {
        array.withValues { values in
            guard let validity = array.validity else {
                var best = values[0]
                for v in values where better(v, best) { best = v }
                return best
            }
            var best: T? = nil
            forEachValidityWord(validity) { start, word in
                var bits = word
                while bits != 0 {
                    let v = values[start &+ bits.trailingZeroBitCount]
                    if let current = best { if better(v, current) { best = v } } else { best = v }
                    bits &= bits &- 1
                }
            }
            return best
        }
    }

    static func booleanExtremum(_ array: BooleanArray, largest: Bool) -> Scalar {
        var seen = false
        for i in 0..<array.count where array.isValid(i) {
            seen = true
            if array.values[i] == largest { return .boolean(largest) }
        }
        return seen ? .boolean(!largest) : .null
    }

    static func stringExtremum(_ array: StringArray, largest: Bool) -> Scalar {
        withExtendedLifetime(array) {
            var best: Int? = nil
            for i in 0..<array.count where array.isValid(i) {
                guard let current = best else {
                    best = i
                    continue
                }
                let order = compareBytes(array.bytes(i), array.bytes(current))
                if largest ? order > 0 : order < 0 { best = i }
            }
            return best.map { .utf8(array.value($0)) } ?? .null
        }
    }
}
