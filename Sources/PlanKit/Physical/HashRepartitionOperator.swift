import ArrowLite

/// Receives the partitions a hash repartition (or any other exchange) produces: batches tagged with their
/// destination partition, then one `finish` when the producer is done. The local executor routes them to the
/// consumers' partitions; the simulator will send them over channels.
public protocol PartitionedBatchSink: AnyObject {
    /// Accepts a batch for output partition `partition`.
    /// - Throws: errors of the consumers.
    func push(_ batch: RecordBatch, partition: Int) throws
    /// Accepts a whole batch with the partition of each of its rows. The default groups the rows (one scatter
    /// pass) and pushes each non-empty partition's rows as a slice of them, partitions in ascending order.
    /// - Throws: errors of the consumers.
    func push(_ batch: RecordBatch, assignment: PartitionAssignment) throws
    /// Signals that this producer has no more batches for any partition.
    /// - Throws: errors of the consumers.
    func finish() throws
}

extension PartitionedBatchSink {
    public func push(_ batch: RecordBatch, assignment: PartitionAssignment) throws {
        try pushGrouped(batch, assignment: assignment)
    }

    /// `batch`'s rows grouped by `assignment`, each non-empty partition's rows pushed as a slice of them (they share
    /// its buffers), partitions in ascending order.
    /// - Throws: errors of the consumers.
    func pushGrouped(_ batch: RecordBatch, assignment: PartitionAssignment) throws {
        let grouped = try Compute.groupByPartition(batch, assignment)
        for partition in 0..<assignment.partitionCount where assignment.rowCount(of: partition) > 0 {
            let count = assignment.rowCount(of: partition)
            try push(
                count == batch.rowCount ? batch : grouped.slice(assignment.offsets[partition], count),
                partition: partition)
        }
    }
}

/// Splits each batch into `partitionCount` partitions by the hash of its key columns (`Compute.partitionHashes`,
/// then `Compute.partition(ofHash:partitionCount:)`), so equal keys always reach the same partition, in any
/// process. Streaming: each input batch goes to the sink with its `PartitionAssignment`, and the sink takes each
/// non-empty partition's rows, in ascending partition order and input row order: grouped and sliced (the default),
/// or uncopied (a task's outputs).
public final class HashRepartitionOperator: PhysicalOperator {
    public let keys: [PhysicalExpression]
    public let partitionCount: Int
    public let schema: Schema
    public var name: String { "HashRepartition(\(partitionCount))" }
    public var heldBytes: Int { 0 }
    private let output: any PartitionedBatchSink
    private let filters: OutputFilters
    private var inputs = InputTracker("HashRepartition", inputCount: 1)

    /// - Parameter filters: a task's runtime filters: the key hashes of every row are collected, or rows a filter
    ///   rules out are dropped before they are partitioned.
    /// - Throws: `PhysicalPlanError.invalidPlan` without keys or with fewer than 1 partition.
    public init(
        keys: [PhysicalExpression], partitionCount: Int, schema: Schema, output: any PartitionedBatchSink,
        filters: OutputFilters = .none
    ) throws {
        guard !keys.isEmpty, partitionCount > 0 else {
            throw PhysicalPlanError.invalidPlan(
                node: "HashRepartition", message: "needs at least one key and one partition")
        }
        self.keys = keys
        self.partitionCount = partitionCount
        self.schema = schema
        self.output = output
        self.filters = filters
    }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        guard batch.rowCount > 0 else { return }
        var (rows, hashes) = (batch, try Compute.partitionHashes(keys.map { try $0.evaluate(batch) }))
        filters.collector?.add(hashes)
        if let kept = filters.check?.selection(hashes) {
            guard !kept.isEmpty else { return }
            if kept.count < hashes.count {
                rows = try Compute.take(batch, indices: kept)
                hashes = kept.map { hashes[Int($0)] }
            }
        }
        try output.push(rows, assignment: PartitionAssignment(hashes: hashes, partitionCount: partitionCount))
    }

    public func finish(input: Int) throws {
        try inputs.finish(input)
        try output.finish()
    }
}
