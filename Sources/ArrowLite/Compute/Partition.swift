extension Compute {
    /// The rows grouped by partition (`partition(ofHash:partitionCount:)`): `indices` lists partition 0's rows,
    /// then partition 1's, and so on, each in input order (a stable counting sort); partition `p`'s rows are
    /// `indices[offsets[p] ..< offsets[p + 1]]`.
    /// Precondition: `partitionCount > 0`.
    /// - Complexity: O(rows + partitionCount).
    public static func partitionPermutation(
        _ hashes: [UInt64], partitionCount: Int
    ) -> (indices: [Int32], offsets: [Int]) {
        let assignment = PartitionAssignment(hashes: hashes, partitionCount: partitionCount)
        return (assignment.indices(), assignment.offsets)
    }

    /// The rows of `batch` grouped by partition (`partition(ofHash:partitionCount:)`), each partition's rows in
    /// input order, and where each partition starts: partition `p` is
    /// `rows.slice(offsets[p], offsets[p + 1] - offsets[p])`. The same rows as
    /// `take(batch, indices: partitionPermutation(…).indices)`.
    /// Precondition: `partitionCount > 0` and one hash per row.
    /// - Throws: as `take` (only for more than 2 GiB of strings).
    public static func groupByPartition(
        _ batch: RecordBatch, hashes: [UInt64], partitionCount: Int
    ) throws -> (rows: RecordBatch, offsets: [Int]) {
        let assignment = PartitionAssignment(hashes: hashes, partitionCount: partitionCount)
        return (try groupByPartition(batch, assignment), assignment.offsets)
    }

    /// The rows of `batch` moved to their places in `assignment` (partition `p`'s rows at
    /// `assignment.offsets[p] ..< assignment.offsets[p + 1]`). Fixed-width values are scattered in one sequential
    /// pass over the input instead of gathered (a gather's loads jump around an input larger than the cache once per
    /// partition).
    /// Precondition: `assignment` was made for `batch`'s rows.
    /// - Throws: as `take` (only for more than 2 GiB of strings).
    public static func groupByPartition(_ batch: RecordBatch, _ assignment: PartitionAssignment) throws -> RecordBatch {
        precondition(assignment.rowCount == batch.rowCount, "the assignment is for another batch")
        // Rows already grouped: no rows, no columns, or every row in one partition.
        if batch.rowCount == 0 || batch.columns.isEmpty || assignment.singlePartition != nil { return batch }
        // Each order is made when a column first needs it.
        var positions: [Int32]?
        func scattered<T>(_ column: any ArrowArray, as type: PrimitiveArray<T>.Type) -> any ArrowArray {
            let places = positions ?? assignment.positions()
            positions = places
            return scatter(typed(column, as: type), places)
        }
        var indices: [Int32]?
        func gathered(_ column: any ArrowArray) throws -> any ArrowArray {
            let rows = indices ?? assignment.indices()
            indices = rows
            return try take(column, indices: rows)
        }
        let columns = try batch.columns.map { column -> any ArrowArray in
            guard column.nullCount == 0 else { return try gathered(column) }
            switch column.dataType {
            case .int32, .date32: return scattered(column, as: Int32Array.self)
            case .int64: return scattered(column, as: Int64Array.self)
            case .float64: return scattered(column, as: Float64Array.self)
            case .decimal128: return scattered(column, as: Decimal128Array.self)
            case .boolean, .utf8: return try gathered(column)
            }
        }
        return try RecordBatch(schema: batch.schema, columns: columns)
    }

    /// The partition of a row whose hash is `hash`, of `partitionCount` partitions: the hash's low bits
    /// (`hash & (partitionCount − 1)`) when the count is a power of two (the default plans' counts); otherwise the
    /// high 64 bits of `hash × partitionCount` (Lemire's multiply-shift range reduction: one multiplication where a
    /// remainder needs a 64-bit division). Both spread evenly the hashes `partitionHashes` gives, whose every bit
    /// depends on every key bit. A fixed function, so equal keys meet in every process and run.
    /// Precondition: `partitionCount > 0`.
    @inline(__always)
    public static func partition(ofHash hash: UInt64, partitionCount: Int) -> Int {
        precondition(partitionCount > 0, "partitionCount must be positive")
        let count = UInt64(truncatingIfNeeded: partitionCount)
        return count & (count &- 1) == 0 ? maskedPartition(hash, count) : scaledPartition(hash, count)
    }

    /// `partition(ofHash:)` for a power-of-two `count`.
    @inline(__always)
    private static func maskedPartition(_ hash: UInt64, _ count: UInt64) -> Int {
        Int(truncatingIfNeeded: hash & (count &- 1))
    }

    /// `partition(ofHash:)` for any other `count`.
    @inline(__always)
    private static func scaledPartition(_ hash: UInt64, _ count: UInt64) -> Int {
        Int(truncatingIfNeeded: hash.multipliedFullWidth(by: count).high)
    }

    /// The partition of each row (`partition(ofHash:partitionCount:)`), and where each partition starts when the
    /// rows are grouped by partition (`offsets[p] ..< offsets[p + 1]`, a counting sort's prefix sums).
    static func partitionsOfRows(
        _ hashes: [UInt64], partitionCount: Int
    ) -> (partitionOfRow: [UInt32], offsets: [Int]) {
        precondition(partitionCount > 0, "partitionCount must be positive")
        precondition(hashes.count <= Int(Int32.max), "rows are numbered with Int32")
        let rowCount = hashes.count
        // offsets[p + 1] counts partition p's rows, then (prefix sums) partition p's rows start at offsets[p].
        var offsets = [Int](repeating: 0, count: partitionCount + 1)
        // One loop per form of `partition(ofHash:)`, so the form is not decided per row.
        @inline(__always) func assign(_ partitionOf: (UInt64) -> Int) -> [UInt32] {
            [UInt32](unsafeUninitializedCapacity: rowCount) { output, initialized in
                hashes.withUnsafeBufferPointer { hashes in
                    offsets.withUnsafeMutableBufferPointer { counts in
                        for row in 0..<rowCount {
                            let partition = partitionOf(hashes[row])
                            output[row] = UInt32(truncatingIfNeeded: partition)
                            counts[partition &+ 1] &+= 1
                        }
                    }
                }
                initialized = rowCount
            }
        }
        let count = UInt64(partitionCount)
        let partitionOfRow =
            count & (count - 1) == 0 ? assign { maskedPartition($0, count) } : assign { scaledPartition($0, count) }
        for partition in 0..<partitionCount { offsets[partition &+ 1] &+= offsets[partition] }
        return (partitionOfRow, offsets)
    }

    /// The second pass of the stable counting sort: each row's place in the grouped order (`scatter`'s form), or
    /// the row at each place (`inverse`, a gather's form), walking each partition's places from its offset.
    static func groupedOrder(_ partitionOfRow: [UInt32], offsets: [Int], inverse: Bool) -> [Int32] {
        let rowCount = partitionOfRow.count
        // `next` walks each partition's places; it starts as `offsets` without its last entry.
        var next = offsets.dropLast().map { Int32(truncatingIfNeeded: $0) }
        return [Int32](unsafeUninitializedCapacity: rowCount) { output, initialized in
            partitionOfRow.withUnsafeBufferPointer { partitionOfRow in
                next.withUnsafeMutableBufferPointer { next in
                    for row in 0..<rowCount {
                        let partition = Int(partitionOfRow[row])
                        let place = next[partition]
                        if inverse {
                            output[Int(place)] = Int32(truncatingIfNeeded: row)
                        } else {
                            output[row] = place
                        }
                        next[partition] = place &+ 1
                    }
                }
            }
            initialized = rowCount
        }
    }

    /// `output[positions[row]] = array[row]` for a permutation `positions` of `0..<array.count` (no nulls).
    static func scatter<T: ArrowPrimitive>(_ array: PrimitiveArray<T>, _ positions: [Int32]) -> PrimitiveArray<T> {
        let values = makeEveryValue(T.self, count: array.count) { output in
            array.withValues { source in
                positions.withUnsafeBufferPointer { positions in
                    for row in 0..<source.count { output[Int(positions[row])] = source[row] }
                }
            }
        }
        return PrimitiveArray(dataType: array.dataType, count: array.count, values: values, validity: nil)
    }
}
