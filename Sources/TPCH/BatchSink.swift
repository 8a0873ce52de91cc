import ArrowLite

/// Collects rows into Arrow columns of a table's schema and freezes them into record batches.
///
/// Each column writes into its own `ColumnBytes`, reused from batch to batch and reached through a raw pointer: a
/// write is a store and a count update, with no array bookkeeping or reference counting per value, and the memory is
/// grown once, not again for every batch.
struct BatchSink: RowSink {
    /// The most rows a batch may hold: a string column's offsets are int32, and no TPC-H text is longer than 200
    /// bytes, so 8,388,608 rows keep every column under 2 GiB.
    static let rowsPerBatchMaximum = 1 << 23

    let schema: Schema
    private let storage: ColumnStorage
    /// Per column: its fixed-width values, or a string column's bytes.
    private let values: UnsafeMutablePointer<ColumnBytes>
    /// Per column: a string column's int32 offsets (starting with 0); unused for other columns.
    private let offsets: UnsafeMutablePointer<ColumnBytes>
    private var column = 0
    private(set) var rowCount = 0

    /// - Parameter expectedRows: the rows a batch will usually hold, to size the columns once.
    init(schema: Schema, expectedRows: Int) {
        self.schema = schema
        let rows = min(max(expectedRows, 1), 1 << 16)
        storage = ColumnStorage(
            valueCapacities: schema.fields.map { rows * ($0.dataType.byteWidth ?? 32) },
            offsetCapacities: schema.fields.map { $0.dataType == .utf8 ? (rows + 1) * 4 : 0 })
        values = storage.values
        offsets = storage.offsets
        startOffsets()
    }

    @inline(__always)
    mutating func int64(_ value: Int64) {
        values[column].append(value)
        column += 1
    }
    @inline(__always)
    mutating func int32(_ value: Int32) {
        values[column].append(value)
        column += 1
    }
    @inline(__always)
    mutating func cents(_ value: Int64) {
        values[column].append(Int128(value))
        column += 1
    }
    mutating func quantity(_ value: Int64) { cents(value * 100) }
    mutating func date(_ generated: Int32) { int32(TPCHDate.date32(generated)) }
    @inline(__always)
    mutating func text(_ value: UnsafeRawBufferPointer) {
        values[column].append(bytes: value)
        offsets[column].append(Int32(truncatingIfNeeded: values[column].count))
        column += 1
    }
    mutating func endRow() {
        precondition(column == schema.count, "a generator wrote \(column) of \(schema.count) columns")
        column = 0
        rowCount += 1
    }

    /// The rows collected so far as one batch; the sink starts empty again, keeping its memory.
    mutating func finish() -> RecordBatch {
        precondition(column == 0, "a batch cannot end inside a row")
        var columns: [any ArrowArray] = []
        for (index, field) in schema.fields.enumerated() {
            let type = field.dataType
            let data = Buffer(copying: values[index].bytes)
            switch type {
            case .int64: columns.append(Int64Array(dataType: type, count: rowCount, values: data))
            case .int32, .date32: columns.append(Int32Array(dataType: type, count: rowCount, values: data))
            case .decimal128: columns.append(Decimal128Array(dataType: type, count: rowCount, values: data))
            default:
                let offsetBuffer = Buffer(copying: offsets[index].bytes)
                columns.append(StringArray(count: rowCount, offsets: offsetBuffer, data: data))
            }
            values[index].count = 0
        }
        rowCount = 0
        startOffsets()
        return try! RecordBatch(schema: schema, columns: columns)  // columns built from the schema itself
    }

    private func startOffsets() {
        for (index, field) in schema.fields.enumerated() where field.dataType == .utf8 {
            offsets[index].count = 0
            offsets[index].append(Int32(0))
        }
    }
}

/// One column's growing bytes, written through a raw pointer.
struct ColumnBytes {
    private(set) var pointer: UnsafeMutableRawPointer
    var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 64)
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: pointer, count: count) }

    /// Appends a fixed-width value's bytes.
    @inline(__always)
    mutating func append<T: BitwiseCopyable>(_ value: T) {
        let size = MemoryLayout<T>.size
        if count + size > capacity { grow(count + size) }
        pointer.storeBytes(of: value, toByteOffset: count, as: T.self)
        count += size
    }

    @inline(__always)
    mutating func append(bytes source: UnsafeRawBufferPointer) {
        if count + source.count > capacity { grow(count + source.count) }
        ByteWriter.copy(source, to: pointer + count)
        count += source.count
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newPointer = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 64)
        newPointer.copyMemory(from: pointer, byteCount: count)
        pointer.deallocate()
        pointer = newPointer
        capacity = newCapacity
    }

    func deallocate() { pointer.deallocate() }
}

/// Owns a batch sink's columns, so copies of the sink share them and they are freed once.
private final class ColumnStorage {
    let values: UnsafeMutablePointer<ColumnBytes>
    let offsets: UnsafeMutablePointer<ColumnBytes>
    let columnCount: Int

    init(valueCapacities: [Int], offsetCapacities: [Int]) {
        columnCount = valueCapacities.count
        values = .allocate(capacity: columnCount)
        offsets = .allocate(capacity: columnCount)
        for index in 0..<columnCount {
            (values + index).initialize(to: ColumnBytes(capacity: valueCapacities[index]))
            (offsets + index).initialize(to: ColumnBytes(capacity: offsetCapacities[index]))
        }
    }

    deinit {
        for index in 0..<columnCount {
            values[index].deallocate()
            offsets[index].deallocate()
        }
        values.deinitialize(count: columnCount)
        offsets.deinitialize(count: columnCount)
        values.deallocate()
        offsets.deallocate()
    }
}
