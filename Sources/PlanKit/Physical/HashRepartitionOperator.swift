import ArrowLite

/// Receives the partitions a hash repartition (or any other exchange) produces: batches tagged with their
/// destination partition, then one `finish` when the producer is done. The local executor routes them to the
/// consumers' partitions; the simulator will send them over channels.
public protocol PartitionedBatchSink: AnyObject {
    /// Accepts a batch for output partition `partition`.
    /// - Throws: errors of the consumers.
    func push(_ batch: RecordBatch, partition: Int) throws
    /// Signals that this producer has no more batches for any partition.
    /// - Throws: errors of the consumers.
    func finish() throws
}

/// Splits each batch into `partitionCount` partitions by the hash of its key columns (`Compute.hashRows`, then
/// `hash % partitionCount`), so equal keys always reach the same partition, in any process. Streaming: each input
/// batch yields at most one batch per non-empty partition, partitions in ascending order, rows in input order.
public final class HashRepartitionOperator: PhysicalOperator {
    public let keys: [PhysicalExpression]
    public let partitionCount: Int
    public let schema: Schema
    public var name: String { "HashRepartition(\(partitionCount))" }
    public var heldBytes: Int { 0 }
    private let output: any PartitionedBatchSink
    private var inputs = InputTracker("HashRepartition", inputCount: 1)

    /// - Throws: `PhysicalPlanError.invalidPlan` without keys or with fewer than 1 partition.
    public init(
        keys: [PhysicalExpression], partitionCount: Int, schema: Schema, output: any PartitionedBatchSink
    ) throws {
        guard !keys.isEmpty, partitionCount > 0 else {
            throw PhysicalPlanError.invalidPlan(
                node: "HashRepartition", message: "needs at least one key and one partition")
        }
        self.keys = keys
        self.partitionCount = partitionCount
        self.schema = schema
        self.output = output
    }

    public func push(_ batch: RecordBatch, input: Int) throws {
        try inputs.checkPush(input)
        guard batch.rowCount > 0 else { return }
        let hashes = try Compute.hashRows(keys.map { try $0.evaluate(batch) })
        let (grouped, offsets) = try Compute.groupByPartition(batch, hashes: hashes, partitionCount: partitionCount)
        // Each partition's piece is a slice of the grouped rows (they share its buffers).
        for partition in 0..<partitionCount where offsets[partition + 1] > offsets[partition] {
            let count = offsets[partition + 1] - offsets[partition]
            try output.push(
                count == batch.rowCount ? batch : grouped.slice(offsets[partition], count), partition: partition)
        }
    }

    public func finish(input: Int) throws {
        try inputs.finish(input)
        try output.finish()
    }
}
