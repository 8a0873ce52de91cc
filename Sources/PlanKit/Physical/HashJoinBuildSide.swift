import ArrowLite

/// A hash join's finished build side: all build rows in one batch, a table of their distinct non-null keys, and
/// the rows of each key in build order in one contiguous array (`rowsByKey[keyStarts[k] ..< keyStarts[k + 1]]`).
///
/// Unchecked `Sendable`: it is immutable once built (a join keeps its own match flags), so the threads of a
/// simulation that share one (`BuildSideCache`) only read it.
final class BuildSide: @unchecked Sendable {
    let batch: RecordBatch
    let table: RowKeyTable
    let keyStarts: [Int]
    let rowsByKey: [Int32]
    /// True when some build row has a null in a key column (it can never match).
    let hasNullKey: Bool

    init(_ batch: RecordBatch, keyColumns: [any ArrowArray]) throws {
        self.batch = batch
        let rowCount = batch.rowCount
        var nonNull = [Int32]()
        nonNull.reserveCapacity(rowCount)
        var nullKey = [Bool](repeating: false, count: rowCount)
        for column in keyColumns where column.nullCount > 0 {
            for row in 0..<rowCount where column.isNull(row) { nullKey[row] = true }
        }
        for row in 0..<rowCount where !nullKey[row] { nonNull.append(Int32(row)) }
        hasNullKey = nonNull.count < rowCount
        let keys = try keyColumns.map { try Compute.take($0, indices: nonNull) }
        var table = RowKeyTable(capacity: nonNull.count)
        let keyIds = nonNull.isEmpty ? [] : table.insert(KeyRows(keys), hashes: try Compute.hashRows(keys)).ids
        var starts = [Int](repeating: 0, count: table.count + 1)
        for id in keyIds { starts[Int(id) + 1] += 1 }
        for k in 0..<table.count { starts[k + 1] += starts[k] }
        var cursor = starts
        var rows = [Int32](repeating: 0, count: nonNull.count)
        for (position, id) in keyIds.enumerated() {
            rows[cursor[Int(id)]] = nonNull[position]
            cursor[Int(id)] += 1
        }
        self.table = table
        keyStarts = starts
        rowsByKey = rows
    }

    var heldBytes: Int {
        batch.heldBytes + table.heldBytes + keyStarts.count * 8 + rowsByKey.count * 4
    }

    /// Every (build row, probe row) pair with equal keys, ordered by probe row, then build row.
    func candidatePairs(_ keyIds: [Int32], probeHasNull: [Bool]) -> (build: [Int32], probe: [Int32]) {
        var buildRows: [Int32] = []
        var probeRows: [Int32] = []
        for (row, id) in keyIds.enumerated() where id >= 0 && !probeHasNull[row] {
            for position in keyStarts[Int(id)]..<keyStarts[Int(id) + 1] {
                buildRows.append(rowsByKey[position])
                probeRows.append(Int32(row))
            }
        }
        return (buildRows, probeRows)
    }
}
