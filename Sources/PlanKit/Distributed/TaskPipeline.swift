import ArrowLite

/// One task's fragment driven incrementally, as a live push pipeline: the caller pushes stage-input batches one at a
/// time as they arrive, advances table scans one batch per step, and receives output batches as they are produced.
///
/// The one ordering rule it enforces: a hash join's probe side is never pushed before its build side finished.
/// Each scan leaf is gated by every instance of every join whose probe side it feeds; while any of them is not
/// built, pushes and finishes to a stage-input leaf wait in the pipeline (counted in `heldBytes`) and the table
/// scans of such a leaf are not runnable. Whenever a build finishes, the waiting events of opened leaves are
/// delivered in arrival order. Table-scan steps follow `LocalExecutor`'s order: dependency order (a join's build
/// side before its probe side), partition index order, batch order; a scan that started a partition finishes it
/// first, so at most one partition's batches are loaded at a time.
public final class TaskPipeline {
    private let wiring: Wiring
    private let inputs: [PipelineLeaf]
    private let tableScans: [TableScanCursor]
    private let outputs: [PipelineOutput]
    /// The operator names of the pipeline, each once, in the order of their first plan node.
    public let operatorNames: [String]
    /// For each instance of `wiring.instances`, its index in `operatorNames`.
    private let nameIndices: [Int]
    private var nextSequence = 0
    /// The operators' held bytes as their meters last sampled them (after every push, around every finish), plus
    /// the waiting batches.
    private let heldBytesTotal = HeldBytesTotal()

    /// `stage`'s fragment for task `task`: table scans read the task's slice (as `Worker.taskFragment` does),
    /// stage-input leaves become push endpoints.
    /// - Parameters:
    ///   - batchRowCount: the largest batch pipeline breakers emit.
    ///   - output: receives each output piece with its output partition, as produced: a batch, or a hash
    ///     repartition's rows of one partition not yet copied out of the batch they were computed in.
    ///   - outputFinished: called once when an output partition ends.
    ///   - filters: the task's runtime filters (`StagePlan.runtimeFilters`): of its output repartition, and the
    ///     join whose build keys it collects.
    ///   - buildSides: shared by the tasks of one simulation: a broadcast join indexes a build side once for every
    ///     task that builds it from the same rows.
    /// - Throws: `PhysicalPlanError.invalidPlan` for a task outside the stage; errors of operator construction.
    public init(
        stage: Stage, task: Int, batchRowCount: Int = 8192, filters: OutputFilters = .none,
        buildSides: BuildSideCache? = nil, output: @escaping (Int, BatchRows) throws -> Void,
        outputFinished: @escaping (Int) throws -> Void
    ) throws {
        guard (0..<stage.taskCount).contains(task) else {
            throw PhysicalPlanError.invalidPlan(
                node: "Stage \(stage.id)", message: "task \(task) does not exist (\(stage.taskCount) tasks)")
        }
        let fragment = try stage.fragment.replacingScanSources { source, partitions in
            if source is StageInputSource { return nil }
            return TaskSliceSource(base: source, offset: task * partitions, totalParts: stage.taskCount * partitions)
        }
        let sinks = (0..<fragment.outputPartitionCount).map {
            PipelineOutput(partition: $0, output: output, outputFinished: outputFinished)
        }
        var wiring = Wiring(
            batchRowCount: batchRowCount, heldBytesTotal: heldBytesTotal, rootFilters: filters, buildSides: buildSides)
        try wiring.instantiate(fragment, outputs: sinks)
        self.wiring = wiring
        outputs = sinks
        inputs = wiring.scans.filter { $0.source is StageInputSource }.map(PipelineLeaf.init)
        tableScans = wiring.scans.filter { !($0.source is StageInputSource) }.map(TableScanCursor.init)
        var names: [String] = []
        nameIndices = wiring.instances.map { instance in
            let name = instance.operator.name
            if let index = names.firstIndex(of: name) { return index }
            names.append(name)
            return names.count - 1
        }
        operatorNames = names
    }

    /// Number of stage-input leaves (in `stage.fragment.stageInputLeaves` order) and each one's partition count.
    public var inputPartitionCounts: [Int] { inputs.map(\.operators.count) }

    /// Pushes a batch into partition `partition` of stage-input leaf `input` (it waits inside the pipeline while
    /// the leaf is on the probe side of a join whose build has not finished).
    /// - Throws: `PhysicalPlanError.protocolViolation` for an unknown leaf or partition, or a push after that
    ///   partition finished; errors of the operators downstream.
    public func push(input: Int, partition: Int, _ batch: RecordBatch) throws {
        let leaf = try checkedLeaf(input, partition, "push")
        if leaf.isOpen && leaf.queue.isEmpty {
            try leaf.operators[partition].push(batch, input: 0)
        } else {
            leaf.queue.append(PendingEvent(sequence: nextSequence, partition: partition, batch: batch))
            nextSequence += 1
            heldBytesTotal.add(batch.heldBytes)
        }
        try settle()
    }

    /// That partition of that leaf has no more batches.
    /// - Throws: as `push`, for a second finish too.
    public func finish(input: Int, partition: Int) throws {
        let leaf = try checkedLeaf(input, partition, "finish")
        leaf.finished[partition] = true
        if leaf.isOpen && leaf.queue.isEmpty {
            try leaf.operators[partition].finish(input: 0)
        } else {
            leaf.queue.append(PendingEvent(sequence: nextSequence, partition: partition, batch: nil))
            nextSequence += 1
        }
        try settle()
    }

    /// True when a table-scan batch can be pushed now (some table scan has batches left and is not gated).
    public var hasRunnableScanStep: Bool { tableScans.contains { $0.isRunnable } }

    /// Pushes the next table-scan batch (or finishes a scan partition that has no batches left); no-op when none is
    /// runnable. The first step of a partition loads its batches.
    /// - Throws: errors of the table source and of the operators downstream.
    public func runScanStep() throws {
        guard let scan = tableScans.first(where: { $0.isLoaded }) ?? tableScans.first(where: { $0.isRunnable })
        else { return }
        let target = scan.operators[scan.partition]
        if let batch = try scan.nextBatch() {
            try target.push(batch, input: 0)
        } else {
            try target.finish(input: 0)
            scan.endPartition()
        }
        try settle()
    }

    /// True once every output partition finished.
    public var isFinished: Bool { outputs.allSatisfy(\.isFinished) }

    /// Rows emitted so far by each operator instance, summed per operator name (`HashJoin(inner)`), names in the
    /// order of their first plan node — cumulative, so the caller takes differences between steps.
    public var emittedRows: [(operatorName: String, rows: Int)] {
        var rows = [Int](repeating: 0, count: operatorNames.count)
        for (instance, nameIndex) in zip(wiring.instances, nameIndices) { rows[nameIndex] += instance.counter.rowCount }
        return zip(operatorNames, rows).map { ($0, $1) }
    }

    /// Rows pushed into each operator so far (a scan: the rows it read), summed per operator name like
    /// `emittedRows`, one count per entry of `operatorNames` — the work a cost model charges. Read after every
    /// step, so it carries no strings.
    public var consumedRowCounts: [Int] {
        var rows = [Int](repeating: 0, count: operatorNames.count)
        for (instance, nameIndex) in zip(wiring.instances, nameIndices) {
            rows[nameIndex] +=
                instance.operator is ScanOperator ? instance.counter.rowCount : instance.meter.consumedRows
        }
        return rows
    }

    /// Bytes the operators hold, plus the batches waiting for a join's build: each operator as sampled after its
    /// last push or finish (an operator's state changes only then, so between steps this is what it holds now).
    public var heldBytes: Int { heldBytesTotal.bytes }

    /// The largest `heldBytes` so far, sampled after every push into an operator and around every finish.
    public var peakHeldBytes: Int { heldBytesTotal.peak }

    private func checkedLeaf(_ input: Int, _ partition: Int, _ action: String) throws -> PipelineLeaf {
        guard inputs.indices.contains(input) else {
            throw PhysicalPlanError.protocolViolation(
                operator: "TaskPipeline", message: "\(action) to input \(input), the fragment has \(inputs.count)")
        }
        let leaf = inputs[input]
        guard leaf.operators.indices.contains(partition) else {
            throw PhysicalPlanError.protocolViolation(
                operator: "TaskPipeline",
                message: "\(action) to partition \(partition) of input \(input), which has \(leaf.operators.count)")
        }
        guard !leaf.finished[partition] else {
            throw PhysicalPlanError.protocolViolation(
                operator: "TaskPipeline", message: "\(action) after finish of input \(input) partition \(partition)")
        }
        return leaf
    }

    /// Delivers every waiting event whose leaf opened, oldest first, until none is left to deliver.
    private func settle() throws {
        while let leaf = nextDeliverableLeaf() {
            let event = leaf.queue.removeFirst()
            let target = leaf.operators[event.partition]
            if let batch = event.batch {
                heldBytesTotal.add(-batch.heldBytes)
                try target.push(batch, input: 0)
            } else {
                try target.finish(input: 0)
            }
        }
    }

    /// The open leaf whose oldest waiting event arrived first.
    private func nextDeliverableLeaf() -> PipelineLeaf? {
        var best: PipelineLeaf?
        for leaf in inputs {
            guard let sequence = leaf.queue.first?.sequence, leaf.isOpen else { continue }
            if sequence < best?.queue.first?.sequence ?? Int.max { best = leaf }
        }
        return best
    }
}

/// A push or finish waiting for a join's build: `batch` nil is a finish.
private struct PendingEvent {
    let sequence: Int
    let partition: Int
    let batch: RecordBatch?
}

/// The gate of one scan leaf: every join instance whose probe side it feeds. Once open it stays open.
private final class LeafGate {
    private let probeSideJoins: [HashJoinOperator]
    private var opened = false

    init(_ probeSideJoins: [HashJoinOperator]) { self.probeSideJoins = probeSideJoins }

    var isOpen: Bool {
        if !opened { opened = probeSideJoins.allSatisfy(\.isBuildFinished) }
        return opened
    }
}

/// A stage-input leaf: its gate, its finished partitions and the events waiting for it to open.
private final class PipelineLeaf {
    let operators: [ScanOperator]
    let gate: LeafGate
    var finished: [Bool]
    var queue = PendingEventQueue()

    init(_ scan: Wiring.Scan) {
        operators = scan.operators
        gate = LeafGate(scan.probeSideJoins)
        finished = [Bool](repeating: false, count: scan.operators.count)
    }

    var isOpen: Bool { gate.isOpen }
}

/// A FIFO of pending events that removes from the front in constant time.
private struct PendingEventQueue {
    private var events: [PendingEvent] = []
    private var head = 0

    var isEmpty: Bool { head == events.count }
    var first: PendingEvent? { isEmpty ? nil : events[head] }

    mutating func append(_ event: PendingEvent) { events.append(event) }

    mutating func removeFirst() -> PendingEvent {
        let event = events[head]
        head += 1
        if head == events.count {
            events.removeAll(keepingCapacity: true)
            head = 0
        }
        return event
    }
}

/// A table scan stepped partition by partition, each partition's batches loaded at its first step.
private final class TableScanCursor {
    let source: any TableSource
    let operators: [ScanOperator]
    private let gate: LeafGate
    private(set) var partition = 0
    private var batches: [RecordBatch]?
    private var nextIndex = 0

    init(_ scan: Wiring.Scan) {
        source = scan.source
        operators = scan.operators
        gate = LeafGate(scan.probeSideJoins)
    }

    var hasStepsLeft: Bool { partition < operators.count }
    var isRunnable: Bool { hasStepsLeft && gate.isOpen }
    /// True while a partition is loaded and not yet finished.
    var isLoaded: Bool { batches != nil }

    /// The current partition's next batch (loading the partition first), or nil when it has none left.
    func nextBatch() throws -> RecordBatch? {
        if batches == nil {
            batches = try source.batches(part: partition, of: operators.count)
            nextIndex = 0
        }
        guard let loaded = batches, nextIndex < loaded.count else { return nil }
        nextIndex += 1
        return loaded[nextIndex - 1]
    }

    /// Moves to the next partition, releasing the current one's batches.
    func endPartition() {
        batches = nil
        partition += 1
    }
}

/// Forwards one output partition to the pipeline's callbacks.
private final class PipelineOutput: BatchRowsSink {
    let partition: Int
    private let output: (Int, BatchRows) throws -> Void
    private let outputFinished: (Int) throws -> Void
    private(set) var isFinished = false

    init(
        partition: Int, output: @escaping (Int, BatchRows) throws -> Void,
        outputFinished: @escaping (Int) throws -> Void
    ) {
        self.partition = partition
        self.output = output
        self.outputFinished = outputFinished
    }

    func push(_ batch: RecordBatch) throws { try push(rows: BatchRows(batch)) }

    func push(rows: BatchRows) throws {
        guard !isFinished else {
            throw PhysicalPlanError.protocolViolation(
                operator: "TaskPipeline", message: "output partition \(partition) pushed after it finished")
        }
        try output(partition, rows)
    }

    func finish() throws {
        isFinished = true
        try outputFinished(partition)
    }
}
