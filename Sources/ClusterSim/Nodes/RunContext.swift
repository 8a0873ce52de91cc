import ArrowLite
import PlanKit

/// What every node of a run shares: the scheduler, the cluster and options, the plan — all read-only while the
/// run goes — and one ledger per node where the node records its trace events and the bytes it shuffled. Nodes
/// touch each other only through messages, so in parallel mode each lane writes only its own nodes' ledgers.
final class RunContext {
    /// A node's own records: trace events with the order key of the event that produced them.
    final class Ledger {
        var records: [(key: Scheduler<SimMessage>.EventKey, index: Int, event: TraceEvent)] = []
        var bytesShuffled = 0
    }

    let scheduler: Scheduler<SimMessage>
    let cluster: Cluster
    let plan: StagePlan
    let options: RunOptions
    let partitions: PartitionSchedule
    /// Broadcast build sides indexed once for every task that builds one from the same rows (unless
    /// `RunOptions.sharesBuildSides` is off). The one object nodes share outside messages: it saves the host's work
    /// only (a side is a function of its rows and keys, and every task still counts it in its memory), so no
    /// result, virtual time or trace event depends on it.
    let buildSides: BuildSideCache?
    private let ledgers: [Ledger]

    init(cluster: Cluster, plan: StagePlan, options: RunOptions, partitions: PartitionSchedule) {
        self.cluster = cluster
        self.plan = plan
        self.options = options
        self.partitions = partitions
        buildSides = options.sharesBuildSides ? BuildSideCache() : nil
        // In parallel mode every node gets its own lane (up to the scheduler's maximum), so the 2 threads can
        // balance a window's work node by node.
        scheduler = Scheduler(
            seed: cluster.seed, limits: cluster.limits, lanes: options.parallel ? cluster.workers.count + 1 : 1,
            threads: 2, lookahead: cluster.network.latency)
        ledgers = (0...cluster.workers.count).map { _ in Ledger() }
    }

    /// The coordinator and one node per worker.
    var nodeCount: Int { cluster.workers.count + 1 }

    /// The virtual time at `node`: the time of the event it is handling.
    func now(_ node: NodeID) -> VirtualTime { scheduler.now(node) }

    func send(_ message: SimMessage, from: NodeID, to: NodeID, after delay: VirtualDuration = .zero) {
        scheduler.send(message, from: from, to: to, after: delay)
    }

    func countShuffled(_ bytes: Int, node: NodeID) { ledgers[node.index].bytesShuffled += bytes }

    var bytesShuffled: Int { ledgers.reduce(0) { $0 + $1.bytesShuffled } }

    /// `coordinator` or `worker-N`.
    static func name(_ node: NodeID) -> String { node.index == 0 ? "coordinator" : "worker-\(node.index)" }

    func record(node: NodeID, attempt: AttemptID? = nil, stage: Int? = nil, kind: String, detail: String = "") {
        let ledger = ledgers[node.index]
        let event = TraceEvent(
            time: scheduler.now(node), worker: RunContext.name(node), stage: attempt?.stage ?? stage,
            task: attempt?.task, attempt: attempt?.attempt, kind: kind, detail: detail)
        ledger.records.append((scheduler.currentKey(node), ledger.records.count, event))
    }

    /// Every node's records in the order their events ran (event key, then node, then record order): the same
    /// trace whether the nodes ran on one thread or two.
    func trace() -> Trace {
        var all: [(key: Scheduler<SimMessage>.EventKey, node: Int, index: Int, event: TraceEvent)] = []
        for (node, ledger) in ledgers.enumerated() {
            for record in ledger.records { all.append((record.key, node, record.index, record.event)) }
        }
        all.sort { a, b in
            if a.key != b.key { return a.key < b.key }
            return (a.node, a.index) < (b.node, b.index)
        }
        var trace = Trace()
        for record in all { trace.record(record.event) }
        return trace
    }
}
