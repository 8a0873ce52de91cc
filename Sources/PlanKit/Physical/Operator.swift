import ArrowLite

/// Where an operator sends its output batches. Driven only by calls from upstream: `push` for each batch, then
/// `finish` once when no more batches will come.
public protocol BatchSink: AnyObject {
    /// Accepts one output batch of the producer.
    /// - Throws: errors of the operators downstream.
    func push(_ batch: RecordBatch) throws
    /// Signals that the producer has no more batches.
    /// - Throws: errors of the operators downstream (pipeline breakers do their work here).
    func finish() throws
}

/// A sink that also takes rows not yet copied out of their batch, as a task's outputs do: a shuffle encodes them
/// straight into its messages, so an exchange feeding only such sinks does not group the rows first.
protocol BatchRowsSink: BatchSink {
    /// Accepts one output piece of the producer.
    /// - Throws: errors of the operators downstream.
    func push(rows: BatchRows) throws
}

/// A push-based physical operator: the outside world pushes batches into numbered inputs and then finishes each
/// input; the operator pushes its results into the `BatchSink` given at construction. Nothing is pulled, nothing
/// runs on another thread, and the same calls in the same order always produce the same output batches.
///
/// Streaming operators (filter, projection, limit, union, repartition, coalesce) emit while they are pushed;
/// pipeline breakers (hash aggregate, sort, top-K, a hash join's build) hold state until their input finishes.
public protocol PhysicalOperator: AnyObject {
    /// A short name for EXPLAIN, metrics and errors (`HashAggregate(partial)`).
    var name: String { get }
    /// The schema of the batches the operator emits.
    var schema: Schema { get }
    /// Consumes one batch on input `input` (0 for single-input operators).
    /// - Throws: `PhysicalPlanError.protocolViolation` when the input already finished or is not yet allowed
    ///   (a join's probe before its build finished); data errors of the operator's kernels.
    func push(_ batch: RecordBatch, input: Int) throws
    /// Signals that input `input` has no more batches. When every input has finished, the operator emits what it
    /// holds and finishes its output.
    /// - Throws: as `push`.
    func finish(input: Int) throws
    /// The bytes of the buffers the operator currently holds (buffered batches, hash tables, accumulators), so a
    /// worker's memory budget can be enforced. Counted from element counts, never from allocation capacities (a Swift
    /// array's capacity depends on the allocator), so the figure is the same in every process.
    var heldBytes: Int { get }
}

/// Adapts input `input` of an operator into a `BatchSink`, so an upstream operator can feed it.
public final class OperatorInput: BatchSink {
    public let target: any PhysicalOperator
    public let input: Int

    public init(_ target: any PhysicalOperator, input: Int = 0) {
        self.target = target
        self.input = input
    }

    public func push(_ batch: RecordBatch) throws { try target.push(batch, input: input) }
    public func finish() throws { try target.finish(input: input) }
}

/// Collects the batches it receives, for results and tests.
public final class CollectSink: BatchSink {
    /// The received batches, in arrival order.
    public private(set) var batches: [RecordBatch] = []
    /// True once `finish` was called.
    public private(set) var isFinished = false

    public init() {}

    public func push(_ batch: RecordBatch) throws {
        guard !isFinished else {
            throw PhysicalPlanError.protocolViolation(operator: "CollectSink", message: "push after finish")
        }
        batches.append(batch)
    }

    public func finish() throws { isFinished = true }

    /// The total row count received.
    public var rowCount: Int { batches.reduce(0) { $0 + $1.rowCount } }
}

/// Sends every batch to several sinks (a broadcast join build side feeding every probe partition).
public final class FanOutSink: BatchSink {
    public let targets: [any BatchSink]
    public init(_ targets: [any BatchSink]) { self.targets = targets }
    public func push(_ batch: RecordBatch) throws { for target in targets { try target.push(batch) } }
    public func finish() throws { for target in targets { try target.finish() } }
}

/// Tracks which inputs of an operator have finished, and rejects pushes after a finish.
struct InputTracker {
    let operatorName: String
    private(set) var finished: [Bool]

    init(_ operatorName: String, inputCount: Int) {
        self.operatorName = operatorName
        finished = [Bool](repeating: false, count: inputCount)
    }

    var allFinished: Bool { !finished.contains(false) }

    func checkPush(_ input: Int) throws {
        guard finished.indices.contains(input) else {
            throw PhysicalPlanError.protocolViolation(
                operator: operatorName, message: "input \(input) does not exist (\(finished.count) inputs)")
        }
        guard !finished[input] else {
            throw PhysicalPlanError.protocolViolation(operator: operatorName, message: "push after finish(\(input))")
        }
    }

    /// Marks `input` finished.
    mutating func finish(_ input: Int) throws {
        try checkPush(input)
        finished[input] = true
    }
}

extension RecordBatch {
    /// The bytes the batch's rows occupy (`ArrowArray.compactByteCount` of each column): a slice counts its own
    /// rows, so the partitions a repartition slices out of one batch add up to that batch.
    public var heldBytes: Int { columns.reduce(0) { $0 + $1.compactByteCount } }
}

extension Schema {
    /// The same fields, every one nullable (the padded side of an outer join).
    public var allNullable: Schema { Schema(fields.map { Field($0.name, $0.dataType, nullable: true) }) }

    /// The fields at `projection` (positions, in that order), or these fields when it is nil.
    /// - Throws: `PhysicalPlanError.invalidPlan` naming `node` for a position past the fields, or for an empty
    ///   projection (a batch without columns would have no rows).
    func projected(_ projection: [Int]?, node: String) throws -> Schema {
        guard let projection else { return self }
        if projection.isEmpty {
            throw PhysicalPlanError.invalidPlan(
                node: node, message: "a projection keeps at least one column (a batch without columns has no rows)")
        }
        if let bad = projection.first(where: { !fields.indices.contains($0) }) {
            throw PhysicalPlanError.invalidPlan(
                node: node, message: "projection position \(bad) is outside the \(fields.count) columns it picks from")
        }
        return Schema(projection.map { fields[$0] })
    }
}
