/// Where the rows of one batch go when they are grouped by partition (`Compute.partition(ofHash:partitionCount:)`
/// of each row's hash), before any row is moved: a stable counting sort's result. Partition `p`'s rows take places
/// `offsets[p] ..< offsets[p + 1]`, each partition's rows in input order.
///
/// A repartition that keeps its rows in a process groups them with `Compute.groupByPartition` (one scatter pass);
/// one that sends them takes each partition's rows as `BatchRows` (`pieces(of:)`), so they are copied once, into
/// the message that carries them.
public struct PartitionAssignment: Sendable {
    /// Where each partition's places start, and the row count at the end (`partitionCount + 1` entries).
    public let offsets: [Int]
    /// Each row's partition.
    private let partitionOfRow: [UInt32]

    /// Precondition: `partitionCount > 0`.
    /// - Complexity: O(rows + partitionCount).
    public init(hashes: [UInt64], partitionCount: Int) {
        (partitionOfRow, offsets) = Compute.partitionsOfRows(hashes, partitionCount: partitionCount)
    }

    public var partitionCount: Int { offsets.count - 1 }
    public var rowCount: Int { partitionOfRow.count }

    /// The number of rows assigned to `partition`.
    public func rowCount(of partition: Int) -> Int { offsets[partition + 1] - offsets[partition] }

    /// The partition that holds every row, when one does (and there are rows).
    public var singlePartition: Int? {
        (0..<partitionCount).first { rowCount(of: $0) == rowCount && rowCount > 0 }
    }

    /// The rows in grouped order: place `k` holds input row `indices()[k]` (what a gather reads).
    public func indices() -> [Int32] { Compute.groupedOrder(partitionOfRow, offsets: offsets, inverse: true) }

    /// Each row's place in grouped order: input row `r` goes to place `positions()[r]` (what a scatter writes).
    public func positions() -> [Int32] { Compute.groupedOrder(partitionOfRow, offsets: offsets, inverse: false) }

    /// Each non-empty partition's rows of `batch`, not copied: the whole batch when one partition holds every row,
    /// else views into `batch` through one shared index list. Partitions in ascending order.
    /// Precondition: the assignment was made for `batch`'s rows.
    public func pieces(of batch: RecordBatch) -> [(partition: Int, rows: BatchRows)] {
        precondition(rowCount == batch.rowCount, "the assignment is for another batch")
        if let partition = singlePartition { return [(partition, BatchRows(batch))] }
        let indices = indices()
        return (0..<partitionCount).compactMap { partition in
            guard rowCount(of: partition) > 0 else { return nil }
            return (partition, BatchRows(batch, indices: indices, range: offsets[partition]..<offsets[partition + 1]))
        }
    }
}
