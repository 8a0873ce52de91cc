import PlanKit

/// How stages run: **pipelined** (every stage is live from the start and batches stream between them, as
/// Distributed DataFusion does) or **staged** (a stage starts once every stage it reads has finished, as Spark does).
public enum ExecutionMode: String, Sendable, Hashable, CaseIterable {
    case pipelined
    case staged
}

/// How the coordinator detects failures and recovers from them. Every knob has a bound, so no run can retry forever.
public struct RecoveryPolicy: Sendable, Hashable {
    /// Attempts per task, the first included (at least 1).
    public var maxAttempts: Int
    /// Wait before the second attempt; each later attempt waits twice the previous, up to `maxBackoff`.
    public var backoff: VirtualDuration
    public var maxBackoff: VirtualDuration
    /// How often workers send heartbeats to the coordinator.
    public var heartbeatInterval: VirtualDuration
    /// A worker silent for this long is declared dead: its tasks are retried, its lost outputs re-run (lineage).
    public var heartbeatTimeout: VirtualDuration
    /// Launch a copy of a straggling task on another worker; the first attempt to finish wins.
    public var speculation: Bool
    /// A task is a straggler when it has run `speculationMultiplier` times the median time of its stage's finished
    /// tasks, once `speculationQuantile` of them have finished.
    public var speculationMultiplier: Double
    public var speculationQuantile: Double
    /// A link resends an unacknowledged message after this long (doubling each time), at most `maxRetransmits` times.
    public var retransmitTimeout: VirtualDuration
    public var maxRetransmits: Int

    public init(
        maxAttempts: Int = 4, backoff: VirtualDuration = .milliseconds(5),
        maxBackoff: VirtualDuration = .milliseconds(200),
        heartbeatInterval: VirtualDuration = .milliseconds(20), heartbeatTimeout: VirtualDuration = .milliseconds(100),
        speculation: Bool = false, speculationMultiplier: Double = 2, speculationQuantile: Double = 0.75,
        retransmitTimeout: VirtualDuration = .milliseconds(10), maxRetransmits: Int = 12
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.backoff = backoff
        self.maxBackoff = max(backoff, maxBackoff)
        self.heartbeatInterval = max(.microseconds(1), heartbeatInterval)
        self.heartbeatTimeout = max(heartbeatInterval, heartbeatTimeout)
        self.speculation = speculation
        self.speculationMultiplier = max(1, speculationMultiplier)
        self.speculationQuantile = min(1, max(0, speculationQuantile))
        self.retransmitTimeout = max(.microseconds(1), retransmitTimeout)
        self.maxRetransmits = max(0, maxRetransmits)
    }
}

/// Bounded buffers between workers: a link has at most `linkWindow` unprocessed data messages in flight to its
/// receiver (the receiver advertises its free space, as TCP's window), and a task stops producing while more than
/// `maxQueuedBytes` of its output wait for a window (backpressure).
public struct FlowControl: Sendable, Hashable {
    public var linkWindow: Int
    public var maxQueuedBytes: Int

    public init(linkWindow: Int = 16, maxQueuedBytes: Int = 8 << 20) {
        self.linkWindow = max(1, linkWindow)
        self.maxQueuedBytes = max(1, maxQueuedBytes)
    }
}

/// Deliberate bugs to prove the harness finds them: a swarm must catch each one and shrink it to few faults.
public enum InjectedBug: String, Sendable, Hashable, CaseIterable {
    /// Consumers accept batches from stale (fenced) producer attempts.
    case skipFencing = "skip-fencing"
    /// Lost producer outputs are not re-run; consumers are told the producer finished.
    case noLineageRerun = "no-lineage-rerun"
    /// Duplicate messages are delivered twice instead of being discarded by sequence number.
    case noDeduplication = "no-deduplication"
}

/// Everything about a run besides the cluster and the plan.
public struct RunOptions: Sendable, Hashable {
    public var mode: ExecutionMode
    public var faults: FaultPlan
    public var recovery: RecoveryPolicy
    public var flowControl: FlowControl
    public var injectedBugs: [InjectedBug]
    /// Run the event loop on 2 threads (same results and trace hash as 1 thread).
    public var parallel: Bool
    /// How long after the query's start a runtime filter's probe stage may wait for the filter before it launches
    /// without it, checked on the coordinator's liveness tick (`RecoveryPolicy.heartbeatInterval`). Zero: it never
    /// waits; later attempts still take the filter once it is built.
    public var runtimeFilterWait: VirtualDuration
    /// The wait a run takes unless told otherwise: a second of virtual time.
    public static let defaultRuntimeFilterWait = VirtualDuration.seconds(1)
    /// The most key hashes a runtime filter is built from (at most `RuntimeFilter.maximumKeyCount`); past it the
    /// filter is dropped and its probe stage runs unfiltered.
    public var runtimeFilterKeyLimit: Int
    /// Index a build side of one partition (a broadcast's) once for every task that builds it from the same rows
    /// (`BuildSideCache`). It saves the host's work only: results, traces and reports are the same either way.
    /// Off, each task indexes its own (to measure the saving, or to rule the cache out).
    public var sharesBuildSides: Bool

    public init(
        mode: ExecutionMode = .pipelined, faults: FaultPlan = .none, recovery: RecoveryPolicy = RecoveryPolicy(),
        flowControl: FlowControl = FlowControl(), injectedBugs: [InjectedBug] = [], parallel: Bool = false,
        runtimeFilterWait: VirtualDuration = defaultRuntimeFilterWait,
        runtimeFilterKeyLimit: Int = RuntimeFilter.maximumKeyCount, sharesBuildSides: Bool = true
    ) {
        self.runtimeFilterWait = runtimeFilterWait
        self.runtimeFilterKeyLimit = min(max(0, runtimeFilterKeyLimit), RuntimeFilter.maximumKeyCount)
        self.mode = mode
        self.faults = faults
        self.recovery = recovery
        self.flowControl = flowControl
        self.injectedBugs = injectedBugs
        self.parallel = parallel
        self.sharesBuildSides = sharesBuildSides
    }
}
