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
    /// - Throws: `KeyRangeTableError` when the column is missing or not int32/int64, holds a null, or is not sorted
    ///   (naming the first row out of order).
    public init(_ table: MemoryTable, column: String, ranges: KeyRanges? = nil) throws {
        let names = table.schema.fields.map(\.name)
        guard let index = names.firstIndex(of: column) else {
            throw KeyRangeTableError.missingColumn(column, columns: names)
        }
        let type = table.schema.fields[index].dataType
        guard [.int32, .int64].contains(type) else { throw KeyRangeTableError.notInteger(column, type) }
        var keys: [KeyColumn] = []
        var starts = [0]
        var previous: Int64?
        for batch in table.storedBatches {
            let row = starts[starts.count - 1]
            guard let key = KeyColumn(batch.columns[index]) else {
                throw KeyRangeTableError.notInteger(column, batch.columns[index].dataType)
            }
            if key.array.nullCount > 0, let null = (0..<key.array.count).first(where: key.array.isNull) {
                throw KeyRangeTableError.nullKey(column: column, row: row + null)
            }
            if let unsorted = key.firstBelow(previous) {
                throw KeyRangeTableError.unsorted(column: column, row: row + unsorted, key: key.key(unsorted))
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

/// Why a table cannot be split by key ranges of a column. Rows are numbered from 0 in table order.
public enum KeyRangeTableError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The table has no such column (`columns`: the ones it has).
    case missingColumn(String, columns: [String])
    /// The column is not int32 or int64.
    case notInteger(String, DataType)
    /// The key of row `row` is null.
    case nullKey(column: String, row: Int)
    /// The key of row `row` is below the key of the row before it.
    case unsorted(column: String, row: Int, key: Int64)

    /// What is wrong, with rows numbered as `describe(row:)` gives them.
    public func message(describingRow describe: (Int) -> String = { "row \($0)" }) -> String {
        switch self {
        case .missingColumn(let column, let columns):
            return "the table has no column '\(column)'; its columns are \(columns.joined(separator: ", "))"
        case .notInteger(let column, let type): return "the key column '\(column)' is \(type), not int32 or int64"
        case .nullKey(let column, let row): return "\(describe(row)) has a null '\(column)'"
        case .unsorted(let column, let row, let key):
            return "\(describe(row)) has '\(column)' \(key), below the row before it: the table is not sorted on it"
        }
    }

    /// How to fix it.
    public var hint: String {
        switch self {
        case .missingColumn: return "name a column of the table"
        case .notInteger: return "split tables by an int32 or int64 key"
        case .nullKey: return "a key-range table's keys are never null"
        case .unsorted(let column, _, _): return "sort the table on '\(column)' first"
        }
    }

    public var description: String { "KeyRangeTable: \(message()); hint: \(hint)" }
}
