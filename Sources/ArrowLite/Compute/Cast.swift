import Foundation

extension Compute {
    /// Converts every element of `array` to `target`; nulls stay null and the validity bitmap is shared, not copied.
    ///
    /// Supported: any pair of int32, int64, float64, decimal128 (any precision and scale); those and date32 and
    /// boolean to and from utf8. The rules follow DataFusion's (arrow-rs) casts:
    /// - decimal to a smaller scale rounds half away from zero (`1.25` → decimal(2,1) is `1.3`, `-1.25` is `-1.3`);
    /// - decimal and float64 to an integer truncate toward zero (`2.7` → `2`, `-2.7` → `-2`);
    /// - float64 to decimal rounds half away from zero at the target scale;
    /// - utf8 is parsed after trimming ASCII spaces; dates are `YYYY-MM-DD`; booleans `true`/`false`/`t`/`f`/`1`/`0`.
    /// - Parameters:
    ///   - array: the input column (may be a slice).
    ///   - target: the type to convert to.
    /// - Returns: an array whose `dataType` is `target` (the input itself when it already has that type; the input's
    ///   buffers under the new type for a decimal whose scale stays and whose values all fit the target).
    /// - Throws: `ArrowError.overflow` when a value does not fit the target (names the value and the target);
    ///   `ArrowError.invalidValue(value:target:hint:)` naming the text that does not parse;
    ///   `ArrowError.invalidArgument` for an unsupported pair of types.
    public static func cast(_ array: any ArrowArray, to target: DataType) throws -> any ArrowArray {
        let source = array.dataType
        if source == target { return array }
        switch (source, target) {
        case (.decimal128(_, let scale), .decimal128(let precision, let targetScale))
        where Decimal128.scalesUp(from: scale, to: targetScale, precision):
            return try decimalsScaledUp(
                typed(array, as: Decimal128Array.self), from: scale, to: target, precision, targetScale)
        case (.int32, .decimal128(let precision, let scale)) where Decimal128.scalesUp(from: 0, to: scale, precision):
            return try scaledUp(typed(array, as: Int32Array.self), from: 0, to: target, precision, scale)
        case (.int64, .decimal128(let precision, let scale)) where Decimal128.scalesUp(from: 0, to: scale, precision):
            return try scaledUp(typed(array, as: Int64Array.self), from: 0, to: target, precision, scale)
        case (.utf8, _): return try castFromString(typed(array, as: StringArray.self), to: target)
        case (_, .utf8): return formatToString(array)
        case (.int32, _): return try castNumeric(typed(array, as: Int32Array.self), to: target, source)
        case (.int64, _): return try castNumeric(typed(array, as: Int64Array.self), to: target, source)
        case (.float64, _): return try castNumeric(typed(array, as: Float64Array.self), to: target, source)
        case (.decimal128, _): return try castNumeric(typed(array, as: Decimal128Array.self), to: target, source)
        default:
            throw ArrowError.invalidArgument("cannot cast \(source) to \(target)")
        }
    }

    /// Decimals to a decimal of at least their scale. At the same scale, when every value fits the target (checked:
    /// an array may hold values beyond its own precision), the result shares the input's buffers, validity and
    /// slice offset; otherwise each value is scaled up and checked, and the first that does not fit is named.
    static func decimalsScaledUp(
        _ array: Decimal128Array, from scale: Int, to target: DataType, _ targetPrecision: Int, _ targetScale: Int
    ) throws -> Decimal128Array {
        if targetScale == scale && array.firstDecimalBeyond(Decimal128.powerOfTen(targetPrecision)) == nil {
            return Decimal128Array(
                dataType: target, count: array.count, values: array.values, valueOffset: array.valueOffset,
                validity: array.validity, nullCount: array.nullCount)
        }
        return try scaledUp(array, from: scale, to: target, targetPrecision, targetScale)
    }

    /// Integers or decimals to a decimal of at least their scale: one checked multiply by a power of ten per value
    /// (what `toDecimal` computes for them, without its per-value intermediate).
    static func scaledUp<S: BinaryInteger & ArrowPrimitive>(
        _ array: PrimitiveArray<S>, from scale: Int, to target: DataType, _ targetPrecision: Int, _ targetScale: Int
    ) throws -> Decimal128Array {
        let factor = Decimal128.powerOfTen(targetScale - scale)
        let limit = Decimal128.powerOfTen(targetPrecision)
        return try mapValid(array, to: target) { value in
            guard let scaled = Decimal128.product(Int128(value), factor), scaled < limit, scaled > -limit else {
                throw castOverflow(Decimal128.format(Int128(value), scale: scale), target)
            }
            return scaled
        }
    }

    /// Applies `convert` to each valid element, keeping the input's validity; null slots get `T.zero`.
    @inline(__always)
    static func mapValid<S: ArrowPrimitive, T: ArrowPrimitive>(
        _ array: PrimitiveArray<S>, to type: DataType, _ convert: (S) throws -> T
    ) rethrows -> PrimitiveArray<T> {
        let n = array.count
        let validity = array.validity
        let values = try makeValues(T.self, count: n) { out in
            try array.withValues { input in
                if let validity {
                    for i in 0..<n { out[i] = validity[i] ? try convert(input[i]) : T.zero }
                } else {
                    for i in 0..<n { out[i] = try convert(input[i]) }
                }
            }
        }
        return PrimitiveArray(
            dataType: type, count: n, values: values, validity: validity, nullCount: array.nullCount)
    }

    /// A numeric source converted to another numeric type, via one exact conversion function per pair.
    static func castNumeric<S: ArrowPrimitive>(
        _ array: PrimitiveArray<S>, to target: DataType, _ source: DataType
    ) throws -> any ArrowArray {
        let scale = sourceScale(source)
        let convert: (S) -> NumericValue = { $0.numericValue(scale: scale) }
        switch target {
        case .int32: return try mapValid(array, to: target) { Int32(try Self.toInt128Checked(convert($0), target)) }
        case .int64: return try mapValid(array, to: target) { Int64(try Self.toInt128Checked(convert($0), target)) }
        case .float64: return mapValid(array, to: target) { convert($0).double }
        case .decimal128(let p, let s):
            return try mapValid(array, to: target) { try Self.toDecimal(convert($0), precision: p, scale: s) }
        default: throw ArrowError.invalidArgument("cannot cast \(source) to \(target)")
        }
    }

    /// An intermediate numeric value: an exact decimal (unscaled, scale) or a double.
    enum NumericValue {
        case exact(Int128, scale: Int)
        case double(Double)

        var double: Double {
            switch self {
            case .exact(let v, let s): return Double(v) / pow(10, Double(s))
            case .double(let d): return d
            }
        }
    }

    /// The source's scale: the decimal scale, 0 for the other numeric types.
    static func sourceScale(_ type: DataType) -> Int {
        if case .decimal128(_, let s) = type { return s }
        return 0
    }

    /// The integer part (truncated toward zero), checked against the integer target's range.
    static func toInt128Checked(_ value: NumericValue, _ target: DataType) throws -> Int128 {
        let (low, high): (Int128, Int128) =
            target == .int32 ? (Int128(Int32.min), Int128(Int32.max)) : (Int128(Int64.min), Int128(Int64.max))
        let result: Int128
        switch value {
        case .exact(let v, let s):
            result = v / Decimal128.powerOfTen(s)
        case .double(let d):
            guard d.isFinite, d > -1.7e38, d < 1.7e38 else { throw castOverflow(Scalar.format(d), target) }
            result = Int128(d.rounded(.towardZero))
        }
        guard result >= low && result <= high else { throw castOverflow(describe(value), target) }
        return result
    }

    static func toDecimal(_ value: NumericValue, precision: Int, scale: Int) throws -> Int128 {
        let target = DataType.decimal128(precision: precision, scale: scale)
        let limit = Decimal128.powerOfTen(precision)
        switch value {
        case .exact(let v, let s):
            guard let r = rescale(v, from: s, to: scale), r < limit && r > -limit else {
                throw castOverflow(describe(value), target)
            }
            return r
        case .double(let d):
            let scaled = (d * pow(10, Double(scale))).rounded(.toNearestOrAwayFromZero)
            guard scaled.isFinite, abs(scaled) < 1e38 else { throw castOverflow(Scalar.format(d), target) }
            let r = Int128(scaled)
            guard r < limit && r > -limit else { throw castOverflow(Scalar.format(d), target) }
            return r
        }
    }

    static func describe(_ value: NumericValue) -> String {
        switch value {
        case .exact(let v, let s): return Decimal128.format(v, scale: s)
        case .double(let d): return Scalar.format(d)
        }
    }

    static func castOverflow(_ value: String, _ target: DataType) -> ArrowError {
        .overflow("cast of \(value) to \(target): the value is out of range")
    }

    /// `value` (unscaled at `from`) at scale `to`, rounding half away from zero when the scale shrinks;
    /// nil when the result does not fit `Int128`. Precondition: both scales are in 0...38.
    public static func rescale(_ value: Int128, from: Int, to: Int) -> Int128? {
        if from == to { return value }
        if to > from { return Decimal128.product(value, Decimal128.powerOfTen(to - from)) }
        let divisor = Decimal128.powerOfTen(from - to)
        let quotient = value / divisor
        let remainder = value % divisor
        if remainder.magnitude * 2 >= divisor.magnitude { return quotient + (value < 0 ? -1 : 1) }
        return quotient
    }
}

/// Numeric element types convert to an exact or floating intermediate value without a dynamic cast.
extension ArrowPrimitive {
    /// This value as an exact (integer, decimal) or floating intermediate; `scale` applies to decimals only.
    @inline(__always)
    func numericValue(scale: Int) -> Compute.NumericValue {
        switch self {
        case let v as Int32: return .exact(Int128(v), scale: 0)
        case let v as Int64: return .exact(Int128(v), scale: 0)
        case let v as Int128: return .exact(v, scale: scale)
        case let v as Double: return .double(v)
        default: preconditionFailure("\(Self.self) is not numeric")
        }
    }
}
