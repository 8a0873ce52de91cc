/// Type coercion for binary kernels, following DataFusion's numeric coercion.
extension Compute {
    /// The type both sides of a comparison or arithmetic operation are converted to, or nil when there is none.
    ///
    /// Rules: equal types stay; int32 with int64 is int64; any integer or decimal with float64 is float64; an integer
    /// with a decimal widens the integer to decimal(10,0) (int32) or decimal(20,0) (int64) first, and two decimals
    /// keep the larger integer part and the larger scale, capped at precision 38. Non-numeric types only match
    /// themselves.
    public static func commonType(_ lhs: DataType, _ rhs: DataType) -> DataType? {
        if lhs == rhs { return lhs }
        switch (lhs, rhs) {
        case (.int32, .int64), (.int64, .int32): return .int64
        case (.float64, _) where rhs.isNumeric, (_, .float64) where lhs.isNumeric: return .float64
        case (.decimal128, _) where rhs.isNumeric, (_, .decimal128) where lhs.isNumeric:
            let (p1, s1) = decimalShape(lhs)
            let (p2, s2) = decimalShape(rhs)
            let scale = max(s1, s2)
            return .decimal128(precision: min(38, max(p1 - s1, p2 - s2) + scale), scale: scale)
        default: return nil
        }
    }

    /// The precision and scale of a decimal, or of the decimal that holds every value of an integer type.
    static func decimalShape(_ type: DataType) -> (precision: Int, scale: Int) {
        switch type {
        case .decimal128(let p, let s): return (p, s)
        case .int32: return (10, 0)
        default: return (20, 0)
        }
    }

    /// Converts both arrays to `commonType` of their types (unchanged when already equal).
    /// - Throws: `ArrowError.typeMismatch` when the types have no common type; cast errors.
    public static func coerce(
        _ lhs: any ArrowArray, _ rhs: any ArrowArray
    ) throws -> (any ArrowArray, any ArrowArray) {
        if lhs.dataType == rhs.dataType { return (lhs, rhs) }
        guard let common = commonType(lhs.dataType, rhs.dataType) else {
            throw ArrowError.typeMismatch(expected: lhs.dataType.description, found: rhs.dataType.description)
        }
        return (try cast(lhs, to: common), try cast(rhs, to: common))
    }

    /// An array of `count` copies of `scalar` (all null for `.null`, typed as `nullType`).
    public static func broadcast(_ scalar: Scalar, count: Int, nullType: DataType = .int32) -> any ArrowArray {
        switch scalar {
        case .null: return nullArray(nullType, count: count)
        case .boolean(let b):
            return BooleanArray(values: makeBitmap(count: count) { _ in b ? 0xFF : 0 })
        case .int32(let v): return repeated(v, .int32, count)
        case .int64(let v): return repeated(v, .int64, count)
        case .float64(let v): return repeated(v, .float64, count)
        case .decimal(let v, let p, let s): return repeated(v, .decimal128(precision: p, scale: s), count)
        case .date32(let v): return repeated(v, .date32, count)
        case .utf8(let s):
            var builder = StringBuilder(capacity: count, dataCapacity: s.utf8.count * count)
            for _ in 0..<count { builder.append(s) }
            return builder.finish()
        }
    }

    static func repeated<T: ArrowPrimitive>(_ value: T, _ type: DataType, _ count: Int) -> PrimitiveArray<T> {
        let values = makeValues(T.self, count: count) { out in out.initialize(repeating: value, count: count) }
        return PrimitiveArray(dataType: type, count: count, values: values)
    }

    /// An array of `count` nulls of type `type`.
    public static func nullArray(_ type: DataType, count: Int) -> any ArrowArray {
        let none = Bitmap(buffer: bitBuffer(count), offset: 0, count: count)
        switch type {
        case .boolean: return BooleanArray(values: none, validity: none, nullCount: count)
        case .utf8:
            return StringArray(
                count: count, offsets: Buffer(zeroed: (count + 1) * 4), data: Buffer(zeroed: 0), validity: none,
                nullCount: count)
        case .int32, .date32: return nullPrimitive(Int32.self, type, none)
        case .int64: return nullPrimitive(Int64.self, type, none)
        case .float64: return nullPrimitive(Double.self, type, none)
        case .decimal128: return nullPrimitive(Int128.self, type, none)
        }
    }

    static func nullPrimitive<T: ArrowPrimitive>(_: T.Type, _ type: DataType, _ none: Bitmap) -> PrimitiveArray<T> {
        PrimitiveArray(
            dataType: type, count: none.count, values: Buffer(zeroed: none.count * MemoryLayout<T>.stride),
            validity: none, nullCount: none.count)
    }

    /// Converts a scalar to `type` with the same rules as `cast(_:to:)`.
    /// - Throws: cast errors.
    public static func cast(_ scalar: Scalar, to type: DataType) throws -> Scalar {
        if scalar.isNull || scalar.dataType == type { return scalar }
        return try cast(broadcast(scalar, count: 1), to: type).scalar(at: 0)
    }
}
