import ArrowLite

/// A table held in memory, sorted on an integer key column, whose part `p` of `n` holds the rows whose keys fall in
/// range `p` of `n` of its `KeyRanges` (not the `p`-th `n`-th of its rows, as `MemoryTable`'s parts do). Tables
/// declared with equal ranges are co-partitioned on their keys: TPC-H's orders and lineitem, both sorted on the
/// order key, join on it part by part, and an aggregate grouped by it runs once per part.
///
/// Parts are zero-copy slices of the stored batches, found by binary search on the key column.
public struct KeyRangeTable: TableSource {
    /// The rows, in key order.
    public let table: MemoryTable
    /// The key column and the ranges the parts follow (never nil).
    public let clustering: TableClustering?
    private let keys: [KeyColumn]
    /// The first row of each stored batch, then the row count.
    private let batchStarts: [Int]

    /// Declares `table`, sorted on its integer column `column`, split by `ranges` of that column: by default its
    /// own keys, from the first row's to the last row's (0...0 for an empty table). Give two tables the same
    /// `ranges` to join them part by part.
    /// - Throws: `PhysicalPlanError.invalidPlan` when the column is missing or not int32/int64, holds a null, or is
    ///   not sorted (naming the first row out of order).
    public init(_ table: MemoryTable, column: String, ranges: KeyRanges? = nil) throws {
        func fail(_ message: String) -> PhysicalPlanError {
            .invalidPlan(node: "KeyRangeTable(\(column))", message: message)
        }
        guard let index = table.schema.fields.firstIndex(where: { $0.name == column }) else {
            throw fail("the table has no column '\(column)'; its columns are \(table.schema.fields.map(\.name))")
        }
        guard [.int32, .int64].contains(table.schema.fields[index].dataType) else {
            throw fail(
                "the key column is \(table.schema.fields[index].dataType); hint: split tables by an int32 or int64 key")
        }
        var keys: [KeyColumn] = []
        var starts = [0]
        var previous: Int64?
        for batch in table.storedBatches {
            let row = starts[starts.count - 1]
            guard let key = KeyColumn(batch.columns[index]) else {
                throw fail(
                    "the key column is \(batch.columns[index].dataType); hint: split tables by an int32 or int64 key")
            }
            if key.array.nullCount > 0, let null = (0..<key.array.count).first(where: key.array.isNull) {
                throw fail("row \(row + null) holds a null key; hint: a key-range table's keys are never null")
            }
            if let unsorted = key.firstBelow(previous) {
                throw fail(
                    "row \(row + unsorted)'s key \(key.key(unsorted)) is below the key before it; "
                        + "hint: sort the table on '\(column)' first")
            }
            if key.array.count > 0 { previous = key.key(key.array.count - 1) }
            keys.append(key)
            starts.append(row + batch.rowCount)
        }
        let ownKeys = try KeyRanges(
            low: keys.first { $0.array.count > 0 }.map { $0.key(0) } ?? 0, high: previous ?? 0)
        self.table = table
        self.clustering = TableClustering(column: index, ranges: ranges ?? ownKeys)
        self.keys = keys
        self.batchStarts = starts
    }

    public var schema: Schema { table.schema }
    public var rowCount: Int? { batchStarts[batchStarts.count - 1] }

    public func batches(part: Int, of parts: Int) throws -> [RecordBatch] {
        guard parts > 0, (0..<parts).contains(part), let ranges = clustering?.ranges else {
            throw PhysicalPlanError.invalidPlan(
                node: "KeyRangeTable", message: "part \(part) of \(parts) does not exist")
        }
        let start = part == 0 ? 0 : firstRow(atLeast: ranges.boundary(part, of: parts))
        let end =
            part == parts - 1
            ? batchStarts[batchStarts.count - 1] : firstRow(atLeast: ranges.boundary(part + 1, of: parts))
        return table.rows(start..<end)
    }

    /// The first row whose key is at least `key` (the row count when there is none).
    /// - Complexity: O(log² rows).
    private func firstRow(atLeast key: Int64) -> Int {
        var low = 0
        var high = batchStarts[batchStarts.count - 1]
        while low < high {
            let middle = low + (high - low) / 2
            if self.key(atRow: middle) < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func key(atRow row: Int) -> Int64 {
        // The last batch starting at or before `row`.
        var low = 0
        var high = keys.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if batchStarts[middle] <= row { low = middle } else { high = middle - 1 }
        }
        return keys[low].key(row - batchStarts[low])
    }
}

/// A key column of one stored batch, read as `Int64`.
private enum KeyColumn {
    case int32(Int32Array)
    case int64(Int64Array)

    init?(_ array: any ArrowArray) {
        switch (array.dataType, array) {
        case (.int32, let array as Int32Array): self = .int32(array)
        case (.int64, let array as Int64Array): self = .int64(array)
        default: return nil
        }
    }

    var array: any ArrowArray {
        switch self {
        case .int32(let array): return array
        case .int64(let array): return array
        }
    }

    func key(_ row: Int) -> Int64 {
        switch self {
        case .int32(let array): return Int64(array.value(row))
        case .int64(let array): return array.value(row)
        }
    }

    /// The first row whose key is below the one before it (or below `previous`, for row 0).
    func firstBelow(_ previous: Int64?) -> Int? {
        switch self {
        case .int32(let array): return array.withValues { Self.firstBelow($0, previous) }
        case .int64(let array): return array.withValues { Self.firstBelow($0, previous) }
        }
    }

    private static func firstBelow<T: BinaryInteger>(_ values: UnsafeBufferPointer<T>, _ previous: Int64?) -> Int? {
        guard let first = values.first else { return nil }
        if let previous, Int64(first) < previous { return 0 }
        for row in values.indices.dropFirst() where values[row] < values[row - 1] { return row }
        return nil
    }
}
