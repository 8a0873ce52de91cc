/// Rows of a record batch not yet copied out of it: all of `batch`, or the rows `indices[range]` of it, in that
/// order (one partition's rows, from `PartitionAssignment.pieces(of:)`). A shuffle keeps its output this way until
/// it encodes a message, which copies each row once, straight from `batch` into the message body
/// (`IPCStreamEncoder.encodeAligned(concatenating:)`).
public struct BatchRows: Sendable {
    public let batch: RecordBatch
    /// The rows picked, when not all: `indices[range]`, every index a row of `batch`.
    let selection: (indices: [Int32], range: Range<Int>)?

    /// All rows of `batch`.
    public init(_ batch: RecordBatch) {
        self.batch = batch
        selection = nil
    }

    /// Rows `indices[range]` of `batch`; the caller guarantees they are rows of `batch` (a partition assignment's
    /// order of the batch's rows is), because the encoder reads them without a bounds check.
    init(_ batch: RecordBatch, indices: [Int32], range: Range<Int>) {
        precondition(indices.count == batch.rowCount, "the indices order another batch's rows")
        precondition(range.lowerBound >= 0 && range.upperBound <= indices.count, "range outside the indices")
        self.batch = batch
        selection = (indices, range)
    }

    public var schema: Schema { batch.schema }
    public var rowCount: Int { selection?.range.count ?? batch.rowCount }

    /// The rows as a batch of their own (a copy, unless they are all of `batch`).
    /// - Throws: as `Compute.take` (only for more than 2 GiB of strings).
    public func materialized() throws -> RecordBatch {
        guard let (indices, range) = selection else { return batch }
        // A batch without columns is only a row count.
        if batch.columns.isEmpty { return RecordBatch(rowCount: rowCount) }
        return try Compute.take(batch, indices: Array(indices[range]))
    }

    /// Column `index` of the rows (a copy, unless they are all of `batch`).
    /// - Throws: as `Compute.take`.
    func column(_ index: Int) throws -> any ArrowArray {
        guard let (indices, range) = selection else { return batch.columns[index] }
        return try Compute.take(batch.columns[index], indices: Array(indices[range]))
    }
}
