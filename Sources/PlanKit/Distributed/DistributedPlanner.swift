import ArrowLite

/// How the distributed planner splits plans.
public struct DistributedPlannerOptions: Sendable {
    /// The largest task count of any stage; nil for the worker count (and never more than it).
    public var maximumTasksPerStage: Int?
    /// Decides task counts (default: 16 MiB of scanned bytes per task, as Distributed DataFusion).
    public var estimator: any TaskEstimator
    /// A stage the estimator has no opinion on gets its producers' largest task count times this factor.
    public var cardinalityFactor: Double
    /// Plan runtime filters between the shuffled sides of joins (`RuntimeFilterPlan`).
    public var runtimeFilters: Bool

    public init(
        maximumTasksPerStage: Int? = nil, estimator: any TaskEstimator = BytesPerTaskEstimator(),
        cardinalityFactor: Double = 1, runtimeFilters: Bool = true
    ) {
        self.maximumTasksPerStage = maximumTasksPerStage
        self.estimator = estimator
        self.cardinalityFactor = max(0, cardinalityFactor)
        self.runtimeFilters = runtimeFilters
    }
}

/// The leaf that stands for a producer stage while the planner decides task counts.
struct StagePlaceholder: TableSource {
    let pendingIndex: Int
    let kind: BoundaryKind
    let schema: Schema
    var rowCount: Int? { nil }
    func batches(part: Int, of parts: Int) throws -> [RecordBatch] { [] }
}

/// Splits a physical plan into a `StagePlan`, as Distributed DataFusion does: a `NetworkShuffle` above each hash
/// repartition, a `NetworkCoalesce` below each gather (its consumer runs one task), a `NetworkBroadcast` for each
/// join build side gathered to one partition; stage task counts from the `TaskEstimator`, capped by the workers;
/// a boundary whose producer and consumer both run one task is removed (the exchange runs inside the task); runtime
/// filters between the shuffled sides of joins whose build side is filtered (`RuntimeFilterPlan`).
public struct DistributedPlanner: Sendable {
    public let workers: [WorkerAddress]
    public let options: DistributedPlannerOptions

    /// - Precondition: at least one worker (a `WorkerResolver` guarantees it).
    public init(workers: [WorkerAddress], options: DistributedPlannerOptions = DistributedPlannerOptions()) {
        precondition(!workers.isEmpty, "a distributed plan needs at least one worker")
        self.workers = workers
        self.options = options
    }

    private struct Pending {
        var fragment: PhysicalPlan
        var inputs: [(index: Int, kind: BoundaryKind)]
        var output: BoundaryKind?
        var taskCount = 1
        var inlinedInto: Int?
    }

    /// The stage plan of `plan` (which must have one output partition, as `PhysicalPlanner` makes).
    /// - Throws: `PhysicalPlanError.invalidPlan` when the plan has more than one output partition, or when the
    ///   result breaks an invariant (a planner bug, reported rather than trapped).
    public func plan(_ plan: PhysicalPlan) throws -> StagePlan {
        guard plan.outputPartitionCount == 1 else {
            throw PhysicalPlanError.invalidPlan(
                node: "DistributedPlanner", message: "the plan must end in one partition")
        }
        var pending: [Pending] = []
        let rootFragment = try cut(plan, joinBuild: false, &pending)
        pending.append(Pending(fragment: rootFragment, inputs: rootFragment.placeholders, output: nil))
        try decideTaskCounts(&pending)
        return try finish(pending)
    }

    // MARK: - Cutting at boundaries

    /// `plan` with each boundary's producer subtree moved into a pending stage (producers first) and replaced by a
    /// placeholder leaf.
    private func cut(_ plan: PhysicalPlan, joinBuild: Bool, _ pending: inout [Pending]) throws -> PhysicalPlan {
        switch plan.kind {
        case .hashRepartition(_, let count):
            let producer = try plan.withChildren([cut(plan.children[0], joinBuild: false, &pending)])
            return try placeholder(producer, .shuffle, partitions: count, &pending)
        case .coalesce where plan.children[0].outputPartitionCount > 1 || containsBoundary(plan.children[0]):
            let producer = try cut(plan.children[0], joinBuild: false, &pending)
            return try placeholder(producer, joinBuild ? .broadcast : .coalesce, partitions: 1, &pending)
        default:
            if plan.children.isEmpty { return plan }
            var children: [PhysicalPlan] = []
            for (index, child) in plan.children.enumerated() {
                let isBuild: Bool
                if case .hashJoin = plan.kind, index == 0, plan.outputPartitionCount > 1 {
                    isBuild = true
                } else {
                    isBuild = false
                }
                children.append(try cut(child, joinBuild: isBuild, &pending))
            }
            return try plan.withChildren(children)
        }
    }

    private func containsBoundary(_ plan: PhysicalPlan) -> Bool {
        plan.nodes.contains { node in
            if case .hashRepartition = node.kind { return true }
            return false
        }
    }

    private func placeholder(
        _ producer: PhysicalPlan, _ kind: BoundaryKind, partitions: Int, _ pending: inout [Pending]
    ) throws -> PhysicalPlan {
        pending.append(Pending(fragment: producer, inputs: producer.placeholders, output: kind))
        let source = StagePlaceholder(pendingIndex: pending.count - 1, kind: kind, schema: producer.schema)
        return try .scan("[stage]", source, partitionCount: partitions)
    }

    // MARK: - Task counts

    private func decideTaskCounts(_ pending: inout [Pending]) throws {
        let cap = max(1, min(options.maximumTasksPerStage ?? workers.count, workers.count))
        var estimates = PhysicalEstimates()
        for index in pending.indices {
            let stage = pending[index]
            let producerCounts = stage.inputs.map { pending[$0.index].taskCount }
            var count: Int
            if index == pending.count - 1 || stage.inputs.contains(where: { $0.kind == .coalesce }) {
                count = 1
            } else {
                let context = StageEstimationContext(
                    fragment: stage.fragment, isLeaf: stage.fragment.scansTables,
                    inputRows: stage.fragment.leafRows(estimates),
                    inputBytes: stage.fragment.leafBytes(estimates),
                    networkBytes: stage.inputs.reduce(0) { $0 + estimates.bytes(pending[$1.index].fragment) },
                    stateBytes: estimates.stateBytes(stage.fragment), producerTaskCounts: producerCounts,
                    workerCount: workers.count)
                // Clamped before converting: a huge factor must cap at the workers, not trap.
                let scaled = Int(
                    min(Double(cap), (Double(producerCounts.max() ?? 1) * options.cardinalityFactor).rounded()))
                count = TaskCountEstimate.merge(options.estimator.estimate(context)) ?? scaled
            }
            count = min(max(count, 1), cap)
            pending[index].taskCount = count
            estimates.stageOutputRows[index] = estimates.rows(stage.fragment)
            if count == 1 {
                for input in stage.inputs where pending[input.index].taskCount == 1 {
                    pending[input.index].inlinedInto = index
                }
            }
        }
    }

    // MARK: - Final stages

    private func finish(_ pending: [Pending]) throws -> StagePlan {
        var ids = [Int](repeating: 0, count: pending.count)
        var next = 1
        for index in pending.indices where pending[index].inlinedInto == nil {
            ids[index] = next
            next += 1
        }
        var stages: [Stage] = []
        var assigned = 0
        for index in pending.indices where pending[index].inlinedInto == nil {
            let stage = pending[index]
            var fragment = try expand(stage.fragment, pending, ids)
            if stage.output == .shuffle, case .hashRepartition(let keys, _) = fragment.kind,
                let consumer = pending.firstIndex(where: { $0.inputs.contains { $0.index == index } })
            {
                let count = pending[consumer].taskCount * placeholderPartitions(of: index, in: pending[consumer])
                fragment = try .hashRepartition(keys: keys, partitionCount: count, fragment.children[0])
            }
            let workers = (0..<stage.taskCount).map { self.workers[(assigned + $0) % self.workers.count] }
            assigned += stage.taskCount
            stages.append(
                Stage(
                    id: ids[index], fragment: fragment, taskCount: stage.taskCount,
                    inputs: fragment.stageInputLeaves.map(\.input), output: stage.output, workers: workers))
        }
        let filters = options.runtimeFilters ? RuntimeFilterPlan.plan(stages) : []
        let plan = StagePlan(stages: stages, workers: workers, runtimeFilters: filters)
        try plan.checkInvariants()
        return plan
    }

    private func placeholderPartitions(of producer: Int, in consumer: Pending) -> Int {
        for node in consumer.fragment.nodes {
            if case .scan(_, let source, _, let count) = node.kind,
                (source as? StagePlaceholder)?.pendingIndex == producer
            {
                return count
            }
        }
        return 1
    }

    /// The fragment with placeholders of inlined producers replaced by their (expanded) subtrees and the others by
    /// `StageInputSource` leaves with final stage ids.
    private func expand(_ fragment: PhysicalPlan, _ pending: [Pending], _ ids: [Int]) throws -> PhysicalPlan {
        if case .scan(_, let source, _, let count) = fragment.kind, let placeholder = source as? StagePlaceholder {
            let producer = pending[placeholder.pendingIndex]
            if producer.inlinedInto != nil {
                let inner = try expand(producer.fragment, pending, ids)
                return placeholder.kind == .shuffle ? inner : .coalesce(inner)
            }
            let input = StageInput(stage: ids[placeholder.pendingIndex], kind: placeholder.kind)
            let source = StageInputSource(
                input: input, schema: placeholder.schema, producerTaskCount: producer.taskCount)
            return try .scan("[Stage \(input.stage)] => \(input.kind.rawValue)", source, partitionCount: count)
        }
        if fragment.children.isEmpty { return fragment }
        return try fragment.withChildren(fragment.children.map { try expand($0, pending, ids) })
    }
}

extension PhysicalPlan {
    /// The placeholder leaves of a fragment being cut, in pre-order.
    fileprivate var placeholders: [(index: Int, kind: BoundaryKind)] {
        nodes.compactMap { node in
            guard case .scan(_, let source, _, _) = node.kind, let p = source as? StagePlaceholder else { return nil }
            return (p.pendingIndex, p.kind)
        }
    }

    /// True when the fragment scans a table (not only stage inputs).
    fileprivate var scansTables: Bool {
        nodes.contains { node in
            guard case .scan(_, let source, _, _) = node.kind else { return false }
            return !(source is StagePlaceholder)
        }
    }

    fileprivate func leafRows(_ estimates: PhysicalEstimates) -> Double {
        nodes.filter { $0.children.isEmpty }.reduce(0) { $0 + estimates.rows($1) }
    }

    fileprivate func leafBytes(_ estimates: PhysicalEstimates) -> Double {
        nodes.filter { $0.children.isEmpty }.reduce(0) { $0 + estimates.bytes($1) }
    }
}
