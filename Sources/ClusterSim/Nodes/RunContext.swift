import ArrowLite
import PlanKit

/// What every node of a run shares: the scheduler, the cluster and options, the plan, the trace. Nodes touch each
/// other only through messages; the shared parts are read-only except the trace and the shuffle counter, which
/// record what nodes do.
final class RunContext {
    let scheduler: Scheduler<SimMessage>
    let cluster: Cluster
    let plan: StagePlan
    let options: RunOptions
    let partitions: PartitionSchedule
    var trace = Trace()
    private(set) var bytesShuffled = 0

    init(cluster: Cluster, plan: StagePlan, options: RunOptions, partitions: PartitionSchedule) {
        self.cluster = cluster
        self.plan = plan
        self.options = options
        self.partitions = partitions
        scheduler = Scheduler(seed: cluster.seed, limits: cluster.limits)
    }

    /// The coordinator and one node per worker.
    var nodeCount: Int { cluster.workers.count + 1 }
    var now: VirtualTime { scheduler.now }

    func send(_ message: SimMessage, from: NodeID, to: NodeID, after delay: VirtualDuration = .zero) {
        scheduler.send(message, to: to, after: delay)
    }

    func countShuffled(_ bytes: Int, node: NodeID) { bytesShuffled += bytes }

    /// `coordinator` or `worker-N`.
    static func name(_ node: NodeID) -> String { node.index == 0 ? "coordinator" : "worker-\(node.index)" }

    func record(node: NodeID, attempt: AttemptID? = nil, stage: Int? = nil, kind: String, detail: String = "") {
        trace.record(
            TraceEvent(
                time: now, worker: RunContext.name(node), stage: attempt?.stage ?? stage, task: attempt?.task,
                attempt: attempt?.attempt, kind: kind, detail: detail))
    }
}
