import ArrowLite

/// Where generated rows go: `.tbl` bytes or Arrow columns. Each table generator writes its columns in schema order
/// through these calls, so one generator serves every output format.
protocol RowSink {
    mutating func int64(_ value: Int64)
    mutating func int32(_ value: Int32)
    /// Money and other decimal(15,2) values, as cents.
    mutating func cents(_ value: Int64)
    /// l_quantity: an integer in `.tbl` (dbgen prints "17"), decimal(15,2) in Arrow.
    mutating func quantity(_ value: Int64)
    /// A dbgen generated date (see `TPCHDate`).
    mutating func date(_ generated: Int32)
    mutating func text(_ bytes: UnsafeRawBufferPointer)
    mutating func endRow()
}

extension RowSink {
    mutating func text(_ bytes: [UInt8]) { bytes.withUnsafeBytes { text($0) } }
    mutating func text(_ string: StaticString) {
        text(UnsafeRawBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }
}

/// Writes rows as TPC-H `.tbl` lines: fields separated and terminated by `|`, one line per row.
struct TblSink: RowSink {
    let output: ByteWriter

    init(capacity: Int = 1 << 20) { output = ByteWriter(capacity: capacity) }

    mutating func int64(_ value: Int64) {
        output.appendInteger(value)
        output.append(UInt8(ascii: "|"))
    }
    mutating func int32(_ value: Int32) { int64(Int64(value)) }
    mutating func cents(_ value: Int64) {
        output.appendCents(value)
        output.append(UInt8(ascii: "|"))
    }
    mutating func quantity(_ value: Int64) { int64(value) }
    mutating func date(_ generated: Int32) {
        output.append(TPCHDate.text.slice(Int(generated - TPCHDate.firstGenerated) * 10, 10))
        output.append(UInt8(ascii: "|"))
    }
    mutating func text(_ value: UnsafeRawBufferPointer) {
        output.append(value)
        output.append(UInt8(ascii: "|"))
    }
    mutating func endRow() { output.append(UInt8(ascii: "\n")) }
}

/// Collects rows into Arrow columns of a table's schema and freezes them into record batches.
struct BatchSink: RowSink {
    let schema: Schema
    private var int64s: [[Int64]]
    private var int32s: [[Int32]]
    private var decimals: [[Int128]]
    private var stringData: [[UInt8]]
    private var stringOffsets: [[Int32]]
    /// For each column, the index of its storage in the array of its kind.
    private let slots: [Int]
    private var column = 0
    private(set) var rowCount = 0

    init(schema: Schema) {
        self.schema = schema
        var counts = [0, 0, 0, 0]
        var slots: [Int] = []
        for field in schema.fields {
            let kind = BatchSink.kind(field.dataType)
            slots.append(counts[kind])
            counts[kind] += 1
        }
        self.slots = slots
        int64s = Array(repeating: [], count: counts[0])
        int32s = Array(repeating: [], count: counts[1])
        decimals = Array(repeating: [], count: counts[2])
        stringData = Array(repeating: [], count: counts[3])
        stringOffsets = Array(repeating: [0], count: counts[3])
    }

    private static func kind(_ type: DataType) -> Int {
        switch type {
        case .int64: return 0
        case .int32, .date32: return 1
        case .decimal128: return 2
        default: return 3
        }
    }

    mutating func int64(_ value: Int64) {
        int64s[slots[column]].append(value)
        column += 1
    }
    mutating func int32(_ value: Int32) {
        int32s[slots[column]].append(value)
        column += 1
    }
    mutating func cents(_ value: Int64) {
        decimals[slots[column]].append(Int128(value))
        column += 1
    }
    mutating func quantity(_ value: Int64) { cents(value * 100) }
    mutating func date(_ generated: Int32) { int32(TPCHDate.date32(generated)) }
    mutating func text(_ value: UnsafeRawBufferPointer) {
        let slot = slots[column]
        stringData[slot].append(contentsOf: value)
        stringOffsets[slot].append(Int32(stringData[slot].count))
        column += 1
    }
    mutating func endRow() {
        precondition(column == schema.count, "a generator wrote \(column) of \(schema.count) columns")
        column = 0
        rowCount += 1
    }

    /// The rows collected so far as one batch; the sink starts empty again.
    mutating func finish() -> RecordBatch {
        var columns: [any ArrowArray] = []
        for (index, field) in schema.fields.enumerated() {
            let slot = slots[index]
            let type = field.dataType
            switch BatchSink.kind(type) {
            case 0: columns.append(Int64Array(dataType: type, count: rowCount, values: Buffer(copying: int64s[slot])))
            case 1: columns.append(Int32Array(dataType: type, count: rowCount, values: Buffer(copying: int32s[slot])))
            case 2:
                columns.append(
                    Decimal128Array(dataType: type, count: rowCount, values: Buffer(copying: decimals[slot])))
            default:
                columns.append(
                    StringArray(
                        count: rowCount, offsets: Buffer(copying: stringOffsets[slot]),
                        data: Buffer(copying: stringData[slot])))
            }
        }
        let batch = try! RecordBatch(schema: schema, columns: columns)  // columns built from the schema itself
        self = BatchSink(schema: schema)
        return batch
    }
}
