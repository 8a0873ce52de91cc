import ArrowLite

/// Hand-written sample data for the IPC tests: one column of every ArrowLite type, all nullable, with nulls,
/// extremes and non-ASCII text. `Fixtures/ipc/make_fixtures.py` writes the same rows with pyarrow.
enum IPCSamples {
    static let schema = Schema([
        Field("flag", .boolean), Field("small", .int32), Field("big", .int64), Field("ratio", .float64),
        Field("price", .decimal128(precision: 15, scale: 2)), Field("day", .date32), Field("name", .utf8),
    ])

    /// The pyarrow spelling of each field's type, in schema order.
    static let pyarrowTypes = ["bool", "int32", "int64", "double", "decimal128(15, 2)", "date32[day]", "string"]

    static func price(_ unscaled: Int128) -> Scalar { .decimal(unscaled, precision: 15, scale: 2) }

    /// Eleven rows, so bitmaps span two bytes and slices start mid-byte.
    static let rows: [[Scalar]] = [
        [
            .boolean(true), .int32(1), .int64(10_000_000_000), .float64(1.5), price(12345), .date32(19782),
            .utf8("alpha"),
        ],
        [.null, .int32(-2), .null, .float64(-0.25), price(-1), .date32(0), .utf8("")],
        [.boolean(false), .null, .int64(Int64.min), .null, .null, .null, .null],
        [
            .boolean(true), .int32(Int32.max), .int64(Int64.max), .float64(1e300), price(999_999_999_999_999),
            .date32(-719_162), .utf8("héllo ✓"),
        ],
        [.null, .null, .null, .null, .null, .null, .null],
        [
            .boolean(false), .int32(Int32.min), .int64(-1), .float64(0), price(-999_999_999_999_999), .date32(-1),
            .utf8("b"),
        ],
        [.boolean(true), .int32(7), .int64(7), .float64(7.125), price(700), .date32(7), .utf8("seven")],
        [.null, .int32(8), .int64(8), .null, price(8), .date32(8), .null],
        [.boolean(false), .null, .int64(9), .float64(-9.5), .null, .date32(2_932_896), .utf8("nine nine nine")],
        [.boolean(true), .int32(10), .null, .float64(1e-300), price(10), .null, .utf8("ten")],
        [.boolean(false), .int32(11), .int64(11), .float64(11), price(0), .date32(11), .utf8("eleven")],
    ]

    /// The sample rows as one batch, built with ArrowLite's builders.
    static func batch(_ rows: [[Scalar]] = rows) -> RecordBatch {
        let columns = schema.fields.indices.map { index in
            makeArray(schema.fields[index].dataType, rows.map { $0[index] })
        }
        return try! RecordBatch(schema: schema, columns: columns)
    }

    /// An array of `dataType` holding `values` (which must be of that type or null).
    static func makeArray(_ dataType: DataType, _ values: [Scalar]) -> any ArrowArray {
        switch dataType {
        case .boolean:
            return BooleanArray(values.map { if case .boolean(let v) = $0 { v } else { nil } })
        case .int32:
            return Int32Array(.int32, values.map { if case .int32(let v) = $0 { v } else { nil } })
        case .date32:
            return Date32Array(.date32, values.map { if case .date32(let v) = $0 { v } else { nil } })
        case .int64:
            return Int64Array(.int64, values.map { if case .int64(let v) = $0 { v } else { nil } })
        case .float64:
            return Float64Array(.float64, values.map { if case .float64(let v) = $0 { v } else { nil } })
        case .decimal128:
            return Decimal128Array(dataType, values.map { if case .decimal(let v, _, _) = $0 { v } else { nil } })
        case .utf8:
            return StringArray(values.map { if case .utf8(let v) = $0 { v } else { nil } })
        }
    }

    /// The rows of `batches`, in order, as scalars.
    static func rows(of batches: [RecordBatch]) -> [[Scalar]] {
        batches.flatMap { batch in
            (0..<batch.rowCount).map { row in batch.columns.map { $0.scalar(at: row) } }
        }
    }
}
