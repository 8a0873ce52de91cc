import ArrowLite

/// How a stage's output reaches the stage that reads it (Distributed DataFusion's network boundaries).
public enum BoundaryKind: String, Sendable, Hashable, CaseIterable {
    /// Above a hash repartition: producer task outputs are hash-partitioned into `consumer tasks × partitions`
    /// partitions; consumer task `i` reads partitions `i × P ..< (i + 1) × P` of every producer task.
    case shuffle = "NetworkShuffle"
    /// Below a gather: the consumer stage runs one task and reads every partition of every producer task.
    case coalesce = "NetworkCoalesce"
    /// A small join build side: every consumer task reads every partition of every producer task.
    case broadcast = "NetworkBroadcast"
}

/// The address of a worker, as a `WorkerResolver` lists it (`worker-3`, or a URL).
public struct WorkerAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { value }
    public static func < (a: WorkerAddress, b: WorkerAddress) -> Bool { a.value < b.value }
}

/// One input of a stage: the stage that produces it and the boundary between them.
public struct StageInput: Sendable, Hashable {
    /// The producer stage's id.
    public let stage: Int
    public let kind: BoundaryKind

    /// Stage `stage`, read through a `kind` boundary.
    public init(stage: Int, kind: BoundaryKind) {
        self.stage = stage
        self.kind = kind
    }
}

/// A plan fragment between network boundaries, run as `taskCount` tasks on different workers. Each task runs the
/// fragment with `partitionsPerTask` partitions: in a leaf stage, task `t` scans parts `t × P + p` of
/// `taskCount × P`; a boundary leaf reads what the boundary routes to the task.
public struct Stage: Sendable {
    /// The stage's number: producers have smaller ids than their consumers; the root stage has the largest.
    public let id: Int
    /// The fragment. Its leaves are table scans and `StageInputSource` scans (one per input).
    public let fragment: PhysicalPlan
    public let taskCount: Int
    /// The partitions each task's fragment computes (its root's partition count).
    public var partitionsPerTask: Int { fragment.outputPartitionCount }
    /// The stages this one reads, in the order their leaves appear in the fragment.
    public let inputs: [StageInput]
    /// How this stage's output is consumed; nil for the root stage.
    public let output: BoundaryKind?
    /// The worker of each task (`workers[t]` runs task `t`).
    public let workers: [WorkerAddress]

    /// A stage as given; `StagePlan.checkInvariants()` says whether it fits its plan (tests build broken ones).
    public init(
        id: Int, fragment: PhysicalPlan, taskCount: Int, inputs: [StageInput], output: BoundaryKind?,
        workers: [WorkerAddress]
    ) {
        self.id = id
        self.fragment = fragment
        self.taskCount = taskCount
        self.inputs = inputs
        self.output = output
        self.workers = workers
    }
}

/// A distributed plan: a DAG of stages, each a fragment run as tasks on workers, connected by network boundaries.
public struct StagePlan: Sendable {
    /// Every stage, by id (`stages[i].id == i + 1`), producers before consumers.
    public let stages: [Stage]
    /// The workers the plan was made for.
    public let workers: [WorkerAddress]
    /// The runtime filters between stages, numbered from 1.
    public let runtimeFilters: [RuntimeFilterPlan]

    /// A plan of `stages` as given, unchecked: call `checkInvariants()` (the `DistributedPlanner` does).
    public init(stages: [Stage], workers: [WorkerAddress], runtimeFilters: [RuntimeFilterPlan] = []) {
        self.stages = stages
        self.workers = workers
        self.runtimeFilters = runtimeFilters
    }

    /// The stage that produces the result (the last).
    public var root: Stage { stages[stages.count - 1] }

    /// The stage with id `id`.
    public func stage(_ id: Int) -> Stage { stages[id - 1] }

    /// Total tasks over every stage.
    public var taskCount: Int { stages.reduce(0) { $0 + $1.taskCount } }

    /// Checks the plan's invariants: stage ids in order, every input an earlier stage (so the graph is acyclic),
    /// every stage read exactly once through the boundary it declares, producer and consumer partition counts that
    /// agree, every task with a worker of the plan, no stage with more tasks than workers, a single-task root, and
    /// runtime filters between a join's shuffled sides.
    /// - Throws: `PhysicalPlanError.invalidPlan` naming the stage (or runtime filter) and the broken rule.
    public func checkInvariants() throws {
        func fail(_ stage: Int, _ message: String) -> PhysicalPlanError {
            .invalidPlan(node: "Stage \(stage)", message: message)
        }
        guard !stages.isEmpty else { throw PhysicalPlanError.invalidPlan(node: "StagePlan", message: "no stages") }
        var readers = [Int](repeating: 0, count: stages.count + 1)
        for (index, stage) in stages.enumerated() {
            guard stage.id == index + 1 else { throw fail(stage.id, "is at position \(index + 1)") }
            guard stage.taskCount >= 1 else { throw fail(stage.id, "has no task") }
            guard stage.taskCount <= workers.count else {
                throw fail(stage.id, "has \(stage.taskCount) tasks for \(workers.count) workers")
            }
            guard stage.workers.count == stage.taskCount, stage.workers.allSatisfy(workers.contains) else {
                throw fail(stage.id, "tasks without a worker of the plan: \(stage.workers)")
            }
            let leaves = stage.fragment.stageInputLeaves
            guard leaves.map(\.input) == stage.inputs else {
                throw fail(stage.id, "inputs \(stage.inputs) differ from its fragment's leaves")
            }
            for (input, leaf) in zip(stage.inputs, leaves) {
                guard input.stage < stage.id, input.stage >= 1 else {
                    throw fail(stage.id, "reads stage \(input.stage), which does not come before it")
                }
                let producer = self.stage(input.stage)
                readers[input.stage] += 1
                guard producer.output == input.kind else {
                    throw fail(
                        stage.id,
                        "reads stage \(input.stage) as \(input.kind.rawValue), it sends \(producer.output?.rawValue ?? "nothing")"
                    )
                }
                try checkPartitions(producer, stage, leaf.partitionCount, input.kind, fail)
            }
        }
        for stage in stages.dropLast() where readers[stage.id] != 1 {
            throw fail(stage.id, "is read by \(readers[stage.id]) stages, expected 1")
        }
        guard root.output == nil, root.taskCount == 1, root.partitionsPerTask == 1 else {
            throw fail(root.id, "the root stage must run one task with one partition and send nothing")
        }
        try checkRuntimeFilters()
    }

    private func checkPartitions(
        _ producer: Stage, _ consumer: Stage, _ leafPartitions: Int, _ kind: BoundaryKind,
        _ fail: (Int, String) -> PhysicalPlanError
    ) throws {
        switch kind {
        case .shuffle:
            guard case .hashRepartition(_, let count) = producer.fragment.kind,
                count == consumer.taskCount * leafPartitions
            else {
                throw fail(
                    consumer.id,
                    "shuffle from stage \(producer.id) must make \(consumer.taskCount) tasks × \(leafPartitions) partitions"
                )
            }
        case .coalesce:
            guard consumer.taskCount == 1, leafPartitions == 1 else {
                throw fail(consumer.id, "a NetworkCoalesce consumer must run one task reading one partition")
            }
        case .broadcast:
            guard leafPartitions == 1 else {
                throw fail(consumer.id, "a NetworkBroadcast leaf must have one partition")
            }
        }
    }
}
