import ArrowLite

/// The peak memory of one operator instance during a run.
public struct OperatorMetrics: Sendable, Hashable {
    /// The plan node's pre-order index (`PhysicalPlan.nodes`).
    public let nodeIndex: Int
    /// The operator's name (`HashAggregate(final)`).
    public let name: String
    /// Which instance: the partition it computes (for a repartition or coalesce, its input partition).
    public let partition: Int
    /// The largest `heldBytes` seen after any push or finish of the run.
    public let peakHeldBytes: Int
    /// The rows the instance emitted.
    public let outputRowCount: Int
}

/// The output of a local run.
public struct ExecutionResult: Sendable {
    public let schema: Schema
    /// The batches of each output partition, in partition order.
    public let partitions: [[RecordBatch]]
    /// Per operator instance, in node order then partition order.
    public let metrics: [OperatorMetrics]

    /// Every batch, partition 0 first.
    public var batches: [RecordBatch] { partitions.flatMap { $0 } }

    /// Every row in one batch (an empty batch of `schema` when there are none).
    /// - Throws: concat errors (only for more than 2 GiB of strings).
    public func concatenated() throws -> RecordBatch { try RowSorter.concatenated(batches, schema: schema) }
}

/// Runs a physical plan in this process, single-threaded and deterministically: it creates one operator per node
/// and partition, wires them (exchanges route repartitioned batches to the consumers' partitions; a build side with
/// one partition is broadcast), then drives the scans in dependency order — every join's build side entirely before
/// its probe side — each scan partition in index order, each part's batches in order.
public struct LocalExecutor: Sendable {
    /// The largest batch pipeline breakers emit.
    public var batchRowCount: Int

    public init(batchRowCount: Int = 8192) { self.batchRowCount = batchRowCount }

    /// Runs `plan` to completion.
    /// - Throws: errors of table sources and operators (`ArrowError`, `PhysicalPlanError`).
    public func run(_ plan: PhysicalPlan) throws -> ExecutionResult {
        let sinks = (0..<plan.outputPartitionCount).map { _ in CollectSink() }
        var wiring = Wiring(batchRowCount: batchRowCount)
        try wiring.instantiate(plan, outputs: sinks)
        for scan in wiring.scans {
            for partition in 0..<scan.operators.count {
                let target = scan.operators[partition]
                for batch in try scan.source.batches(part: partition, of: scan.operators.count) {
                    try target.push(batch, input: 0)
                }
                try target.finish(input: 0)
            }
        }
        let metrics = wiring.instances.map { instance in
            OperatorMetrics(
                nodeIndex: instance.nodeIndex, name: instance.operator.name, partition: instance.partition,
                peakHeldBytes: instance.meter.peak, outputRowCount: instance.counter.rowCount)
        }
        return ExecutionResult(schema: plan.schema, partitions: sinks.map(\.batches), metrics: metrics)
    }
}

/// The operators of one run and the scans that drive them (the `LocalExecutor` runs them all at once; a
/// `TaskPipeline` steps them).
struct Wiring {
    struct Instance {
        let nodeIndex: Int
        let partition: Int
        let `operator`: any PhysicalOperator
        let counter: RowCounter
        let meter: PeakMeter
    }
    struct Scan {
        let source: any TableSource
        let operators: [ScanOperator]
        /// Every instance of every hash join whose probe side this scan feeds: the scan may push only once all of
        /// them finished their build.
        let probeSideJoins: [HashJoinOperator]
    }

    let batchRowCount: Int
    /// When set, every instance's meter also keeps its held bytes in this total.
    let heldBytesTotal: HeldBytesTotal?
    var instances: [Instance] = []
    /// Scans in driving order: depth-first, a join's build side before its probe side.
    var scans: [Scan] = []
    private var nextNodeIndex = 0
    /// The join instances whose probe side is being instantiated.
    private var enclosingProbeJoins: [HashJoinOperator] = []
    /// The runtime filters of the plan's root, when it is a hash repartition (a task's output), and of the join
    /// whose build keys they collect.
    private let rootFilters: OutputFilters
    /// Lends broadcast joins a side another task indexed from the same rows (a simulation's tasks).
    private let buildSides: BuildSideCache?

    init(
        batchRowCount: Int, heldBytesTotal: HeldBytesTotal? = nil, rootFilters: OutputFilters = .none,
        buildSides: BuildSideCache? = nil
    ) {
        self.batchRowCount = batchRowCount
        self.heldBytesTotal = heldBytesTotal
        self.rootFilters = rootFilters
        self.buildSides = buildSides
    }

    /// Creates the operators of `plan` feeding `outputs` (one per output partition), then those of its children.
    mutating func instantiate(_ plan: PhysicalPlan, outputs: [any BatchSink]) throws {
        let nodeIndex = nextNodeIndex
        nextNodeIndex += 1
        let buildKeys = rootFilters.buildKeys?.joinNode == nodeIndex ? rootFilters.buildKeys : nil
        let (operators, counters) = try makeOperators(
            plan, outputs, filters: nodeIndex == 0 ? rootFilters : .none, buildKeys: buildKeys)
        let meters = operators.map { _ in PeakMeter(total: heldBytesTotal) }
        if heldBytesTotal != nil {
            // A total must count what operators hold before their first push (an empty hash table).
            for (meter, op) in zip(meters, operators) { meter.sample(op) }
        }
        for (partition, op) in operators.enumerated() {
            instances.append(
                Instance(
                    nodeIndex: nodeIndex, partition: partition, operator: op, counter: counters[partition],
                    meter: meters[partition]))
        }
        func inputs(_ input: Int) -> [any BatchSink] {
            zip(operators, meters).map { MeteredInput($0, input: input, meter: $1) }
        }
        switch plan.kind {
        case .scan(_, let source, _, _):
            scans.append(
                Scan(
                    source: source, operators: operators.map { $0 as! ScanOperator },
                    probeSideJoins: enclosingProbeJoins))
        case .union:
            for (index, child) in plan.children.enumerated() {
                try instantiate(child, outputs: inputs(index))
            }
        case .hashJoin:
            let build = plan.children[0]
            let buildInputs = inputs(0)
            let buildOutputs: [any BatchSink] =
                build.outputPartitionCount == operators.count ? buildInputs : [FanOutSink(buildInputs)]
            try instantiate(build, outputs: buildOutputs)
            let enclosing = enclosingProbeJoins
            enclosingProbeJoins += operators.map { $0 as! HashJoinOperator }
            try instantiate(plan.children[1], outputs: inputs(1))
            enclosingProbeJoins = enclosing
        case .coalesce:
            let count = plan.children[0].outputPartitionCount
            try instantiate(
                plan.children[0], outputs: (0..<count).map { MeteredInput(operators[0], input: $0, meter: meters[0]) })
        default:
            try instantiate(plan.children[0], outputs: inputs(0))
        }
    }

    /// The node's operators, each with a counter of the rows it emits.
    private func makeOperators(
        _ plan: PhysicalPlan, _ plainOutputs: [any BatchSink], filters: OutputFilters, buildKeys: BuildKeyCollector?
    ) throws -> ([any PhysicalOperator], [RowCounter]) {
        if case .hashRepartition(let keys, let partitionCount) = plan.kind {
            let producerCount = plan.children[0].outputPartitionCount
            let exchange = LocalExchange(consumers: plainOutputs, producerCount: producerCount)
            let counters = (0..<producerCount).map { _ in CountingPartitionedSink(exchange) }
            let operators = try counters.map {
                try HashRepartitionOperator(
                    keys: keys, partitionCount: partitionCount, schema: plan.schema, output: $0, filters: filters)
            }
            return (operators, counters.map(\.counter))
        }
        let counting = plainOutputs.map { CountingSink($0) }
        return (try makeOperators(plan, outputs: counting, buildKeys: buildKeys), counting.map(\.counter))
    }

    private func makeOperators(
        _ plan: PhysicalPlan, outputs: [any BatchSink], buildKeys: BuildKeyCollector? = nil
    ) throws -> [any PhysicalOperator] {
        let schema = plan.schema
        switch plan.kind {
        case .scan(let table, _, let projection, _):
            return outputs.map { ScanOperator(tableName: table, projection: projection, schema: schema, output: $0) }
        case .filter(let predicate, let projection):
            return try outputs.map {
                try FilterOperator(predicate: predicate, schema: schema, projection: projection, output: $0)
            }
        case .projection(let expressions, _):
            return outputs.map { ProjectionOperator(expressions: expressions, schema: schema, output: $0) }
        case .hashAggregate(let mode, let groupBy, let names, let aggregates):
            return try outputs.map {
                try HashAggregateOperator(
                    mode: mode, groupBy: groupBy, groupNames: names, aggregates: aggregates, output: $0,
                    batchRowCount: batchRowCount)
            }
        case .hashJoin(let type, let keys, let residual, let projection):
            // A build side of one partition (a broadcast's, or a coalesced one) is fanned out in partition order and
            // indexed once for the task's partitions, and looked up in the simulation's cache of sides.
            let oneBuildPartition = plan.children[0].outputPartitionCount == 1 && !type.reportsBuildRows
            let shared = oneBuildPartition && outputs.count > 1 ? SharedBuildSide() : nil
            return try outputs.map {
                try HashJoinOperator(
                    joinType: type, keys: keys, residual: residual, buildSchema: plan.children[0].schema,
                    probeSchema: plan.children[1].schema, projection: projection, sharing: shared,
                    buildKeys: buildKeys, buildSides: oneBuildPartition ? buildSides : nil, output: $0,
                    batchRowCount: batchRowCount)
            }
        case .sort(let order):
            return try outputs.map {
                try SortOperator(order: order, schema: schema, output: $0, batchRowCount: batchRowCount)
            }
        case .topK(let order, let limit):
            return try outputs.map { try TopKOperator(order: order, limit: limit, schema: schema, output: $0) }
        case .limit(let offset, let fetch):
            return outputs.map { LimitOperator(offset: offset, fetch: fetch, schema: schema, output: $0) }
        case .union:
            return outputs.map { UnionOperator(inputCount: plan.children.count, schema: schema, output: $0) }
        case .hashRepartition(let keys, let partitionCount):
            let producerCount = plan.children[0].outputPartitionCount
            let exchange = LocalExchange(consumers: outputs, producerCount: producerCount)
            return try (0..<producerCount).map { _ in
                try HashRepartitionOperator(
                    keys: keys, partitionCount: partitionCount, schema: schema, output: exchange)
            }
        case .coalesce:
            let inputCount = plan.children[0].outputPartitionCount
            return [CoalesceOperator(inputCount: inputCount, schema: schema, output: outputs[0])]
        }
    }
}

/// Routes the partitions of several producers to their consumers in this process: a batch for partition `p` goes
/// to consumer `p` at once; consumers finish when every producer has finished. When every consumer takes
/// `BatchRows` (a task's outputs, which a shuffle sends on), each partition's rows go to it uncopied.
final class LocalExchange: PartitionedBatchSink {
    private let consumers: [any BatchSink]
    private let rowsConsumers: [any BatchRowsSink]?
    private var remainingProducers: Int

    init(consumers: [any BatchSink], producerCount: Int) {
        self.consumers = consumers
        rowsConsumers = consumers as? [any BatchRowsSink]
        remainingProducers = producerCount
    }

    func push(_ batch: RecordBatch, partition: Int) throws { try consumers[partition].push(batch) }

    func push(_ batch: RecordBatch, assignment: PartitionAssignment) throws {
        guard let rowsConsumers else { return try pushGrouped(batch, assignment: assignment) }
        for (partition, rows) in assignment.pieces(of: batch) { try rowsConsumers[partition].push(rows: rows) }
    }

    func finish() throws {
        remainingProducers -= 1
        if remainingProducers == 0 { for consumer in consumers { try consumer.finish() } }
    }
}

/// A row count shared between a counting sink and the executor's metrics.
final class RowCounter {
    var rowCount = 0
}

/// Counts the rows passing to `target`.
final class CountingSink: BatchSink {
    let target: any BatchSink
    let counter = RowCounter()

    init(_ target: any BatchSink) { self.target = target }

    func push(_ batch: RecordBatch) throws {
        counter.rowCount += batch.rowCount
        try target.push(batch)
    }

    func finish() throws { try target.finish() }
}

/// Counts the rows one producer sends into an exchange.
final class CountingPartitionedSink: PartitionedBatchSink {
    let target: any PartitionedBatchSink
    let counter = RowCounter()

    init(_ target: any PartitionedBatchSink) { self.target = target }

    func push(_ batch: RecordBatch, partition: Int) throws {
        counter.rowCount += batch.rowCount
        try target.push(batch, partition: partition)
    }

    func push(_ batch: RecordBatch, assignment: PartitionAssignment) throws {
        counter.rowCount += batch.rowCount
        try target.push(batch, assignment: assignment)
    }

    func finish() throws { try target.finish() }
}

/// The `heldBytes` of several operator instances added up as last sampled, and the largest sum seen.
final class HeldBytesTotal {
    private(set) var bytes = 0
    private(set) var peak = 0

    /// Adds `delta` (negative when bytes are released) to the total.
    func add(_ delta: Int) {
        bytes += delta
        peak = max(peak, bytes)
    }
}

/// The largest `heldBytes` of one operator instance seen so far, optionally also kept in a shared total.
final class PeakMeter {
    private(set) var peak = 0
    /// Rows pushed into the operator's inputs.
    var consumedRows = 0
    private var lastSample = 0
    private let total: HeldBytesTotal?

    init(total: HeldBytesTotal? = nil) { self.total = total }

    func sample(_ op: any PhysicalOperator) {
        let held = op.heldBytes
        peak = max(peak, held)
        if let total {
            total.add(held - lastSample)
            lastSample = held
        }
    }
}

/// Feeds input `input` of an operator and samples what it holds after every push, and just before and after it
/// finishes (a pipeline breaker holds the most at the moment its input ends).
final class MeteredInput: BatchSink {
    let target: any PhysicalOperator
    let input: Int
    let meter: PeakMeter

    init(_ target: any PhysicalOperator, input: Int, meter: PeakMeter) {
        self.target = target
        self.input = input
        self.meter = meter
    }

    func push(_ batch: RecordBatch) throws {
        meter.consumedRows += batch.rowCount
        try target.push(batch, input: input)
        meter.sample(target)
    }

    func finish() throws {
        meter.sample(target)
        try target.finish(input: input)
        meter.sample(target)
    }
}
