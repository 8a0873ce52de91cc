import ArrowLite

/// Runs a `StagePlan` stage by stage in this process, without the simulator: every task of a stage runs (on its
/// worker, through the `ChannelResolver`) before the stages that read it, and the driver routes task outputs
/// through each boundary as the boundary says. Its answers equal the single-node engine's, which proves the split
/// independently of ClusterSim.
public struct StageDriver {
    public let channels: any ChannelResolver
    public var headers: Headers

    public init(channels: any ChannelResolver = InProcessChannelResolver(), headers: Headers = Headers()) {
        self.channels = channels
        self.headers = headers
    }

    /// The result of the plan's root stage.
    /// - Throws: errors of the tasks.
    public func run(_ plan: StagePlan) throws -> QueryResult {
        var outputs: [[TaskResult]] = []
        for stage in plan.stages {
            var results: [TaskResult] = []
            let leaves = stage.fragment.stageInputLeaves
            for task in 0..<stage.taskCount {
                let inputs = leaves.map { leaf in
                    StageDriver.route(
                        outputs[leaf.input.stage - 1], leaf.input.kind, task: task, partitions: leaf.partitionCount)
                }
                var requestHeaders = headers
                requestHeaders.set("stage", String(stage.id))
                requestHeaders.set("task", String(task))
                let request = TaskRequest(stage: stage, task: task, inputs: inputs, headers: requestHeaders)
                results.append(try channels.channel(for: stage.workers[task]).execute(request))
            }
            outputs.append(results)
        }
        let root = plan.root
        return QueryResult(
            schema: root.fragment.schema, batches: outputs[root.id - 1].flatMap { $0.partitions.flatMap { $0 } })
    }

    /// The partitions consumer task `task` (whose boundary leaf has `partitions` partitions) receives from every
    /// producer task: a shuffle sends partitions `task × P ..< (task + 1) × P`, in producer-task order; a coalesce
    /// or a broadcast sends everything into one partition.
    public static func route(
        _ producers: [TaskResult], _ kind: BoundaryKind, task: Int, partitions: Int
    ) -> [[RecordBatch]] {
        switch kind {
        case .shuffle:
            return (0..<partitions).map { p in
                producers.flatMap { $0.partitions[task * partitions + p] }
            }
        case .coalesce, .broadcast:
            return [producers.flatMap { $0.partitions.flatMap { $0 } }]
        }
    }
}
