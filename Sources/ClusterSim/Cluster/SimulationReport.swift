import ArrowLite
import PlanKit

/// Measurements of one task attempt of a simulated run.
public struct TaskMetrics: Sendable, Hashable {
    public let stage: Int
    public let task: Int
    public let attempt: Int
    public let worker: String
    public let outcome: AttemptOutcome
    /// A copy launched against a straggler.
    public let speculative: Bool
    public let rowsIn: Int
    public let bytesIn: Int
    public let rowsOut: Int
    public let bytesOut: Int
    /// Virtual time the attempt occupied a core.
    public let busy: VirtualDuration
    /// The most bytes its operators held at once.
    public let peakMemoryBytes: Int
    public let start: VirtualTime
    public let end: VirtualTime

    public init(
        stage: Int, task: Int, attempt: Int, worker: String, outcome: AttemptOutcome, speculative: Bool, rowsIn: Int,
        bytesIn: Int, rowsOut: Int, bytesOut: Int, busy: VirtualDuration, peakMemoryBytes: Int, start: VirtualTime,
        end: VirtualTime
    ) {
        self.stage = stage
        self.task = task
        self.attempt = attempt
        self.worker = worker
        self.outcome = outcome
        self.speculative = speculative
        self.rowsIn = rowsIn
        self.bytesIn = bytesIn
        self.rowsOut = rowsOut
        self.bytesOut = bytesOut
        self.busy = busy
        self.peakMemoryBytes = peakMemoryBytes
        self.start = start
        self.end = end
    }
}

/// One stage of the plan that ran, for reports' stage graphs.
public struct StageSummary: Sendable, Hashable {
    public let id: Int
    public let taskCount: Int
    /// The stages it reads and through which boundary (`shuffle`, `coalesce`, `broadcast`).
    public let inputs: [(stage: Int, boundary: String)]

    public init(id: Int, taskCount: Int, inputs: [(stage: Int, boundary: String)]) {
        self.id = id
        self.taskCount = taskCount
        self.inputs = inputs
    }

    public static func == (a: StageSummary, b: StageSummary) -> Bool {
        a.id == b.id && a.taskCount == b.taskCount && a.inputs.elementsEqual(b.inputs) { $0 == $1 }
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(taskCount)
    }
}

/// What a simulated run produced: the result (or the classified failure), its trace and hash, virtual time,
/// per-attempt metrics, the faults that fired and what recovery did.
public struct SimulationReport: Sendable {
    /// The root stage's result; nil when the run failed.
    public let result: QueryResult?
    public let failure: RunFailure?
    public let trace: Trace
    public let virtualTime: VirtualTime
    /// Bytes that crossed a link between two different workers (Arrow IPC encoded, resends included; the root
    /// stage's result sent to the coordinator is not counted).
    public let bytesShuffled: Int
    /// Every task attempt, by stage, task, attempt.
    public let tasks: [TaskMetrics]
    public let stages: [StageSummary]
    public let mode: ExecutionMode
    public let workerCount: Int
    public let costModel: CostModel
    public let network: NetworkModel
    public let seed: UInt64

    public var traceHash: String { trace.hash }
    public var succeeded: Bool { failure == nil }
    /// `ok` or the failure class.
    public var status: String { failure?.failureClass.rawValue ?? "ok" }
    /// Trace events of faults that fired (`fault.*`).
    public var faultEvents: [TraceEvent] { trace.events.filter { $0.kind.hasPrefix("fault.") } }
    /// Trace events of recovery actions (`recovery.*`): retries, lineage re-runs, speculative copies, resends.
    public var recoveryEvents: [TraceEvent] { trace.events.filter { $0.kind.hasPrefix("recovery.") } }
    /// Trace events of runtime filters (`filter.*`): built, timed out, dropped, and each probe task's rows kept.
    public var runtimeFilterEvents: [TraceEvent] { trace.events.filter { $0.kind.hasPrefix("filter.") } }
    /// Attempts after the first of any task, speculative copies included.
    public var retryCount: Int { tasks.filter { $0.attempt > 0 }.count }

    public init(
        result: QueryResult?, failure: RunFailure?, trace: Trace, virtualTime: VirtualTime, bytesShuffled: Int,
        tasks: [TaskMetrics], stages: [StageSummary], mode: ExecutionMode, workerCount: Int, costModel: CostModel,
        network: NetworkModel, seed: UInt64
    ) {
        self.result = result
        self.failure = failure
        self.trace = trace
        self.virtualTime = virtualTime
        self.bytesShuffled = bytesShuffled
        self.tasks = tasks
        self.stages = stages
        self.mode = mode
        self.workerCount = workerCount
        self.costModel = costModel
        self.network = network
        self.seed = seed
    }
}
