import Foundation

/// The six SQL comparison operators.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

extension Compute {
    /// Compares two columns element by element; a null on either side gives null.
    ///
    /// Numbers of different types are first converted with `commonType` (int32 vs int64, integers vs float64 or
    /// decimal); decimals of different scales compare by value. Strings compare by UTF-8 bytes (code point order),
    /// booleans as false < true, dates by day. float64 compares as PostgreSQL and DuckDB do: NaN equals NaN and is
    /// larger than every number, and -0.0 equals 0.0 (consistent with `sortToIndices` and `hashRows`).
    /// - Parameters:
    ///   - lhs: the left column.
    ///   - op: the comparison.
    ///   - rhs: the right column, of the same length.
    /// - Returns: a boolean column of the inputs' length.
    /// - Throws: `ArrowError.invalidArgument` for different lengths, `ArrowError.typeMismatch` for types with no
    ///   common type.
    /// - Complexity: O(n), one pass over the value buffers; validity is the bitwise AND of the inputs'.
    public static func compare(
        _ lhs: any ArrowArray, _ op: ComparisonOperator, _ rhs: any ArrowArray
    ) throws -> BooleanArray {
        try requireSameLength(lhs, rhs, "compare")
        if lhs.dataType.isDecimal || rhs.dataType.isDecimal, let left = try decimalOperand(lhs),
            let right = try decimalOperand(rhs)
        {
            let scale = max(sourceScale(left.dataType), sourceScale(right.dataType))
            return compareSameType(rescaleSaturating(left, to: scale), op, rescaleSaturating(right, to: scale))
        }
        let (left, right) = try coerce(lhs, rhs)
        return compareSameType(left, op, right)
    }

    /// Compares a column with one value; a null element or a null scalar gives null.
    /// - Throws: `ArrowError.typeMismatch` when the scalar's type has no common type with the column's.
    public static func compare(_ lhs: any ArrowArray, _ op: ComparisonOperator, _ rhs: Scalar) throws -> BooleanArray {
        guard let scalarType = rhs.dataType else {
            return nullArray(.boolean, count: lhs.count) as! BooleanArray
        }
        var column = lhs
        var value = rhs
        if lhs.dataType.isDecimal || scalarType.isDecimal, let decimalColumn = try decimalOperand(lhs),
            let (v, s2) = decimalOperand(rhs)
        {
            let scale = max(sourceScale(decimalColumn.dataType), s2)
            column = rescaleSaturating(decimalColumn, to: scale)
            value = .decimal(saturate(rescale(v, from: s2, to: scale), v), precision: 38, scale: scale)
        } else if scalarType != lhs.dataType {
            guard let common = commonType(lhs.dataType, scalarType) else {
                throw ArrowError.typeMismatch(expected: lhs.dataType.description, found: scalarType.description)
            }
            column = try cast(lhs, to: common)
            value = try cast(rhs, to: common)
        }
        return compareWithScalar(column, op, value)
    }

    static func compareSameType(_ lhs: any ArrowArray, _ op: ComparisonOperator, _ rhs: any ArrowArray) -> BooleanArray
    {
        let n = lhs.count
        let bits: Bitmap
        switch lhs.dataType {
        case .int32, .date32:
            bits = comparePrimitive(typed(lhs, as: Int32Array.self), op, typed(rhs, as: Int32Array.self))
        case .int64: bits = comparePrimitive(typed(lhs, as: Int64Array.self), op, typed(rhs, as: Int64Array.self))
        case .float64: bits = comparePrimitive(typed(lhs, as: Float64Array.self), op, typed(rhs, as: Float64Array.self))
        case .decimal128:
            bits = comparePrimitive(typed(lhs, as: Decimal128Array.self), op, typed(rhs, as: Decimal128Array.self))
        case .boolean: bits = compareBooleans(typed(lhs, as: BooleanArray.self), op, typed(rhs, as: BooleanArray.self))
        case .utf8:
            let l = typed(lhs, as: StringArray.self)
            let r = typed(rhs, as: StringArray.self)
            bits = withExtendedLifetime((l, r)) {
                compareBits(count: n, op) { compareBytes(l.bytes($0), r.bytes($0)) }
            }
        }
        return BooleanArray(values: bits, validity: andValidity([lhs.validity, rhs.validity], count: n))
    }

    static func compareWithScalar(_ lhs: any ArrowArray, _ op: ComparisonOperator, _ rhs: Scalar) -> BooleanArray {
        let n = lhs.count
        let bits: Bitmap
        switch rhs {
        case .int32(let v), .date32(let v): bits = comparePrimitive(typed(lhs, as: Int32Array.self), op, v)
        case .int64(let v): bits = comparePrimitive(typed(lhs, as: Int64Array.self), op, v)
        case .float64(let v): bits = comparePrimitive(typed(lhs, as: Float64Array.self), op, v)
        case .decimal(let v, _, _): bits = comparePrimitive(typed(lhs, as: Decimal128Array.self), op, v)
        case .boolean(let v):
            let l = typed(lhs, as: BooleanArray.self)
            bits = compareBits(count: n, op) { l.values[$0] == v ? 0 : (v ? -1 : 1) }
        case .utf8(let s):
            let l = typed(lhs, as: StringArray.self)
            var text = s
            bits = text.withUTF8 { pattern in
                withExtendedLifetime(l) {
                    compareBits(count: n, op) { compareBytes(l.bytes($0), UnsafeRawBufferPointer(pattern)) }
                }
            }
        case .null: preconditionFailure("null scalars are handled by the caller")
        }
        return BooleanArray(values: bits, validity: lhs.validity, nullCount: lhs.nullCount)
    }

    static func comparePrimitive<T: ArrowPrimitive & SortableValue>(
        _ lhs: PrimitiveArray<T>, _ op: ComparisonOperator, _ rhs: PrimitiveArray<T>
    ) -> Bitmap {
        lhs.withValues { a in rhs.withValues { b in compareValues(count: lhs.count, op, { a[$0] }, { b[$0] }) } }
    }

    static func comparePrimitive<T: ArrowPrimitive & SortableValue>(
        _ lhs: PrimitiveArray<T>, _ op: ComparisonOperator, _ rhs: T
    )
        -> Bitmap
    {
        lhs.withValues { a in compareValues(count: lhs.count, op, { a[$0] }, { _ in rhs }) }
    }

    /// One specialised loop per operator, so the operator is not re-examined per element.
    @inline(__always)
    static func compareValues<T: SortableValue>(
        count: Int, _ op: ComparisonOperator, _ left: (Int) -> T, _ right: (Int) -> T
    ) -> Bitmap {
        switch op {
        case .equal: return packBits(count: count) { T.sortEqual(left($0), right($0)) }
        case .notEqual: return packBits(count: count) { !T.sortEqual(left($0), right($0)) }
        case .less: return packBits(count: count) { T.sortLess(left($0), right($0)) }
        case .lessOrEqual: return packBits(count: count) { !T.sortLess(right($0), left($0)) }
        case .greater: return packBits(count: count) { T.sortLess(right($0), left($0)) }
        case .greaterOrEqual: return packBits(count: count) { !T.sortLess(left($0), right($0)) }
        }
    }

    /// Like `compareValues`, from a three-way ordering (negative, zero, positive).
    @inline(__always)
    static func compareBits(count: Int, _ op: ComparisonOperator, _ order: (Int) -> Int) -> Bitmap {
        switch op {
        case .equal: return packBits(count: count) { order($0) == 0 }
        case .notEqual: return packBits(count: count) { order($0) != 0 }
        case .less: return packBits(count: count) { order($0) < 0 }
        case .lessOrEqual: return packBits(count: count) { order($0) <= 0 }
        case .greater: return packBits(count: count) { order($0) > 0 }
        case .greaterOrEqual: return packBits(count: count) { order($0) >= 0 }
        }
    }

    /// Lexicographic byte order: negative, zero or positive.
    @inline(__always)
    static func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let c = memcmp(a.baseAddress!, b.baseAddress!, common)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    /// Boolean comparisons as bitwise formulas over whole bytes (false < true).
    static func compareBooleans(_ lhs: BooleanArray, _ op: ComparisonOperator, _ rhs: BooleanArray) -> Bitmap {
        withAlignedBytes(lhs.values) { a in
            withAlignedBytes(rhs.values) { b in
                makeBitmap(count: lhs.count) { j in
                    switch op {
                    case .equal: return ~(a[j] ^ b[j])
                    case .notEqual: return a[j] ^ b[j]
                    case .less: return ~a[j] & b[j]
                    case .lessOrEqual: return ~a[j] | b[j]
                    case .greater: return a[j] & ~b[j]
                    case .greaterOrEqual: return a[j] | ~b[j]
                    }
                }
            }
        }
    }

    /// A decimal column at a larger scale for comparison only: values that no longer fit `Int128` saturate, which
    /// keeps their order against every in-range decimal.
    static func rescaleSaturating(_ array: Decimal128Array, to scale: Int) -> Decimal128Array {
        guard case .decimal128(_, let s) = array.dataType, s != scale else { return array }
        let type = DataType.decimal128(precision: 38, scale: scale)
        let factor = Decimal128.powerOfTen(scale - s)
        let n = array.count
        let values = makeValues(Int128.self, count: n) { out in
            array.withValues { input in
                for i in 0..<n {
                    let (r, overflow) = input[i].multipliedReportingOverflow(by: factor)
                    out[i] = overflow ? (input[i] < 0 ? Int128.min : Int128.max) : r
                }
            }
        }
        return Decimal128Array(
            dataType: type, count: n, values: values, validity: array.validity, nullCount: array.nullCount)
    }

    /// A decimal or integer column as decimals (integers exactly, at scale 0), so a comparison with a decimal never
    /// casts to a common type that may not hold the integers; nil for other types.
    static func decimalOperand(_ array: any ArrowArray) throws -> Decimal128Array? {
        switch array.dataType {
        case .decimal128: return typed(array, as: Decimal128Array.self)
        case .int32, .int64:
            let (precision, scale) = decimalShape(array.dataType)
            return typed(try cast(array, to: .decimal128(precision: precision, scale: scale)), as: Decimal128Array.self)
        default: return nil
        }
    }

    /// A decimal or integer scalar as an unscaled value and its scale; nil for other scalars.
    static func decimalOperand(_ scalar: Scalar) -> (value: Int128, scale: Int)? {
        switch scalar {
        case .decimal(let v, _, let s): return (v, s)
        case .int32(let v): return (Int128(v), 0)
        case .int64(let v): return (Int128(v), 0)
        default: return nil
        }
    }

    static func saturate(_ rescaled: Int128?, _ original: Int128) -> Int128 {
        rescaled ?? (original < 0 ? Int128.min : Int128.max)
    }
}

extension DataType {
    /// True for decimal128 of any precision and scale.
    fileprivate var isDecimal: Bool {
        if case .decimal128 = self { return true }
        return false
    }
}
